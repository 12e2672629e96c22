import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { insightQuery } from '../../services/insights/insightService'

/** API.md, "Insight": is the review court working? A court's figures over a period (issue 22). */
export function insightsApi(api: DeclareApi, services: Services) {
  const { insights } = services
  api(
    {
      method: 'get',
      path: '/courts/:id/insights',
      access: ['clerk', 'sentencer', 'admin'],
      summary:
        'A court’s figures over reviews whose hearing date is between from and to (default the last 12 months): reviews held, adjourned, vacated, did not attend and paper; continuity of bench on who sat; report timeliness; requirements; attendance; days from order to first review (median, p90); drug tests a month. Clerks and sentencers of the court; admins for any court',
      query: insightQuery,
    },
    async (req, res) => {
      res.json(await insights.forCourt(req.user!, req.params.id, req.query))
    },
  )
}
