import { plan, planReviews } from '../../../../server/services/scheduling/reviewPlanner'
import { addCalendarMonths, addDays, daysBetween, weekdayOf } from '../../../../server/utils/dates'
import { aPlan, aSitting, BANK_HOLIDAYS, datesOf, TUESDAY, weeklySittings } from './reviewPlannerFixtures'

// planReviews: where a plan ends (the end date, a calendar that stops short, full sittings) and a long order.

describe('planReviews in hearing mode: the end of the plan', () => {
  // A monthly DRR made on Friday 6 March 2026, to Friday 12 June 2026, at a Tuesday court:
  // Mon 6 Apr (Easter Monday) → Tue 7 Apr; Thu 7 May → Tue 12 May; then Fri 12 June, the end date itself.
  const input = aPlan({ from: '2026-03-06', endsOn: '2026-06-12' })

  it('when no sitting could take the last review before the end although the calendar reaches the end, then that review is not planned', () => {
    const result = plan({ ...input, sittings: weeklySittings('2026-03-03', '2026-06-30') })

    // The next Tuesday after 12 June is 16 June, after the end.
    expect(result.reviews.map(r => [r.targetDate, r.date, r.status])).toEqual([
      ['2026-04-06', '2026-04-07', 'scheduled'],
      ['2026-05-07', '2026-05-12', 'scheduled'],
    ])
    // The plan ended because the calendar from 12 June to the end had nothing.
    expect(result.dependsOn.at(-1)).toEqual(['2026-06-12', '2026-06-12'])
  })

  it('when the court’s calendar stops before the end, then that review is unlisted on its target instead', () => {
    // The last sitting set up is Tue 9 June: a sitting may yet be added for 12 June.
    const reviews = planReviews({ ...input, sittings: weeklySittings('2026-03-03', '2026-06-09') })

    expect(reviews.map(r => [r.targetDate, r.date, r.status])).toEqual([
      ['2026-04-06', '2026-04-07', 'scheduled'],
      ['2026-05-07', '2026-05-12', 'scheduled'],
      ['2026-06-12', '2026-06-12', 'unlisted'],
    ])
  })

  it('when the calendar stops short of the end, then each review after it is unlisted on its target, each chained from the target before', () => {
    // Tuesdays to 31 March only. 6 Feb → 10 Feb; 10 Mar → 10 Mar; then nothing from 10 Apr.
    const reviews = planReviews(aPlan({ sittings: weeklySittings('2026-01-06', '2026-03-31') }))

    expect(reviews).toEqual([
      expect.objectContaining({ sequence: 1, targetDate: '2026-02-06', date: '2026-02-10', status: 'scheduled' }),
      expect.objectContaining({ sequence: 2, targetDate: '2026-03-10', date: '2026-03-10', status: 'scheduled' }),
      // 10 Mar + 1 month.
      {
        sequence: 3,
        targetDate: '2026-04-10',
        mode: 'hearing',
        sittingId: null,
        date: '2026-04-10',
        status: 'unlisted',
        continuity: null,
        // No free sitting to the end: the choice rested on the whole calendar.
        searchedTo: null,
      },
      // 10 Apr (the unlisted review's target stands in for its date) + 1 month = Sun 10 May, then Wed 10 June;
      // 10 July is after the end (5 July).
      expect.objectContaining({ sequence: 4, targetDate: '2026-05-10', date: '2026-05-10', status: 'unlisted' }),
      expect.objectContaining({ sequence: 5, targetDate: '2026-06-10', date: '2026-06-10', status: 'unlisted' }),
    ])
  })

  it('when the court has no sittings at all (horizon null), then every review is unlisted on its chained target', () => {
    expect(datesOf(aPlan({ sittings: [], horizon: null }))).toEqual([
      ['2026-02-06', '2026-02-06', 'unlisted'],
      ['2026-03-06', '2026-03-06', 'unlisted'],
      ['2026-04-06', '2026-04-06', 'unlisted'],
      ['2026-05-06', '2026-05-06', 'unlisted'],
      ['2026-06-06', '2026-06-06', 'unlisted'],
    ])
  })

  it('when the horizon is not given, then the latest sitting passed decides whether the calendar reaches the end, even one after the end', () => {
    // As above, but the court also sits on Tue 7 July, after the end (5 July): its calendar reaches the
    // end, so review 3 (due 10 April, no sitting to the end) could never be held.
    const sittings = [...weeklySittings('2026-01-06', '2026-03-31'), aSitting('2026-07-07')]

    expect(datesOf(aPlan({ sittings }))).toEqual([
      ['2026-02-06', '2026-02-10', 'scheduled'],
      ['2026-03-10', '2026-03-10', 'scheduled'],
    ])
  })

  it('when the horizon given is the end date, then the calendar reaches the end; one day before, it stops short', () => {
    const sittings = weeklySittings('2026-01-06', '2026-03-31')

    expect(datesOf(aPlan({ sittings, horizon: '2026-07-05' }))).toHaveLength(2)
    expect(datesOf(aPlan({ sittings, horizon: '2026-07-04' })).map(([, , status]) => status)).toEqual([
      'scheduled',
      'scheduled',
      'unlisted',
      'unlisted',
      'unlisted',
    ])
  })

  it('when every sitting from the target to the end is full, then the review is unlisted on its target although the calendar reaches the end', () => {
    // Tuesdays all year, full from March. 6 Feb → 10 Feb; 10 Mar: every Tuesday to the end (30 Apr) is full;
    // 10 Apr: likewise; 10 May is after the end.
    const sittings = weeklySittings('2026-01-06', '2026-12-29').map(s =>
      s.date >= '2026-03-01' ? { ...s, booked: s.capacity } : s,
    )

    expect(datesOf(aPlan({ endsOn: '2026-04-30', sittings }))).toEqual([
      ['2026-02-06', '2026-02-10', 'scheduled'],
      ['2026-03-10', '2026-03-10', 'unlisted'],
      ['2026-04-10', '2026-04-10', 'unlisted'],
    ])
  })

  it('when one sitting before the end still has a place, then the review waits for it, however late', () => {
    // As above, but Tue 21 April has a place: review 2 (due 10 March) takes it; 21 May is after the end.
    const sittings = weeklySittings('2026-01-06', '2026-12-29').map(s =>
      s.date >= '2026-03-01' && s.date !== '2026-04-21' ? { ...s, booked: s.capacity } : s,
    )

    expect(datesOf(aPlan({ endsOn: '2026-04-30', sittings }))).toEqual([
      ['2026-02-06', '2026-02-10', 'scheduled'],
      ['2026-03-10', '2026-04-21', 'scheduled'],
    ])
  })

  it('when the only free sitting is after the end date, then it is not used and nothing is planned after the end date', () => {
    // The calendar reaches the end (10 Feb is after it) but nothing from 6 Feb to 9 Feb: not planned.
    expect(planReviews(aPlan({ endsOn: '2026-02-09', sittings: [aSitting('2026-02-10')] }))).toEqual([])
    // With no calendar to the end, the review waits, unlisted.
    expect(datesOf(aPlan({ endsOn: '2026-02-09', sittings: [aSitting('2026-02-10')], horizon: '2026-02-06' }))).toEqual(
      [['2026-02-06', '2026-02-06', 'unlisted']],
    )
  })
})

