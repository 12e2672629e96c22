import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { ApplicationRow } from '../../data/amendmentRepository'
import { paths } from '../../paths'
import { formatDate, todayIn } from '../../utils/dates'
import { APPLICATION_KINDS, APPLICATION_STATUS, ORDER_KINDS } from '../../content/labels'
import { citationFor, EARLY_REVOCATION_CITATION, AMENDMENT_CITATION } from '../../services/enforcement/applicationRules'
import type { OrderKind } from '../../services/enforcement/breachRules'
import { ValidationError } from '../../errors'
import { flash, keepForm, str } from '../forms'
import { takeFormFor } from '../sittings/formErrors'
import { formErrors, remapped, schemaErrors } from '../cases/formErrors'
import { APPLICANT_ROLES, applicationInput } from '../../services/enforcement/applicationService'

// Sentencing Act 2020 Sch 10 paras 14(1), 18(1); Sch 16 para 22(1): the responsible officer, not a provider.
const applicants = APPLICANT_ROLES
const clerk = ['clerk'] as const
const MAKE_FIELDS = ['kind', 'reason', 'proposed'] as const
const DECISION_FIELDS = ['granted', 'comments'] as const

/** What the court decided on an application, in words: "Granted", "Refused". */
export function applicationOutcomeWords(a: Pick<ApplicationRow, 'status'>): string | null {
  return a.status === 'open' ? null : (APPLICATION_STATUS[a.status]?.text ?? a.status)
}

const heardAt = (date: string | null | undefined) =>
  date ? `The review hearing on ${formatDate(date)}` : 'Not listed yet'

/**
 * Applications to the review court outside a review: the responsible probation officer applies to amend
 * the requirement or to revoke it early for good progress (Sentencing Act 2020 Sch 10 paras 14(1) and
 * 18(1); Sch 16 para 22(1): "the offender or an officer of a provider of probation services", so not a
 * treatment provider, who gets a 403); the clerk records the court's decision from the hearing's day.
 */
