import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { ROLE_NAMES } from '../../roles'
import { auditActionText } from '../../content/auditActions'
import { todayIn } from '../../utils/dates'
import { toFormState } from '../forms'
import { DATE_FIELDS, filterQuery, pagination, parseAuditFilter, showingText, withQuery } from './auditForm'

const admin = ['admin'] as const

/**
 * The audit log for administrators (DPA 2018 s.62; ASVS 5.0 16.4.2: only admins read it): every
 * event, filtered by person, user, action and dates, 50 a page, names not ids; and the same as CSV.
 */
export function auditRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { auditLog } = services

  route.get(paths.admin.audit, admin, async (req, res) => {
    const user = req.user!
    const form = parseAuditFilter(req.query)
    const [users, actions] = await Promise.all([auditLog.users(user), auditLog.actions(user)])
    const person = form.query.personId ? await auditLog.person(user, form.query.personId) : null
    const matches =
      !person && form.values.personSearch ? await auditLog.findPeople(user, form.values.personSearch) : null
    const result = form.errors.length ? null : await auditLog.search(user, form.query, form.page)
    const query = filterQuery(form.values)
    const pageHref = (n: number) =>
      withQuery(paths.admin.audit, [query, n > 1 ? `page=${n}` : ''].filter(Boolean).join('&'))
    render(req, res, 'pages/admin/audit', {
      title: 'Audit log',
      form: toFormState(form.errors, { ...form.values }, DATE_FIELDS),
      values: form.values,
      userItems: [
        { value: '', text: 'Anyone' },
        ...users.map(u => ({ value: u.id, text: `${u.name} (${ROLE_NAMES[u.role]})` })),
      ],
      actionItems: [
        { value: '', text: 'Any action' },
        ...[...new Set([...actions, ...(form.values.action ? [form.values.action] : [])])].map(a => ({
          value: a,
          text: auditActionText(a),
        })),
      ],
      person: person && {
        ...person,
        removeHref: withQuery(paths.admin.audit, filterQuery(form.values, { person: '', personSearch: '' })),
        recordHref: paths.people.audit(person.id),
      },
      matches: matches?.map(p => ({
        ...p,
        href: withQuery(paths.admin.audit, filterQuery(form.values, { person: p.id })),
      })),
      result: result && {
        ...result,
        events: result.events.map(e => ({
          ...e,
          personHref: e.personId
            ? withQuery(paths.admin.audit, filterQuery(form.values, { person: e.personId }))
            : null,
          userHref: e.userId ? withQuery(paths.admin.audit, filterQuery(form.values, { user: e.userId })) : null,
        })),
        showing: showingText(result.first, result.last, result.total),
        pagination: pagination(result.page, result.pageCount, pageHref),
      },
      csvHref: withQuery(paths.admin.auditCsv, query),
      clearHref: paths.admin.audit,
      tableAttributes: { 'data-qa': 'audit' },
    })
  })

  route.get(paths.admin.auditCsv, admin, async (req, res) => {
    const form = parseAuditFilter(req.query)
    // A filter that cannot be read is shown on the page, with its errors, not exported.
    if (form.errors.length) return res.redirect(303, withQuery(paths.admin.audit, filterQuery(form.values)))
    const lines = await auditLog.exportCsv(req.user!, form.query)
    res.type('text/csv; charset=utf-8').attachment(`audit-log-${todayIn(services.clock)}.csv`)
    await pipeline(Readable.from(lines), res)
  })
}
