import request from 'supertest'
import { apiToken, createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeCourt, makeUser } from '../../support/factories'
import { decode } from '../../support/html'
import { queriesDuring } from '../../support/queries'
import { bearer } from '../scheduling/schedulingWorld'
import { FIGURES } from '../../../server/services/insights/insightDefinitions'
import { periodFigures } from '../../../server/services/insights/insightCsv'
import { display } from '../../../server/routes/insights/dashboardModel'
import type { CourtInsights } from '../../../server/services/insights/insightService'
import { dashboardHistory } from './insightHistory'
import { parseCsv } from './csv'

/**
 * Issue 22's dashboard: on a hand-built history (insightHistory.ts) every figure of the API equals the
 * hand count, the court dashboard shows the same numbers, and the CSV (page and API) carries them back.
 */

let ctx: TestContext
let history: Awaited<ReturnType<typeof dashboardHistory>>

beforeAll(async () => {
  ctx = await createTestContext()
  history = await dashboardHistory(ctx)
})
afterAll(async () => {
  await ctx.close()
})

const counts = (o: Record<string, number | null>) => o

/** The hand count, 1 February to A's third hearing (18 April 2028). */
const HAND_COUNT = {
  // Held in court: A1-A3, B1-B2, D1, F's adjourned-to hearing, G1-G2 (G2: the early revocation was granted there),
  // P1. F1 adjourned; C1 not attended (warrant).
  // Vacated: D's two after its revocation, B's after completion, G's after early revocation. P2 on paper.
  reviews: counts({ held: 10, adjourned: 1, vacated: 4, didNotAttend: 1, warrants: 1, paper: 1 }),
  // With an earlier held hearing: A2 (m3 after m1+m2: none in common), B2 (m1 after m1: full), A3 (m1+m2
  // after m3: none; the bench returned to A1's, but continuity is with the previous hearing), G2 (no outcome, as
  // the requirement ended there: the sitting's rota m1+m2 after m2: partial). F's first hearing after its
  // adjournment has no earlier held hearing.
  continuity: counts({ eligible: 4, partial: 2, full: 1 }),
  // Hearing reviews not vacated: Feb A1 B1 C1 D1 F1 (adjourned) F1' G1 P1; Mar A2 B2 C2 F2 G2; Apr A3 C3
  // (F3 falls after 18 April). A1 on time (7 days = 168 hours before its 10:00 place); B1 late, 1 hour 20
  // minutes before its 10:20 place. Median (168 + 1.33) / 2 = 84.7.
  reports: { due: 15, onTime: 1, late: 1, missing: 13, medianHoursBefore: 84.7 },
  // A, C, F, P running; B completed; G completed early; D revoked.
  requirements: counts({ active: 4, completed: 1, completedEarly: 1, revoked: 1, inBreachProceedings: 0 }),
  // The ten held hearings and C1.
  attendance: counts({ hearings: 11, attended: 10 }),
  // A B D P: 5 Jan to 8 Feb = 34; C: 4 Jan = 35; G: 3 Jan = 36; F: 5 Jan to 15 Feb = 41. Median 34; p90 the 7th of 7.
  daysOrderToFirstReview: counts({ median: 34, p90: 41 }),
}

