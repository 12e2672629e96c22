import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { str } from '../forms'
import { pagination, showingText } from '../admin/auditForm'

/** Who may see who has seen a person's record: those who see every case (DESIGN.md, "Who uses it"). */
export const AUDIT_READERS = ['clerk', 'admin'] as const

/** "Who has seen this record": every view and change of a person's records, newest first (DPA 2018 s.62). */
export function personAuditRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get('/people/:id/audit', AUDIT_READERS, async (req, res) => {
    const wanted = Number.parseInt(str(req.query.page), 10)
    const result = await services.auditLog.forPerson(req.user!, req.params.id, wanted > 0 ? wanted : 1)
    const { person } = result
    const href = (n: number) => (n > 1 ? `${paths.people.audit(person.id)}?page=${n}` : paths.people.audit(person.id))
    render(req, res, 'pages/cases/person-audit', {
      title: `Who has seen ${person.name}’s record`,
      personName: person.name,
      crn: person.crn,
      events: result.events,
      showing: showingText(result.first, result.last, result.total),
      pagination: pagination(result.page, result.pageCount, href),
      backLink: paths.people.show(person.id),
      tableAttributes: { 'data-qa': 'person-audit' },
    })
  })
}
