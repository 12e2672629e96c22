import fc from 'fast-check'
import { planReviews } from '../../../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, daysBetween, isWorkingDay } from '../../../../server/utils/dates'
import {
  anyInput,
  calendarStopsShort,
  hearingInput,
  inputArb,
  RUNS,
  sittingOf,
  sittingsFrom,
} from './reviewPlannerArbitraries'

// Properties of planReviews over random requirements and courts: how targets chain, where reviews are
// listed, and when a review is unlisted or the plan ends. The rules checked choice by choice, paper plans
// and inputs are in reviewPlannerChoices.property.test.ts; planning from part of the calendar in
// reviewPlannerPartialCalendar.property.test.ts.

describe('planReviews properties', () => {
  it('when any requirement is planned, then the first target is the order date plus the interval and each next is the review before’s date (its target when unlisted) plus the interval, numbered in order', () => {
    fc.assert(
      fc.property(anyInput, input => {
        let previous = input.from
        for (const [index, review] of planReviews(input).entries()) {
          expect(review.sequence).toBe(input.firstSequence + index)
          expect(review.mode).toBe(input.mode)
          expect(review.targetDate).toBe(addCalendarMonths(previous, input.intervalMonths))
          if (review.status === 'unlisted') expect(review.date).toBe(review.targetDate)
          previous = review.date
        }
      }),
      RUNS,
    )
  })

  it('when any requirement is planned, then every review is at least the interval (so at least a calendar month) after the one before, on or after its target, and on or before the end', () => {
    fc.assert(
      fc.property(anyInput, input => {
        let previous = input.from
        for (const review of planReviews(input)) {
          expect(review.date >= addCalendarMonths(previous, input.intervalMonths)).toBe(true)
          expect(review.date >= addCalendarMonths(previous, 1)).toBe(true)
          expect(review.date >= review.targetDate).toBe(true)
          expect(review.date <= input.endsOn).toBe(true)
          previous = review.date
        }
      }),
      RUNS,
    )
  })

  it('when a hearing review is listed, then it is in a known sitting on that sitting’s date with a free place, counting the plan’s own bookings', () => {
    fc.assert(
      fc.property(hearingInput, input => {
        const perSitting = new Map<string, number>()
        for (const review of planReviews(input)) {
          if (review.status === 'unlisted') {
            expect(review).toMatchObject({ sittingId: null, continuity: null })
            continue
          }
          const sitting = sittingOf(input, review)
          expect(review.date).toBe(sitting.date)
          const count = (perSitting.get(sitting.id) ?? 0) + 1
          perSitting.set(sitting.id, count)
          expect(sitting.booked + count).toBeLessThanOrEqual(sitting.capacity)
        }
      }),
      RUNS,
    )
  })

  it('when any requirement is planned, then no review is listed or decided on a weekend or a bank holiday', () => {
    fc.assert(
      fc.property(anyInput, input => {
        for (const review of planReviews(input)) {
          if (review.status === 'scheduled')
            expect([review.date, isWorkingDay(review.date, input.holidays)]).toEqual([review.date, true])
        }
      }),
      RUNS,
    )
  })

  it('when a weekly court never loses its sitting day to bank holidays two weeks running and all its sittings have free places, then every review is listed within 14 days of its target', () => {
    fc.assert(
      fc.property(
        inputArb({
          patterns: ['weekly'],
          mode: 'hearing',
          allFree: true,
          reachesEnd: true,
          noHolidayTwiceRunning: true,
        }),
        input => {
          for (const review of planReviews(input)) {
            expect(review.status).toBe('scheduled')
            expect(daysBetween(review.targetDate, review.date)).toBeLessThanOrEqual(14)
          }
        },
      ),
      RUNS,
    )
  })

  it('when a court sits weekly to past the end with places free, then no review is left unlisted, and the plan ends only when the next review could not be held before the end', () => {
    fc.assert(
      fc.property(inputArb({ patterns: ['weekly'], mode: 'hearing', allFree: true, reachesEnd: true }), input => {
        const reviews = planReviews(input)
        expect(reviews.filter(r => r.status === 'unlisted')).toEqual([])
        const next = addCalendarMonths(reviews.at(-1)?.date ?? input.from, input.intervalMonths)
        expect(next > input.endsOn || sittingsFrom(input, next).length === 0).toBe(true)
      }),
      RUNS,
    )
  })

  it('when a hearing review is unlisted, then the court’s calendar stops before the end, or every working-day sitting from its target to the end is full', () => {
    let unlisted = 0
    fc.assert(
      fc.property(hearingInput, input => {
        const reviews = planReviews(input)
        for (const [index, review] of reviews.entries()) {
          if (review.status !== 'unlisted') continue
          unlisted += 1
          if (calendarStopsShort(input)) continue
          const sittings = sittingsFrom(input, review.targetDate)
          expect(sittings.length).toBeGreaterThan(0)
          for (const s of sittings) {
            const ownBookings = reviews.slice(0, index).filter(r => r.sittingId === s.id).length
            expect(s.booked + ownBookings).toBeGreaterThanOrEqual(s.capacity)
          }
        }
      }),
      RUNS,
    )
    expect(unlisted).toBeGreaterThan(0)
  })

  it('when a hearing plan ends, then the next review could not be held: its target is after the end, or the calendar reaches the end with no working-day sitting from it', () => {
    fc.assert(
      fc.property(hearingInput, input => {
        const reviews = planReviews(input)
        const next = addCalendarMonths(reviews.at(-1)?.date ?? input.from, input.intervalMonths)
        if (next > input.endsOn) return
        expect(calendarStopsShort(input)).toBe(false)
        expect(sittingsFrom(input, next)).toEqual([])
      }),
      RUNS,
    )
  })
})