const MONTHS = [
  {
    month: '2028-02',
    reviews: { held: 6, adjourned: 1, vacated: 0, didNotAttend: 1, warrants: 1, paper: 0 },
    continuity: { eligible: 0, partial: 0, full: 0 },
    reports: { due: 8, onTime: 1, late: 1, missing: 6, medianHoursBefore: 84.7 },
    // Reviewed in February: all seven; by their status today.
    requirements: { active: 4, completed: 1, completedEarly: 1, revoked: 1, inBreachProceedings: 0 },
    attendance: { hearings: 7, attended: 6 },
    daysOrderToFirstReview: { median: 34, p90: 41 },
    testing: { tests: 1, negative: 1 },
  },
  {
    month: '2028-03',
    // A2, B2, G2 held; D2 vacated; P2 on paper.
    reviews: { held: 3, adjourned: 0, vacated: 1, didNotAttend: 0, warrants: 0, paper: 1 },
    continuity: { eligible: 3, partial: 2, full: 1 },
    reports: { due: 5, onTime: 0, late: 0, missing: 5, medianHoursBefore: null },
    requirements: { active: 4, completed: 1, completedEarly: 1, revoked: 1, inBreachProceedings: 0 },
    attendance: { hearings: 3, attended: 3 },
    daysOrderToFirstReview: { median: null, p90: null },
    testing: { tests: 1, negative: 0 },
  },
  {
    month: '2028-04',
    // A3 held; B3, D3, G3 vacated. Reviewed in April: A, B, C, D, G, P (F's next is later).
    reviews: { held: 1, adjourned: 0, vacated: 3, didNotAttend: 0, warrants: 0, paper: 0 },
    continuity: { eligible: 1, partial: 0, full: 0 },
    reports: { due: 2, onTime: 0, late: 0, missing: 2, medianHoursBefore: null },
    requirements: { active: 3, completed: 1, completedEarly: 1, revoked: 1, inBreachProceedings: 0 },
    attendance: { hearings: 1, attended: 1 },
    daysOrderToFirstReview: { median: null, p90: null },
    testing: { tests: 1, negative: 1 },
  },
]

async function reader(role: 'clerk' | 'sentencer', courtId = history.world.court.id) {
  const user = await makeUser(ctx.services, role, { courtIds: [courtId] })
  return { user, token: await apiToken(ctx.app, user.email), agent: await signIn(ctx.app, user.email) }
}

const period = () => `from=2028-02-01&to=${history.third}`
const apiPath = (courtId = history.world.court.id) => `/api/v1/courts/${courtId}/insights?${period()}`
const pagePath = (courtId = history.world.court.id) => `/insights/courts/${courtId}?${period()}`

/** The figure rows of the dashboard: key → the value shown for the period. */
function figuresOnPage(html: string): Record<string, string> {
  const rows = [...html.matchAll(/data-figure="([^"]+)">[\s\S]*?data-qa="value">([^<]*)<\/td>/g)]
  return Object.fromEntries(rows.map(([, key, text]) => [key, decode(text).trim()]))
}

