import { createTestContext, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { addCalendarMonths, addDays } from '../../../server/utils/dates'
import { expectProblem, fieldsOf, makeWorld, open, type ApiReview } from '../scheduling/schedulingWorld'
import { aCase, HEARING_DAY, outcomeHelpers, weeklySittings } from './outcomeWorld'

/**
 * Sentencing Act 2020 Sch 9 paras 21-22 at both doors (the JSON API and the clerk's pages): what the
 * law allows moves a requirement between hearings and paper: require_attendance on a paper review, and
 * the whole path from the statute, end to end.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => {
  ctx.clock.set(HEARING_DAY)
})

const { apiAs, aWorldWithACase, outcomeRows, reviewRow, toPaper } = outcomeHelpers(() => ctx)

describe('require_attendance on a paper review (Sch 9 para 22(7)-(8))', () => {
  it('when the clerk records it with the sitting the court chose, then the hearing is listed there less than a month later and later reviews return to hearings; with progress still satisfactory it is refused', async () => {
    const { world, dateOf, order, r1 } = await aWorldWithACase()
    const { paper, paperDate } = await toPaper(world, r1)
    const chosen = Object.keys(dateOf).find(id => dateOf[id] > paperDate)!
    expect(dateOf[chosen] < addCalendarMonths(paperDate, 1)).toBe(true)
    ctx.clock.set(`${paperDate}T12:00:00Z`)
    const clerk = await apiAs(world.clerk.email)
    const reviewsNow = async () => (await clerk.get(`/requirements/${order.requirementId}/reviews`)).body as ApiReview[]
    const before = await reviewsNow()

    const refused = expectProblem(
      await clerk.post(`/reviews/${paper.id}/outcome`, {
        attended: false,
        progress: 'satisfactory',
        decision: 'require_attendance',
        attendSittingId: chosen,
      }),
      422,
    )
    expect(fieldsOf(refused)).toEqual(['progress'])
    expect(await outcomeRows(paper.id)).toHaveLength(0)
    expect(await reviewsNow()).toEqual(before)

    const res = await clerk.post(`/reviews/${paper.id}/outcome`, {
      attended: false,
      progress: 'poor',
      decision: 'require_attendance',
      benchComments: 'Positive for cocaine twice: come to court.',
      attendSittingId: chosen,
    })

    expect(res.status).toBe(201)
    const hearing = res.body.nextReview as ApiReview
    expect(hearing).toEqual(
      expect.objectContaining({
        mode: 'hearing',
        status: 'scheduled',
        sittingId: chosen,
        sequence: paper.sequence + 1,
      }),
    )
    expect((await reviewRow(paper.id)).status).toBe('held')
    const reviews = await reviewsNow()
    for (const r of open(reviews)) expect(r.mode).toBe('hearing')
    const after = open(reviews).filter(r => r.sequence > hearing.sequence)
    for (const r of after) expect(dateOf[r.sittingId!] >= addCalendarMonths(dateOf[chosen], 1)).toBe(true)
    expect((await ctx.repos.cases.requirement(order.requirementId))?.reviewMode).toBe('hearing')
  })
})

describe('from the statute, end to end', () => {
  const REPORT = {
    attendance: 'Missed two appointments in March.',
    engagement: 'Disengaged from group work.',
    treatment: 'Methadone dose unchanged.',
    testing: 'Positive for cocaine on 1 and 6 March.',
    recommendation: 'breach_action',
    submit: true,
  }

  it('when hearing 1 finds progress satisfactory and directs paper reviews (para 22(6)), and the paper review, decided by a justice on the report, finds it not (para 22(7)), then the person must attend the hearing chosen, whose outcome waits for its day, and reviews are at hearings again (para 22(8))', async () => {
    const world = await makeWorld(ctx)
    const dateOf = await weeklySittings(world)
    const justice = await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] })

    // The order: every order starts with review hearings (para 21(2)(b)-(c)).
    const { order, r1 } = await aCase(world, dateOf)
    expect(order.reviews.every(r => r.mode === 'hearing')).toBe(true)

    // Hearing 1, 8 February: the person attends, progress satisfactory, later reviews on paper.
    const { paper, paperDate } = await toPaper(world, r1)
    expect((await ctx.repos.cases.requirement(order.requirementId))?.reviewMode).toBe('paper')

    // The justice cannot decide before the report is in (para 21(2)(d)-(e)), nor before the review's date.
    ctx.clock.set(`${addDays(paperDate, -2)}T12:00:00Z`)
    let bench = await apiAs(justice.email)
    const attendSittingId = Object.keys(dateOf).find(id => dateOf[id] > paperDate)!
    const decision = {
      satisfactory: false,
      comments: 'Two positive tests and missed appointments.',
      attendSittingId,
    }
    const noReport = expectProblem(await bench.post(`/reviews/${paper.id}/paper-decision`, decision), 422)
    expect(fieldsOf(noReport)).toEqual(['report'])
    const officer = await apiAs(world.officer.email)
    expect((await officer.put(`/reviews/${paper.id}/report`, REPORT)).status).toBe(200)
    const early = expectProblem(await bench.post(`/reviews/${paper.id}/paper-decision`, decision), 422)
    expect(fieldsOf(early)).toEqual(['reviewDate'])
    expect(await outcomeRows(paper.id)).toHaveLength(0)

    // On the review's date: not satisfactory, attend the hearing on the sitting chosen.
    ctx.clock.set(`${paperDate}T12:00:00Z`)
    bench = await apiAs(justice.email)
    const decided = await bench.post(`/reviews/${paper.id}/paper-decision`, decision)
    expect(decided.status).toBe(201)
    expect(decided.body.decision).toBe('require_attendance')
    const hearing = decided.body.nextReview as ApiReview
    expect(hearing).toEqual(
      expect.objectContaining({ mode: 'hearing', status: 'scheduled', sittingId: attendSittingId }),
    )
    // A time and place the court specifies: not held to the one-month interval.
    expect(dateOf[attendSittingId] < addCalendarMonths(paperDate, 1)).toBe(true)
    const decidedOutcome = await ctx.services.outcomes.outcomeFor(paper.id)
    expect(decidedOutcome).toEqual(
      expect.objectContaining({
        decision: 'require_attendance',
        attended: false,
        progress: 'poor',
        benchUserIds: [justice.id],
      }),
    )

    // The hearing is on its court list; its outcome cannot be recorded before its day.
    let clerk = await apiAs(world.clerk.email)
    const sitting = await clerk.get(`/sittings/${attendSittingId}`)
    expect(JSON.stringify(sitting.body)).toContain(hearing.id)
    const atHearing = { attended: true, progress: 'good', decision: 'continue_hearing' }
    const tooSoon = expectProblem(await clerk.post(`/reviews/${hearing.id}/outcome`, atHearing), 422)
    expect(fieldsOf(tooSoon)).toEqual(['reviewDate'])
    expect((await reviewRow(hearing.id)).status).toBe('scheduled')

    // On its day the person attends; the reviews go on at hearings, a calendar month or more apart.
    ctx.clock.set(`${dateOf[attendSittingId]}T16:00:00Z`)
    clerk = await apiAs(world.clerk.email)
    const heard = await clerk.post(`/reviews/${hearing.id}/outcome`, atHearing)
    expect(heard.status).toBe(201)
    expect(heard.body.outcome.benchUserIds).toEqual([world.magistrate1.id])
    const next = heard.body.nextReview as ApiReview
    expect(next).toEqual(expect.objectContaining({ mode: 'hearing', status: 'scheduled' }))
    expect(dateOf[next.sittingId!] >= addCalendarMonths(dateOf[attendSittingId], 1)).toBe(true)
    expect((await ctx.repos.cases.requirement(order.requirementId))?.reviewMode).toBe('hearing')
    const reviews = (await clerk.get(`/requirements/${order.requirementId}/reviews`)).body as ApiReview[]
    expect(reviews.map(r => [r.sequence, r.mode, r.status])).toEqual(
      expect.arrayContaining([
        [1, 'hearing', 'held'],
        [2, 'paper', 'held'],
        [3, 'hearing', 'held'],
      ]),
    )
    for (const r of open(reviews)) expect(r.mode).toBe('hearing')
  })
})
