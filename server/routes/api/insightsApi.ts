import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { insightApiQuery } from '../../services/insights/insightService'
import { insightCsv, insightCsvName } from '../../services/insights/insightCsv'

/** API.md, "Insight": is the review court working? A court's figures over a period (issue 22). */
export function insightsApi(api: DeclareApi, services: Services) {
  const { insights } = services
  api(
    {
      method: 'get',
      path: '/courts/:id/insights',
      access: ['clerk', 'sentencer', 'admin'],
      summary:
        'A court’s figures over reviews whose hearing date is between from and to (default the last 12 months): reviews held, adjourned, vacated, did not attend (with warrants issued) and paper; continuity of bench on who sat; report timeliness, with the median hours before the hearing that reports arrive, overall and per officer team; requirements; attendance; days from order to first review (median, p90); drug tests a month; and each figure month by month (months). format=csv gives the same figures as CSV, one row per figure (and per month), each with its definition. Clerks and sentencers of the court; admins for any court',
      query: insightApiQuery,
    },
    async (req, res) => {
      const user = req.user!
      // The service reads the query (format too: anything but json or csv is a 400 naming it).
      if (req.query.format === 'csv') {
        const court = await insights.court(user, req.params.id)
        const figures = await insights.figures(user, court, req.query)
        res.type('text/csv; charset=utf-8').attachment(insightCsvName(court.code, figures))
        res.send(insightCsv(court.name, figures))
        return
      }
      res.json(await insights.forCourt(user, req.params.id, req.query))
    },
  )
}