describe('the court dashboard (issue 22)', () => {
  it('on the hand-built history, every figure of the API equals the hand count, month by month too', async () => {
    expect([history.second, history.third]).toEqual(['2028-03-14', '2028-04-18'])
    const { token } = await reader('clerk')
    const res = await request(ctx.app).get(apiPath()).set(bearer(token))
    expect(res.status).toBe(200)
    const body = res.body as CourtInsights
    expect(body).toMatchObject({ courtId: history.world.court.id, from: '2028-02-01', to: '2028-04-18', ...HAND_COUNT })
    // The reports came from one team: the organisation of the officer who wrote them.
    expect(body.reports.byTeam).toEqual([
      {
        teamId: history.world.probationOrg.id,
        team: history.world.probationOrg.name,
        received: 2,
        medianHoursBefore: 84.7,
      },
    ])
    expect(body.testing).toEqual(MONTHS.map(m => ({ month: m.month, ...m.testing })))
    expect(body.months).toEqual(MONTHS)
    // Every count month by month adds up to the period's (a review has one hearing date).
    for (const key of ['held', 'adjourned', 'vacated', 'didNotAttend', 'warrants', 'paper'] as const)
      expect(body.months.reduce((n, m) => n + m.reviews[key], 0)).toBe(body.reviews[key])
    expect(body.months.reduce((n, m) => n + m.continuity.eligible, 0)).toBe(body.continuity.eligible)
    expect(body.months.reduce((n, m) => n + m.reports.due, 0)).toBe(body.reports.due)
  })

  it('the dashboard shows the same numbers as the API, each with its one-line definition, and the read is audited', async () => {
    const { user, token, agent } = await reader('sentencer')
    const body = (await request(ctx.app).get(apiPath()).set(bearer(token))).body as CourtInsights
    const before = await ctx.db('audit_event').where({ action: 'view_insights', user_id: user.id }).count({ n: '*' })
    const page = await agent.get(pagePath())
    expect(page.status).toBe(200)
    const shown = figuresOnPage(page.text)
    const total = periodFigures(body)
    expect(shown).toEqual({
      ...Object.fromEntries(FIGURES.map(f => [f.key, display(f, total)])),
      'testing.perMonth': '1',
    })
    // As a bench chair reads them.
    expect(shown).toMatchObject({
      'continuity.partial': '2 of 4 (50%)',
      'continuity.full': '1 of 4 (25%)',
      'reports.onTime': '1 of 15 (7%)',
      'reports.missing': '13 of 15 (87%)',
      'reports.medianHoursBefore': '84.7 hours',
      'reviews.held': '10',
      'reviews.warrants': '1 of 1 (100%)',
      'requirements.completedEarly': '1',
      'daysOrderToFirstReview.p90': '41 days',
      'testing.negative': '2 of 3 (67%)',
    })
    const text = decode(page.text)
    for (const f of FIGURES) expect(text).toContain(f.definition)
    expect(text).toContain('Partial continuity was 50% (2 of 4 hearings), below the 90%')
    expect(text).toContain(history.world.probationOrg.name)
    // Each figure's chart is an image with a title, and its months are in a table.
    expect(page.text).toContain('aria-labelledby="chart-continuity-partial-title chart-continuity-partial-desc"')
    expect(text).toContain('90% mark')
    expect(text).toMatch(
      /<th scope="row" class="govuk-table__header">March 2028<\/th>\s*<td[^>]*>3<\/td><td[^>]*>2 of 3 \(67%\)<\/td>/,
    )
    expect(page.text).toContain('Show the figures as a table')
    const after = await ctx.db('audit_event').where({ action: 'view_insights', user_id: user.id }).count({ n: '*' })
    expect(Number(after[0].n) - Number(before[0].n)).toBe(1)
  })

  it('the CSV from the page and from the API are the same file, and read back they give the API’s figures', async () => {
    const { token, agent } = await reader('clerk')
    const body = (await request(ctx.app).get(apiPath()).set(bearer(token))).body as CourtInsights
    const fromApi = await request(ctx.app).get(`${apiPath()}&format=csv`).set(bearer(token))
    const fromPage = await agent.get(`${pagePath()}&format=csv`)
    for (const res of [fromApi, fromPage]) {
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/csv/)
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="?court-insight-.+-2028-02-01-to-2028-04-18\.csv"?$/,
      )
    }
    expect(fromPage.text).toBe(fromApi.text)
    expect(decode(fromPage.text)).toBe(fromPage.text)

    const [head, ...rows] = parseCsv(fromApi.text)
    expect(head).toEqual(['Court', 'From', 'To', 'Month', 'Figure', 'Name', 'Team', 'Value', 'Out of', 'Definition'])
    const value = (v: string) => (v === '' ? null : Number(v))
    const find = (month: string, key: string, team = '') =>
      rows.find(r => r[3] === month && r[4] === key && r[6] === team)
    const total = periodFigures(body)
    for (const f of FIGURES) {
      expect([f.key, value(find('', f.key)![7])]).toEqual([f.key, f.value(total)])
      expect(find('', f.key)![9]).toBe(f.definition)
      if (f.outOf) expect(value(find('', f.key)![8])).toBe(f.outOf(total))
      for (const m of body.months)
        expect([f.key, m.month, value(find(m.month, f.key)![7])]).toEqual([f.key, m.month, f.value(m)])
    }
    expect(value(find('', 'testing.perMonth')![7])).toBe(1)
    const team = history.world.probationOrg.name
    expect(value(find('', 'reports.byTeam.received', team)![7])).toBe(2)
    expect(value(find('', 'reports.byTeam.medianHoursBefore', team)![7])).toBe(84.7)
    // One row a figure for the period, one a figure a month, the tests a month and the team's two.
    expect(rows).toHaveLength(FIGURES.length * (1 + body.months.length) + 1 + 2)
    expect(rows.every(r => r[0] === history.world.court.name && r[1] === '2028-02-01' && r[2] === '2028-04-18')).toBe(
      true,
    )
  })

  it('the dashboard’s queries do not grow with the reviews: the same for one month as for the whole period', async () => {
    const { agent } = await reader('clerk')
    await agent.get(pagePath()).expect(200) // the session's first save is not the page's
    const month = await queriesDuring(ctx.db, () =>
      // March: as in the whole period, one hearing (G2) has no recorded bench, so the rota is read in both.
      agent.get(`/insights/courts/${history.world.court.id}?from=2028-03-01&to=2028-03-31`).expect(200),
    )
    const whole = await queriesDuring(ctx.db, () => agent.get(pagePath()).expect(200))
    expect(whole.length).toBe(month.length)
    expect(whole.length).toBeLessThanOrEqual(25)
  })

  it('a sentencer or clerk of another court gets 404 on the page, its CSV and the API, each refusal audited', async () => {
    const other = await makeCourt(ctx.services)
    for (const role of ['sentencer', 'clerk'] as const) {
      const { user, token, agent } = await reader(role, other.id)
      const api = await request(ctx.app).get(apiPath()).set(bearer(token))
      const page = await agent.get(pagePath())
      const csv = await agent.get(`${pagePath()}&format=csv`)
      expect([api.status, page.status, csv.status]).toEqual([404, 404, 404])
      expect(page.text).not.toContain(history.world.court.name)
      const refused = await ctx.db('audit_event').where({ action: 'access_refused', user_id: user.id })
      expect(refused.map(r => JSON.parse(r.detail).path).sort()).toEqual(
        [
          `/api/v1/courts/${history.world.court.id}/insights`,
          ...Array(2).fill(`/insights/courts/${history.world.court.id}`),
        ].sort(),
      )
      expect(await ctx.db('audit_event').where({ action: 'view_insights', user_id: user.id })).toHaveLength(0)
    }
  })

  it('a date that is not a date is shown in an error summary naming the field, with what was typed kept', async () => {
    const { agent } = await reader('clerk')
    const page = await agent.get(
      `/insights/courts/${history.world.court.id}?from[day]=30&from[month]=2&from[year]=2028&to[day]=1&to[month]=3&to[year]=2028`,
    )
    expect(page.status).toBe(200)
    const text = decode(page.text)
    expect(text).toContain('There is a problem')
    expect(text).toContain('<a href="#from-day">From date must be a real date</a>')
    expect(text).toContain('name="from[day]" type="text" value="30"')
    // Only the day is marked as wrong.
    expect(text).toContain('govuk-input--error govuk-input--width-2" id="from-day"')
    expect(text).not.toContain('govuk-input--error govuk-input--width-2" id="from-month"')
    expect(text).not.toContain('data-figure=')
    const backwards = decode(
      (await agent.get(`/insights/courts/${history.world.court.id}?from=2028-03-01&to=2028-02-01`)).text,
    )
    expect(backwards).toContain('To date must be the same as or after the from date')
  })

  it('/insights: an admin sees every court with its headline figures and a total; a clerk linked to one court, that court', async () => {
    const admin = await makeUser(ctx.services, 'admin')
    const adminAgent = await signIn(ctx.app, admin.email)
    const page = decode((await adminAgent.get(`/insights?${period()}`).expect(200)).text)
    expect(page).toContain('Courts of the region')
    const row = page.match(new RegExp(`${history.world.court.name}</a></th>([\\s\\S]*?)</tr>`))![1]
    expect([...row.matchAll(/>([^<]+)<\/td>/g)].map(m => m[1])).toEqual(['10', '50% (2 of 4)', '7% (1 of 15)', '4'])
    expect(page).toContain(
      `/insights/courts/${history.world.court.id}?from=2028-02-01&amp;to=2028-04-18`.replace('&amp;', '&'),
    )
    const { agent } = await reader('clerk')
    const mine = decode((await agent.get(`/insights?${period()}`).expect(200)).text)
    expect(mine).toContain(history.world.court.name)
    expect((mine.match(/<th scope="row" class="govuk-table__header"><a /g) ?? []).length).toBe(1)
    const total = mine.match(/data-qa="total">([\s\S]*?)<\/tr>/)![1]
    expect([...total.matchAll(/>([^<]+)<\/td>/g)].map(m => m[1])).toEqual(['10', '50% (2 of 4)', '7% (1 of 15)', '4'])
  })
})