export function applicationRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { applications } = services
  const makeKey = (id: string) => `application-make-${id}`
  const decisionKey = (id: string) => `application-decision-${id}`

  route.get('/requirements/:id/applications/new', applicants, async (req, res) => {
    const { requirement, order, person } = await applications.requirementToApply(req.user!, req.params.id)
    const form = takeFormFor(req, makeKey(requirement.id), 'kind')
    const kind = order.kind as OrderKind
    render(req, res, 'pages/enforcement/application-make', {
      title: 'Apply to the court',
      form,
      person,
      active: requirement.status === 'active',
      summaryRows: [
        { key: 'Person', value: [person.name, person.crn] },
        { key: 'Order', value: `${ORDER_KINDS[order.kind] ?? order.kind}, ${order.caseReference}` },
        { key: 'Requirement', value: `${requirement.kind}, ${requirement.months} months` },
      ],
      kindItems: [
        {
          value: 'early_revocation',
          text: 'Revoke the requirement early for good progress',
          hint:
            kind === 'suspended'
              ? `The court may cancel the community requirements where the person is making good progress or responding satisfactorily to supervision (${EARLY_REVOCATION_CITATION.suspended}).`
              : `The court may revoke the order where the person is making good progress or responding satisfactorily to supervision or treatment (${EARLY_REVOCATION_CITATION.community}).`,
        },
        {
          value: 'amend',
          text: 'Amend the requirement',
          hint: `For example, its length, review interval, provider or residential setting (${AMENDMENT_CITATION[kind]}).`,
        },
      ],
      values: {
        kind: str(form.values.kind),
        reason: str(form.values.reason),
        proposed: str(form.values.proposed),
      },
      action: paths.applications.make(requirement.id),
      backHref: paths.people.show(person.id),
    })
  })

  route.post('/requirements/:id/applications/new', applicants, async (req, res) => {
    const { requirement, person } = await applications.requirementInScope(req.user!, req.params.id)
    const body = req.body as Record<string, unknown>
    const values = { kind: str(body.kind), reason: str(body.reason), proposed: str(body.proposed) }
    let heardOn: string | null = null
    try {
      const input = { kind: values.kind, reason: values.reason, proposed: values.proposed || null }
      if (!values.kind) {
        const own = [{ field: 'kind', message: 'Select what you are asking the court to do' }]
        throw new ValidationError(formErrors(MAKE_FIELDS, own, schemaErrors(applicationInput, input)))
      }
      const { hearing } = await applications.make(req.user!, requirement.id, input)
      heardOn = hearing?.reviewDate ?? null
    } catch (err) {
      keepForm(
        req,
        makeKey(requirement.id),
        remapped(err, e => formErrors(MAKE_FIELDS, [], e)),
        values,
      )
      return res.redirect(303, paths.applications.make(requirement.id))
    }
    flash(
      req,
      `Application made: it will be heard at the review hearing on ${heardOn ? formatDate(heardOn) : 'the next sitting listed'}. The order stays in force until the court decides.`,
    )
    res.redirect(303, paths.people.show(person.id))
  })

  async function decisionPage(req: Request, id: string) {
    const found = await applications.find(req.user!, id)
    const hearingOn = found.hearing?.reviewDate ?? null
    return { ...found, hearingOn, tooEarly: !hearingOn || hearingOn > todayIn(services.clock) }
  }

  route.get('/applications/:id/decision', clerk, async (req, res) => {
    const { application, requirement, order, person, hearingOn, tooEarly } = await decisionPage(req, req.params.id)
    const form = takeFormFor(req, decisionKey(application.id), 'granted')
    const citation = citationFor(application.kind, order.kind as OrderKind)
    const early = application.kind === 'early_revocation'
    render(req, res, 'pages/enforcement/application-decision', {
      title: 'Record the court’s decision',
      form,
      person,
      summaryRows: [
        { key: 'Person', value: [person.name, person.crn] },
        { key: 'Order', value: `${ORDER_KINDS[order.kind] ?? order.kind}, ${order.caseReference}` },
        { key: 'Requirement', value: `${requirement.kind}, ${requirement.months} months` },
        { key: 'Application', value: `${APPLICATION_KINDS[application.kind] ?? application.kind} (${citation})` },
        { key: 'Made', value: formatDate(application.madeAt.slice(0, 10)) },
        { key: 'Reason', value: application.reason },
        ...(application.proposed ? [{ key: 'Change proposed', value: application.proposed }] : []),
        { key: 'Heard at', value: heardAt(hearingOn) },
      ],
      decided: applicationOutcomeWords(application),
      tooEarly,
      earlyText: hearingOn
        ? `The application is heard on ${formatDate(hearingOn)}: the decision can be recorded from then.`
        : 'The application has no hearing listed yet: the decision can be recorded from the day of the hearing.',
      grantedItems: [
        {
          value: 'yes',
          text: 'Granted',
          hint: early
            ? 'The requirement ends as completed early and its later reviews are vacated.'
            : 'Record the amendment itself afterwards, from the requirement.',
        },
        { value: 'no', text: 'Refused', hint: 'The order goes on as it is.' },
      ],
      values: {
        granted: str(form.values.granted),
        comments: str(form.values.comments),
        version: form.values.version ?? application.version,
      },
      action: paths.applications.decision(application.id),
      backHref: paths.people.show(person.id),
    })
  })

  route.post('/applications/:id/decision', clerk, async (req, res) => {
    const { application, person } = await decisionPage(req, req.params.id)
    const body = req.body as Record<string, unknown>
    const granted = str(body.granted)
    const comments = str(body.comments)
    const version = Number(str(body.version)) || application.version
    let decided: ApplicationRow
    try {
      if (granted !== 'yes' && granted !== 'no')
        throw new ValidationError([{ field: 'granted', message: 'Select whether the application was granted' }])
      decided = await applications.decide(req.user!, application.id, {
        granted: granted === 'yes',
        comments: comments || null,
        version,
      })
    } catch (err) {
      keepForm(
        req,
        decisionKey(application.id),
        remapped(err, e => formErrors(DECISION_FIELDS, [], e)),
        { granted, comments, version },
      )
      return res.redirect(303, paths.applications.decision(application.id))
    }
    const what = APPLICATION_KINDS[decided.kind]?.replace(/^To /, 'to ') ?? decided.kind
    const after =
      decided.status === 'refused'
        ? ' The order goes on as it is.'
        : decided.kind === 'early_revocation'
          ? ' The requirement has ended as completed early and its later reviews are vacated.'
          : ' Now record the amendment itself from the requirement: the decision alone changes nothing.'
    flash(req, `Application ${what} ${decided.status} for ${person.name}.${after}`)
    res.redirect(303, paths.people.show(person.id))
  })
}
