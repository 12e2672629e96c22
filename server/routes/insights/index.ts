import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { formatDate, todayIn } from '../../utils/dates'
import { toFormState } from '../forms'
import { insightCsv, insightCsvName } from '../../services/insights/insightCsv'
import { percent } from '../../services/insights/insightDefinitions'
import { dashboardSections } from './dashboardModel'
import { PERIOD_FIELDS, parsePeriod, periodQuery } from './periodForm'

const readers = ['clerk', 'sentencer', 'admin'] as const

const rate = (value: number, outOf: number) => {
  const p = percent(value, outOf)
  return p === null ? 'No figure' : `${p}% (${value} of ${outOf})`
}

/**
 * Court insight (issue 22): is the review court working? The courts a user may see with their headline
 * figures (an admin's region view), and a court's dashboard: every figure of GET /courts/{id}/insights with
 * its definition, a chart and a table month by month, and the same figures as CSV (?format=csv).
 */
export function insightRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { insights } = services

  route.get(paths.insights.index, readers, async (req, res) => {
    const user = req.user!
    const form = parsePeriod(req.query, todayIn(services.clock))
    const result = form.period ? await insights.headlines(user, form.period) : null
    render(req, res, 'pages/insights/index', {
      title: 'Court insight',
      form: toFormState(form.errors, form.values, PERIOD_FIELDS),
      values: form.values,
      errorFields: form.errorFields,
      action: paths.insights.index,
      regionView: user.role === 'admin',
      period: result && { from: formatDate(result.from), to: formatDate(result.to) },
      courtRows: result?.rows.map(r => ({
        name: r.court.name,
        href: paths.insights.court(r.court.id) + periodQuery(result),
        held: r.held.toLocaleString('en-GB'),
        continuity: rate(r.partial, r.eligible),
        onTime: rate(r.onTime, r.due),
        active: r.active.toLocaleString('en-GB'),
      })),
      total: result && {
        held: result.total.held.toLocaleString('en-GB'),
        continuity: rate(result.total.partial, result.total.eligible),
        onTime: rate(result.total.onTime, result.total.due),
        active: result.total.active.toLocaleString('en-GB'),
      },
    })
  })

  route.get('/insights/courts/:id', readers, async (req, res) => {
    const user = req.user!
    const court = await insights.court(user, req.params.id)
    const form = parsePeriod(req.query, todayIn(services.clock))
    if (form.period && req.query.format === 'csv') {
      const figures = await insights.figures(user, court, form.period)
      res.type('text/csv; charset=utf-8').attachment(insightCsvName(court.code, figures))
      res.send(insightCsv(court.name, figures))
      return
    }
    // Equality monitoring (issue 22 point 4), when the service is there: counted over the same period, read
    // beside the figures rather than after them (the page waits for the slower of the two, not both).
    const period = form.period ? insights.period(form.period) : null
    const { equality: equalityService } = services
    const [figures, equality] = period
      ? await Promise.all([
          insights.figures(user, court, form.period),
          equalityService ? equalityService.forCourt(user, court.id, period.from, period.to) : null,
        ])
      : [null, null]
    render(req, res, 'pages/insights/court', {
      title: `Court insight: ${court.name}`,
      courtName: court.name,
      form: toFormState(form.errors, form.values, PERIOD_FIELDS),
      values: form.values,
      errorFields: form.errorFields,
      action: paths.insights.court(court.id),
      backLink: paths.insights.index + (figures ? periodQuery(figures) : ''),
      period: figures && { from: formatDate(figures.from), to: formatDate(figures.to) },
      csvHref: figures ? paths.insights.court(court.id) + periodQuery(figures, '&format=csv') : null,
      sections: figures ? dashboardSections(figures) : [],
      equality,
    })
  })
}