// How fast this is (under 2 ms) is measured by `npm run bench`, not here.
describe('planReviews over a long order', () => {
  it('when a 36-month DRR is planned against three years of weekly sittings, then every review is listed on the first working Tuesday on or after its target, each target a month after the review before', () => {
    // Made Monday 5 January 2026, to 4 January 2029; the court sits every Tuesday with 7 places free.
    const sittings = weeklySittings('2026-01-06', '2029-03-27', { capacity: 12, booked: 5 })
    const input = aPlan({ from: '2026-01-05', endsOn: '2029-01-04', sittings, previousBench: ['magistrate-1'] })

    const reviews = planReviews(input)

    // Listing on a Tuesday adds 0-6 days to each month, so fewer reviews than the 36 a fixed cadence would
    // give: the 31st is on Tue 19 Dec 2028, and 19 Jan 2029 is after the end.
    expect(reviews).toHaveLength(31)
    expect(reviews.at(-1)).toMatchObject({ targetDate: '2028-12-14', date: '2028-12-19' })
    let previous = input.from
    for (const review of reviews) {
      expect(review).toMatchObject({
        targetDate: addCalendarMonths(previous, 1),
        status: 'scheduled',
        continuity: true,
      })
      let tuesday = review.targetDate
      while (weekdayOf(tuesday) !== TUESDAY || BANK_HOLIDAYS.has(tuesday)) tuesday = addDays(tuesday, 1)
      expect(review.date).toBe(tuesday)
      previous = review.date
    }
    // Only Tue 28 Dec 2027, a bank holiday, pushes a review more than 6 days past its target.
    expect(reviews.filter(r => daysBetween(r.targetDate, r.date) > 6).map(r => [r.targetDate, r.date])).toEqual([
      ['2027-12-23', '2028-01-04'],
    ])
  })
})
