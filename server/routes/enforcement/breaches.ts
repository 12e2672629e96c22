import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { BreachRow } from '../../data/breachRepository'
import { paths } from '../../paths'
import { formatDate, parseDateParts, todayIn } from '../../utils/dates'
import { BREACH_POWERS, ORDER_KINDS } from '../../content/labels'
import { breachInput } from '../../services/enforcement/breachService'
import {
  CLOSING_POWERS,
  MAX_BREACH_FINE,
  POWERS_FOR,
  POWER_CITATION,
  type OrderKind,
} from '../../services/enforcement/breachRules'
import { ValidationError, type FieldError } from '../../errors'
import { dateAnswer, flash, keepForm, str } from '../forms'
import { takeFormFor } from '../sittings/formErrors'
import { formErrors, remapped, schemaErrors } from '../cases/formErrors'

const probation = ['probation'] as const
const clerk = ['clerk'] as const
const LAY_FIELDS = ['failure', 'occurredOn', 'details'] as const
const OUTCOME_FIELDS = ['proved', 'power', 'fineAmount', 'comments'] as const

/** The powers in the order the Act lists them (Sch 10 para 10(5)(a)-(c); Sch 16 para 13(1)(a)-(d), 13(3)). */
const STATUTORY_ORDER = [
  'amend_more_onerous',
  'activate_in_full',
  'activate_lesser_term',
  'fine',
  'amend_sso',
  'revoke_resentence',
  'no_order',
]
const statutoryOrder = (powers: readonly string[]) =>
  [...powers].sort((a, b) => STATUTORY_ORDER.indexOf(a) - STATUTORY_ORDER.indexOf(b))

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const pounds = (n: number) => `£${n.toLocaleString('en-GB')}`

/** What the court decided on a breach, in words: "Proved: a fine of £250", "Not proved: dismissed". */
export function breachOutcomeWords(b: Pick<BreachRow, 'status' | 'proved' | 'power' | 'fineAmount'>): string | null {
  if (b.status !== 'decided') return null
  if (!b.proved) return 'Not proved: the breach was dismissed'
  const power = BREACH_POWERS[b.power ?? ''] ?? b.power ?? ''
  return `Proved: ${power}${b.power === 'fine' && b.fineAmount !== null ? ` of ${pounds(b.fineAmount)}` : ''}`
}

/**
 * Breach at the review court (Sentencing Act 2020 Sch 10 para 1): the officer lays a breach of their own
 * case; the clerk records what the court decided, with only the powers the order's kind allows
 * (Sch 10 para 10(5) for a community order, Sch 16 para 13(1) for a suspended sentence order).
 */
