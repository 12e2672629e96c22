import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { SittingRow } from '../../data/sittingRepository'
import { paths } from '../../paths'
import { addCalendarMonths, formatDate, formatTime, maxDate, minDate, todayIn } from '../../utils/dates'
import { flash, keepForm, str } from '../forms'
import { sittingOption } from '../sittings/calendarModel'
import { takeFormFor } from '../sittings/formErrors'

const clerk = ['clerk'] as const

/** A sitting in a select: when, places free, and whether one of the bench that sat before sits again. */
export function sittingChoice(s: SittingRow, bench: readonly string[]) {
  const same = s.benchUserIds.some(id => bench.includes(id))
  return {
    value: s.id,
    text: `${sittingOption(s)}${same ? ' — same bench' : ''}`,
    disabled: s.booked >= s.capacity,
  }
}

/** The sittings a hearing after non-attendance or an arrest may go to: the clerk's choice, no month floor. */
export async function hearingSittings(
  services: Services,
  courtId: string,
  from: string,
  endsOn: string,
  exclude: string | null,
  bench: readonly string[],
) {
  const to = minDate(endsOn, addCalendarMonths(from, 3))
  const open = from <= to ? await services.sittings.forCourt(courtId, from, to) : []
  return [
    { value: '', text: 'Choose a sitting', disabled: false },
    ...open.filter(s => s.id !== exclude).map(s => sittingChoice(s, bench)),
  ]
}

/**
 * The person did not attend a review hearing (Sentencing Act 2020 Sch 9 para 21(2)(c)): the clerk
 * records what the court did: adjourned or a summons to a sitting they pick, or a warrant (Sch 10 para 8).
 */
export function nonAttendanceRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const key = (id: string) => `non-attendance-${id}`

  async function context(req: Request, id: string) {
    const c = await services.cases.reviewInScope(req.user!, id)
    const bench = c.sitting?.benchUserIds ?? []
    return { ...c, bench }
  }

  route.get('/reviews/:id/non-attendance', clerk, async (req, res) => {
    const c = await context(req, req.params.id)
    const kept = takeFormFor(req, key(c.review.id), 'action')
    // The sitting is chosen under the choice it belongs to; a refusal of the hearing itself points at the choices.
    const chosen = str(kept.values.action)
    const hrefOf: Record<string, string> = {
      '#sittingId': chosen === 'summons' ? '#summonsSittingId' : '#adjournSittingId',
      '#reviewId': '#action',
    }
    const form = { ...kept, errorList: kept.errorList.map(e => ({ ...e, href: hrefOf[e.href] ?? e.href })) }
    const today = todayIn(services.clock)
    const items = await hearingSittings(
      services,
      c.order.courtId,
      maxDate(today, c.review.reviewDate),
      c.requirement.endsOn,
      c.review.sittingId,
      c.bench,
    )
    const v = form.values
    render(req, res, 'pages/enforcement/non-attendance', {
      title: 'The person did not attend',
      form,
      review: c.review,
      summaryRows: [
        { key: 'Person', value: [c.person.name, c.person.crn] },
        { key: 'Requirement', value: `${c.requirement.kind}, ${c.order.caseReference}` },
        {
          key: 'Hearing',
          value: c.sitting
            ? `Review ${c.review.sequence}: ${formatDate(c.sitting.date)}, ${formatTime(c.review.startsAt ?? c.sitting.startsAt)}, courtroom ${c.sitting.courtroom}`
            : `Review ${c.review.sequence}: not listed`,
        },
      ],
      actionItems: [
        { value: 'adjourn', text: 'Adjourned to another sitting', conditional: 'adjourn-sitting' },
        { value: 'summons', text: 'Summons issued to attend another sitting', conditional: 'summons-sitting' },
        { value: 'warrant', text: 'Warrant issued for their arrest', conditional: 'warrant-bail' },
      ],
      sittingItems: items,
      bailItems: [
        { value: 'true', text: 'Yes, backed for bail' },
        { value: 'false', text: 'No, not backed for bail' },
      ],
      values: {
        action: str(v.action),
        adjournSittingId: str(v.action) === 'adjourn' ? str(v.sittingId) : '',
        summonsSittingId: str(v.action) === 'summons' ? str(v.sittingId) : '',
        bail: str(v.bail),
        comments: str(v.comments),
      },
      sittingError: form.errors.sittingId,
      backHref: c.sitting ? paths.sittings.show(c.sitting.id) : paths.people.show(c.person.id),
      action: paths.reviews.nonAttendance(c.review.id),
    })
  })

  route.post('/reviews/:id/non-attendance', clerk, async (req, res) => {
    const c = await context(req, req.params.id)
    const body = req.body as Record<string, unknown>
    const action = str(body.action)
    const sittingId =
      action === 'adjourn' ? str(body.adjournSittingId) : action === 'summons' ? str(body.summonsSittingId) : ''
    const bail = str(body.bail)
    const comments = str(body.comments)
    const values = { action, sittingId, bail, comments }
    try {
      const { hearing, warrant } = await services.nonAttendance.record(req.user!, c.review.id, {
        action: action || undefined,
        sittingId: sittingId || null,
        bail: bail === 'true' ? true : bail === 'false' ? false : null,
        comments: comments || null,
      })
      const name = c.person.name
      if (warrant) {
        flash(
          req,
          `Warrant recorded for ${name} (${warrant.bail ? 'backed for bail' : 'not backed for bail'}). It stays on the warrants list until executed or withdrawn.`,
        )
      } else {
        const sitting = hearing?.sittingId ? await services.sittings.find(hearing.sittingId) : null
        const when = sitting
          ? `${formatDate(sitting.date)}, ${formatTime(hearing!.startsAt ?? sitting.startsAt)}`
          : 'the next sitting'
        flash(
          req,
          `${action === 'summons' ? 'Summons' : 'Adjournment'} recorded for ${name}: the hearing is listed on ${when}. The officer and the provider are told.`,
        )
      }
    } catch (err) {
      keepForm(req, key(c.review.id), err, values)
      return res.redirect(303, paths.reviews.nonAttendance(c.review.id))
    }
    res.redirect(303, c.sitting ? paths.sittings.show(c.sitting.id) : paths.people.show(c.person.id))
  })
}
