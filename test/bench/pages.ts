import type { NationalData } from './nationalData'
import type { Row } from './report'

export interface BenchPage {
  key: string
  name: string
  url: string
  headers: Record<string, string>
  budget?: number
  least?: Row['least']
  /** Kept in memory between reads (server/data/caseDataCache.ts): also timed read afresh. */
  kept?: boolean
}

/** The pages the bench measures, one by one and under load, with their budgets. */
export function benchPages(opts: {
  data: NationalData
  busiest: { courtId: string; n: number | string }
  clerkCookie: string
  officerCookie: string
  magistrateCookie: string
  bearer: string
  hasInsightsPage: boolean
  insightsPage: string
}): BenchPage[] {
  const { data, busiest, clerkCookie, officerCookie, magistrateCookie, bearer, hasInsightsPage, insightsPage } = opts
  const insightsName = `court insights, busiest court (${Number(busiest.n).toLocaleString('en-GB')} reviews), a year`
  return [
    {
      key: 'baseline',
      name: 'baseline: a signed-in page with the bare layout',
      url: '/account/password',
      headers: { cookie: clerkCookie },
      least: { of: 'anchor', min: 0.3 },
    },
    {
      key: 'courtList',
      kept: true,
      name: 'court list, 20-case sitting',
      url: `/sittings/${data.fullSittingId}`,
      headers: { cookie: clerkCookie },
      budget: 30,
      least: { of: 'baseline', min: 0.6 },
    },
    {
      key: 'caseload',
      name: `caseload, ${data.officer.cases} cases`,
      url: '/caseload',
      headers: { cookie: officerCookie },
    },
    {
      key: 'person',
      name: 'person, two orders, 3 years',
      url: `/people/${data.personWithHistoryId}`,
      headers: { cookie: clerkCookie },
    },
    {
      key: 'pack',
      kept: true,
      name: 'hearing pack, 20 cases, HTML',
      url: `/sittings/${data.fullSittingId}/pack`,
      headers: { cookie: magistrateCookie },
      budget: 150,
      least: { of: 'baseline', min: 0.25 },
    },
    {
      key: 'needsListing',
      name: 'needs listing, every court',
      url: '/needs-listing',
      headers: { cookie: clerkCookie },
      budget: 50,
    },
    {
      key: 'insightsApi',
      name: `${insightsName}, API`,
      url: `/api/v1/courts/${busiest.courtId}/insights`,
      headers: { authorization: bearer },
      budget: 300,
    },
    ...(hasInsightsPage
      ? [
          {
            key: 'insightsPage',
            name: `${insightsName}, page`,
            url: insightsPage,
            headers: { cookie: clerkCookie },
            budget: 300,
          },
        ]
      : []),
  ]
}