export function breachRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { breaches } = services
  const layKey = (id: string) => `breach-lay-${id}`
  const outcomeKey = (id: string) => `breach-outcome-${id}`

  route.get('/requirements/:id/breaches/new', probation, async (req, res) => {
    const { requirement, order, person } = await breaches.requirementToBreach(req.user!, req.params.id)
    const form = takeFormFor(req, layKey(requirement.id), 'failure', ['occurredOn'])
    render(req, res, 'pages/enforcement/breach-lay', {
      title: 'Lay a breach',
      form,
      person,
      active: requirement.status === 'active',
      summaryRows: [
        { key: 'Person', value: [person.name, person.crn] },
        { key: 'Order', value: `${ORDER_KINDS[order.kind] ?? order.kind}, ${order.caseReference}` },
        { key: 'Requirement', value: `${requirement.kind}, ${requirement.months} months` },
      ],
      values: {
        failure: str(form.values.failure),
        occurredOn: form.values.occurredOn ?? {},
        occurredOnErrorFields: form.values.occurredOnErrorFields ?? [],
        details: str(form.values.details),
      },
      action: paths.breaches.lay(requirement.id),
      backHref: paths.people.show(person.id),
    })
  })

  route.post('/requirements/:id/breaches/new', probation, async (req, res) => {
    const { requirement, person } = await breaches.requirementInScope(req.user!, req.params.id)
    const body = req.body as Record<string, unknown>
    const answer = dateAnswer(body.occurredOn)
    const parsed = parseDateParts(answer, 'The date of the failure')
    const input = { failure: str(body.failure), occurredOn: parsed.date ?? '', details: str(body.details) || null }
    const values: Record<string, unknown> = { failure: input.failure, occurredOn: answer, details: str(body.details) }
    const toForm = (e: FieldError[]) => formErrors(LAY_FIELDS, [], e)
    let heardOn: string | null = null
    try {
      if (parsed.error) {
        values.occurredOnErrorFields = parsed.errorParts
        const own = [{ field: 'occurredOn', message: parsed.error }]
        throw new ValidationError(formErrors(LAY_FIELDS, own, schemaErrors(breachInput, input)))
      }
      const { hearing } = await breaches.lay(req.user!, requirement.id, input)
      heardOn = hearing?.reviewDate ?? null
    } catch (err) {
      keepForm(req, layKey(requirement.id), remapped(err, toForm), values)
      return res.redirect(303, paths.breaches.lay(requirement.id))
    }
    flash(
      req,
      `Breach laid: it will be heard at the review hearing on ${heardOn ? formatDate(heardOn) : 'the next sitting listed'}. The order stays in force and its reviews stay listed.`,
    )
    res.redirect(303, paths.people.show(person.id))
  })

  async function outcomePage(req: Request, id: string) {
    const found = await breaches.find(req.user!, id)
    const kind = found.order.kind as OrderKind
    const today = todayIn(services.clock)
    const hearingOn = found.hearing?.reviewDate ?? null
    return { ...found, kind, hearingOn, tooEarly: !hearingOn || hearingOn > today }
  }

  route.get('/breaches/:id/outcome', clerk, async (req, res) => {
    const { breach, requirement, order, person, kind, hearingOn, tooEarly } = await outcomePage(req, req.params.id)
    const form = takeFormFor(req, outcomeKey(breach.id), 'proved')
    const v = form.values
    render(req, res, 'pages/enforcement/breach-outcome', {
      title: 'Record the breach outcome',
      form,
      person,
      summaryRows: [
        { key: 'Person', value: [person.name, person.crn] },
        { key: 'Order', value: `${ORDER_KINDS[order.kind] ?? order.kind}, ${order.caseReference}` },
        { key: 'Requirement', value: `${requirement.kind}, ${requirement.months} months` },
        { key: 'Failure', value: breach.failure },
        { key: 'Date of the failure', value: formatDate(breach.occurredOn) },
        ...(breach.details ? [{ key: 'Details', value: breach.details }] : []),
        { key: 'Heard at', value: hearingOn ? `The review hearing on ${formatDate(hearingOn)}` : 'Not listed yet' },
      ],
      decided: breachOutcomeWords(breach),
      tooEarly,
      earlyText: hearingOn
        ? `The breach is heard on ${formatDate(hearingOn)}: its outcome can be recorded from then.`
        : 'The breach has no hearing listed yet: its outcome can be recorded from the day of the hearing.',
      citation: POWER_CITATION[kind],
      maxFine: pounds(MAX_BREACH_FINE),
      // The powers are revealed under "Yes, proved" (the radios inside it are a radios group of their own).
      provedItems: [
        { value: 'yes', text: 'Yes, proved', conditional: 'breach-powers' },
        { value: 'no', text: 'No, not proved', hint: 'The breach is dismissed and the order goes on.' },
      ],
      powerItems: statutoryOrder(POWERS_FOR[kind]).map(p => ({
        value: p,
        text: capitalised(BREACH_POWERS[p] ?? p),
        ...(p === 'fine' ? { conditional: 'breach-fine' } : {}),
        ...(CLOSING_POWERS.includes(p) ? { hint: 'This ends the requirement: its later reviews are vacated.' } : {}),
      })),
      values: {
        proved: str(v.proved),
        power: str(v.power),
        fineAmount: str(v.fineAmount),
        comments: str(v.comments),
        version: v.version ?? breach.version,
      },
      action: paths.breaches.outcome(breach.id),
      backHref: paths.people.show(person.id),
    })
  })

  route.post('/breaches/:id/outcome', clerk, async (req, res) => {
    const { breach, person } = await outcomePage(req, req.params.id)
    const body = req.body as Record<string, unknown>
    const proved = str(body.proved)
    const power = proved === 'yes' ? str(body.power) : ''
    const fineText = power === 'fine' ? str(body.fineAmount).replace(/[£,\s]/g, '') : ''
    const comments = str(body.comments)
    const version = Number(str(body.version)) || breach.version
    const values = { proved, power, fineAmount: power === 'fine' ? str(body.fineAmount) : '', comments, version }
    let outcome: BreachRow
    try {
      if (proved !== 'yes' && proved !== 'no')
        throw new ValidationError([{ field: 'proved', message: 'Select whether the breach was proved' }])
      outcome = await breaches.decide(req.user!, breach.id, {
        proved: proved === 'yes',
        power: power || null,
        fineAmount: fineText === '' ? null : Number(fineText),
        comments: comments || null,
        version,
      })
    } catch (err) {
      keepForm(
        req,
        outcomeKey(breach.id),
        remapped(err, e => formErrors(OUTCOME_FIELDS, [], e)),
        values,
      )
      return res.redirect(303, paths.breaches.outcome(breach.id))
    }
    const closes = CLOSING_POWERS.includes(outcome.power ?? '')
    flash(
      req,
      `Breach outcome recorded for ${person.name}: ${breachOutcomeWords(outcome)!.replace(/^P|^N/, c => c.toLowerCase())}.${closes ? ' The requirement has ended and its later reviews are vacated.' : ' The order continues.'}`,
    )
    res.redirect(303, paths.people.show(person.id))
  })
}
