import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { ReviewRow } from '../../data/reviewRepository'
import { paths } from '../../paths'
import { addCalendarMonths, addDays, formatDate, formatTime, maxDate, minDate, todayIn } from '../../utils/dates'
import { flash, keepForm } from '../forms'
import { describeChanges, planChanges } from '../../services/scheduling/planChanges'
import { parseBookingForm, type BookingChange } from './bookingForm'
import { sittingOption } from './calendarModel'
import { explained, takeFormFor } from './formErrors'
import { offerUndo } from './undo'

const clerk = ['clerk'] as const
const CHANGES: BookingChange[] = ['move', 'adjourn', 'vacate']
const BUTTONS: Record<BookingChange, string> = {
  move: 'Move review',
  adjourn: 'Adjourn review',
  vacate: 'Vacate review',
}

/** Moving, adjourning and vacating a review, each with a reason; and undoing the clerk's last move or vacate. */
export function bookingRoutes(route: RouteDeclarer, services: Services, render: Render) {
  async function reviewContext(req: Request, id: string) {
    const c = await services.cases.reviewInScope(req.user!, id)
    return { ...c, sitting: c.review.status === 'scheduled' ? c.sitting : null }
  }

  /** Where the clerk came from: the sitting the review was listed in, else the needs listing list. */
  const returnTo = (review: ReviewRow) =>
    review.sittingId && review.status === 'scheduled'
      ? paths.sittings.show(review.sittingId)
      : paths.reviews.needsListing

  /**
   * The sittings a review could go to, with their free places. A move offers only the lawful ones (a
   * free place, a calendar month after the review before, not after the end) and says why each other
   * sitting in those weeks is not offered; an adjournment may go to any later sitting (no month floor).
   */
  async function sittingChoices(change: BookingChange, c: Awaited<ReturnType<typeof reviewContext>>) {
    const today = todayIn(services.clock)
    if (change === 'adjourn') {
      const from = maxDate(today, addDays(c.review.reviewDate, 1))
      const to = minDate(c.requirement.endsOn, addCalendarMonths(maxDate(from, c.review.targetDate), 4))
      const open = from <= to ? await services.sittings.forCourt(c.order.courtId, from, to) : []
      return {
        items: [
          { value: '', text: 'The next sitting with a free place', disabled: false },
          ...open
            .filter(s => s.id !== c.sitting?.id)
            .map(s => ({ value: s.id, text: sittingOption(s), disabled: s.booked >= s.capacity })),
        ],
        notOffered: [],
      }
    }
    const from = maxDate(today, addDays(c.review.targetDate, -28))
    const to = minDate(c.requirement.endsOn, addCalendarMonths(maxDate(from, c.review.targetDate), 4))
    const options = await services.booking.moveOptions(c.review.id, from, to)
    return {
      items: [
        { value: '', text: 'Choose a sitting', disabled: false },
        ...options.offered.map(s => ({ value: s.id, text: sittingOption(s), disabled: false })),
      ],
      notOffered: options.notOffered.map(n => ({ text: sittingOption(n.sitting), why: n.why })),
      earliest: formatDate(options.earliest),
    }
  }

  for (const change of CHANGES) {
    const pathOf = paths.reviews[change]

    route.get(`/reviews/:id/${change}`, clerk, async (req, res) => {
      const c = await reviewContext(req, req.params.id)
      const title =
        change === 'move' && c.review.status === 'unlisted'
          ? 'List a review'
          : `${BUTTONS[change].replace(' review', '')} a review`
      const form = takeFormFor(req, `${change}-${c.review.id}`, change === 'vacate' ? 'reason' : 'sittingId')
      const choices = change === 'vacate' ? { items: [], notOffered: [] } : await sittingChoices(change, c)
      const items = choices.items
      render(req, res, 'pages/sittings/booking-change', {
        title,
        change,
        isVacate: change === 'vacate',
        isAdjourn: change === 'adjourn',
        buttonText: c.review.status === 'unlisted' && change === 'move' ? 'List review' : BUTTONS[change],
        form,
        review: c.review,
        summaryRows: [
          { key: 'Person', value: [c.person.name, c.person.crn] },
          { key: 'Requirement', value: `${c.requirement.kind}, ${c.order.caseReference}` },
          { key: 'Review', value: `Review ${c.review.sequence}, due on or after ${formatDate(c.review.targetDate)}` },
          {
            key: 'Listed',
            value: c.sitting
              ? `${formatDate(c.sitting.date)}, ${formatTime(c.review.startsAt ?? c.sitting.startsAt)}, courtroom ${c.sitting.courtroom}`
              : 'Not listed in a sitting',
          },
        ],
        sittingItems: items,
        notOffered: choices.notOffered,
        earliest: 'earliest' in choices ? choices.earliest : null,
        // A sitting chosen before that has filled up since is not offered again.
        sittingId: items.some(i => i.value === form.values.sittingId && !i.disabled) ? form.values.sittingId : '',
        action: pathOf(c.review.id),
        backHref: returnTo(c.review),
      })
    })

    route.post(`/reviews/:id/${change}`, clerk, async (req, res) => {
      const c = await reviewContext(req, req.params.id)
      const { input, values } = parseBookingForm(req.body, change)
      const before = await services.listing.snapshot([c.requirement.id])
      let changed: ReviewRow
      try {
        changed = await services.booking[change](req.user!, c.review.id, input)
      } catch (err) {
        keepForm(req, `${change}-${c.review.id}`, explained(err), values)
        return res.redirect(303, pathOf(c.review.id))
      }
      // Every later review whose date or report deadline moved, old → new (officers and providers are emailed).
      const replanned = describeChanges(
        planChanges(before, await services.listing.snapshot([c.requirement.id]), [c.review.id, changed.id]),
      )
      const name = c.person.name
      const target =
        changed.sittingId && changed.status === 'scheduled' ? await services.sittings.find(changed.sittingId) : null
      const where = target
        ? `${formatDate(target.date)}, ${formatTime(changed.startsAt ?? target.startsAt)}, courtroom ${target.courtroom}`
        : null
      if (change === 'move') {
        flash(req, `Review for ${name} listed on ${where}.`, undefined, replanned)
        offerUndo(req, `the move of ${name}’s review`)
      } else if (change === 'vacate') {
        flash(req, `Review for ${name} vacated.`, undefined, replanned)
        offerUndo(req, `vacating ${name}’s review`)
      } else {
        flash(
          req,
          where
            ? `Review for ${name} adjourned to ${where}.`
            : `Review for ${name} adjourned. No sitting has a free place, so it is on the needs listing list.`,
          undefined,
          replanned,
        )
      }
      res.redirect(303, returnTo(c.review))
    })
  }

  route.post(paths.reviews.undo, clerk, async (req, res) => {
    const review = await services.booking.undoLast(req.user!)
    const sitting =
      review.sittingId && review.status === 'scheduled' ? await services.sittings.find(review.sittingId) : null
    flash(
      req,
      sitting
        ? `Change undone: the review is back in the sitting on ${formatDate(sitting.date)}, ${formatTime(review.startsAt ?? sitting.startsAt)}.`
        : 'Change undone: the review is back on the needs listing list.',
    )
    res.redirect(303, returnTo(review))
  })
}
