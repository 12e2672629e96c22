import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { ValidationError } from '../../errors'
import { personInput } from '../../services/caseService'
import { formatShortDate, toUtcIso } from '../../utils/dates'
import { flash, keepForm, str } from '../forms'
import { formErrors, remapped, schemaErrors, takeCaseForm } from './formErrors'
import { EQUALITY_ITEMS, parsePersonForm, personFormValues, PERSON_FIELDS } from './personForm'
import { personPage } from './personPage'
import { mayRecord } from '../../services/person/statementRules'
import { AUDIT_READERS, personAuditRoutes } from './personAudit'
import { pagination, showingText } from '../admin/auditForm'
import { accessNeedsCard } from '../access/accessNeeds'

export const CASE_READERS = ['clerk', 'probation', 'provider', 'admin'] as const
export const CLERK = ['clerk'] as const

const DATE_FIELDS = ['dateOfBirth']
/** A search shows at most this many people (the repository's limit); browsing shows this many a page. */
const SEARCH_LIMIT = 50
const PEOPLE_PER_PAGE = 25

export function peopleRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { cases, listing } = services

  route.get(paths.people.search, CASE_READERS, async (req, res) => {
    const q = str(req.query.q).trim()
    const list = q ? await searchPage(req, q) : await browsePage(req)
    render(req, res, 'pages/cases/search', {
      title: q ? `People matching ${q}` : list.page > 1 ? `People (page ${list.page} of ${list.pageCount})` : 'People',
      q,
      searched: Boolean(q),
      results: list.people.map(p => ({ ...p, href: paths.people.show(p.id), born: formatShortDate(p.dateOfBirth) })),
      resultsCaption: list.caption,
      showing: list.showing,
      pagination: list.pagination,
      resultHead: ['Name', 'Date of birth', 'CRN', 'PNC ID'],
      resultsAttributes: { 'data-qa': 'search-results' },
      searchAttributes: { 'data-qa': 'search-term' },
      addHref: req.user!.role === 'clerk' ? paths.people.new : null,
      addAttributes: { 'data-qa': 'add-person' },
    })
  })

  /** The people matching a search (no pages: a longer name narrows it). */
  async function searchPage(req: Request, term: string) {
    const people = await cases.search(req.user!, term)
    return {
      people,
      page: 1,
      pageCount: 1,
      caption: `${people.length} ${people.length === 1 ? 'person' : 'people'} found`,
      showing:
        people.length >= SEARCH_LIMIT ? `Showing the first ${SEARCH_LIMIT}: add more of the name to narrow it.` : null,
      pagination: null,
    }
  }

  /** Everyone the user may see, a page at a time, by surname; a page past the end shows the last. */
  async function browsePage(req: Request) {
    const result = await cases.browse(req.user!, Number(str(req.query.page)) || 1, PEOPLE_PER_PAGE)
    const { page, pageCount } = result
    const first = (page - 1) * PEOPLE_PER_PAGE + 1
    return {
      people: result.people,
      page,
      pageCount,
      caption: 'Everyone you can see, by surname',
      showing: showingText(first, first + result.people.length - 1, result.total, 'people'),
      pagination: pagination(page, pageCount, n =>
        n === 1 ? paths.people.search : `${paths.people.search}?page=${n}`,
      ),
    }
  }

  route.get(paths.people.new, CLERK, (req, res) => {
    const form = takeCaseForm(req, 'person', DATE_FIELDS)
    render(req, res, 'pages/cases/person-form', {
      title: 'Add a person',
      form,
      values: form.values,
      equalityItems: EQUALITY_ITEMS,
      action: paths.people.new,
      cancelHref: paths.people.search,
    })
  })

  route.post(paths.people.new, CLERK, async (req, res) => {
    const { input, values, errors } = parsePersonForm(req.body)
    try {
      if (errors.length) throw new ValidationError(formErrors(PERSON_FIELDS, errors, schemaErrors(personInput, input)))
      const person = await cases.createPerson(req.user!, input)
      flash(req, `${person.name} added.`)
      res.redirect(303, paths.people.show(person.id))
    } catch (err) {
      keepForm(
        req,
        'person',
        remapped(err, e => formErrors(PERSON_FIELDS, errors, e)),
        values,
      )
      res.redirect(303, paths.people.new)
    }
  })

  route.get('/people/:id', CASE_READERS, async (req, res) => {
    const record = await cases.personRecord(req.user!, req.params.id, req.ip)
    const requirementIds = record.requirements.map(r => r.id)
    const [api, courts, providers, officers, breaches, warrants, applications, needs] = await Promise.all([
      listing.apiReviews(record.reviews),
      services.reference.courts(),
      services.reference.organisations('provider'),
      services.users.list({ role: 'probation', includeDisabled: true }),
      services.breaches.forRequirements(requirementIds),
      services.warrants.list(req.user!, { requirementIds, status: 'open' }),
      services.applications.forRequirements(requirementIds),
      services.accessNeeds.ofPerson(req.user!, record.person.id),
    ])
    const reports = new Map(api.map(a => [a.id, a.report]))
    const reportStatuses = new Map(
      record.reviews.map(r => {
        const report = reports.get(r.id)
        // The read model gives London times; the rule compares stored UTC instants.
        const stored = report && {
          status: report.status,
          submittedAt: report.submittedAt && toUtcIso(report.submittedAt),
        }
        return [r.id, listing.reportStatus(r, stored ?? undefined)]
      }),
    )
    const isClerk = req.user!.role === 'clerk'
    render(req, res, 'pages/cases/person', {
      title: record.person.name,
      person: record.person,
      ...personPage({
        record,
        reportStatuses,
        names: {
          courts: new Map(courts.map(c => [c.id, c.name])),
          providers: new Map(providers.map(p => [p.id, p.name])),
          officers: new Map(officers.map(o => [o.id, o.name])),
        },
        isClerk,
        enforcement: {
          breaches,
          warrants,
          canLay: req.user!.role === 'probation',
          applications,
          // Sch 10 paras 14(1), 18(1); Sch 16 para 22(1): the officer applies, not the treatment provider.
          canApply: () => req.user!.role === 'probation',
        },
        mayRecordStatement: r => mayRecord(req.user!, r),
      }),
      accessNeeds: accessNeedsCard(record.person.id, needs, services.accessNeeds.mayEdit(req.user!)),
      accessNeedsAttributes: { 'data-qa': 'access-needs' },
      newOrderHref: isClerk ? paths.people.newOrder(record.person.id) : null,
      // Who has seen this record (DPA 2018 s.62): for those who see every case.
      auditHref: (AUDIT_READERS as readonly string[]).includes(req.user!.role)
        ? paths.people.audit(record.person.id)
        : null,
      // Subject access (DPA 2018 s.45) and legal holds (s.47(2)): administrators only.
      subjectAccessHref: req.user!.role === 'admin' ? paths.retention.subjectAccess(record.person.id) : null,
      retentionHref: req.user!.role === 'admin' ? paths.retention.person(record.person.id) : null,
      newOrderAttributes: { 'data-qa': 'record-order' },
      personAttributes: { 'data-qa': 'person-details' },
      requirementAttributes: { 'data-qa': 'requirement' },
      breachAttributes: { 'data-qa': 'breach' },
      applicationAttributes: { 'data-qa': 'application' },
      warrantAttributes: { 'data-qa': 'warrant' },
      reviewsAttributes: { 'data-qa': 'reviews' },
      reviewHead: ['Review', 'Target date', 'Date or sitting', 'Status', 'Report due', 'Report'],
      backLink: paths.people.search,
    })
  })

  route.get('/people/:id/edit', CLERK, async (req, res) => {
    const person = await cases.person(req.user!, req.params.id, req.ip)
    const form = takeCaseForm(req, `person-${person.id}`, DATE_FIELDS)
    // Equality monitoring answers are shown back only here, to the clerk who records them (issue 22).
    const values = Object.keys(form.values).length
      ? form.values
      : {
          ...personFormValues(person, await services.equality.answersFor(req.user!, person.id)),
          version: person.version,
        }
    render(req, res, 'pages/cases/person-form', {
      title: `Change ${person.name}’s details`,
      form,
      values,
      editing: true,
      equalityItems: EQUALITY_ITEMS,
      action: paths.people.edit(person.id),
      cancelHref: paths.people.show(person.id),
    })
  })

  route.post('/people/:id/edit', CLERK, async (req, res) => {
    const id = req.params.id
    const { input, values, errors } = parsePersonForm(req.body)
    const version = str(req.body.version)
    try {
      if (errors.length) throw new ValidationError(formErrors(PERSON_FIELDS, errors, schemaErrors(personInput, input)))
      await cases.updatePerson(req.user!, id, input, Number(version))
      flash(req, 'Details saved.')
      res.redirect(303, paths.people.show(id))
    } catch (err) {
      // On a conflict the typed answers stay with the version they were based on: reloading the page shows the
      // latest saved details, so nobody overwrites a change they have not seen.
      keepForm(
        req,
        `person-${id}`,
        remapped(err, e => formErrors(PERSON_FIELDS, errors, e)),
        { ...values, version },
      )
      res.redirect(303, paths.people.edit(id))
    }
  })

  personAuditRoutes(route, services, render)
}
