import request from 'supertest'
import { apiToken, type TestContext } from '../../support/testApp'
import { makeCourt, makeUser } from '../../support/factories'
import { qa } from '../sittings/sittingWorld'
import { bearer, makeWorld, type ApiReview, type ApiSitting, type World } from '../scheduling/schedulingWorld'
import { toCurrentUser } from '../../../server/services/authService'

/**
 * The paper review world shared by the sentencer's tests (pages and API): cases moved to paper
 * reviews at their review hearing of Monday 2 March 2026, each with a paper review due on
 * Thursday 2 April 2026, and the justices who decide them.
 */

// Thursday 2 April 2026, 9am in London: the day the paper review that follows each case's review
// hearing of Monday 2 March is due to be decided.
export const START = '2026-04-02T08:00:00Z'
// Monday 2 March 2026, 3pm in London: the review hearing that moved each case to paper reviews.
export const HEARING_DAY = '2026-03-02T15:00:00Z'

export const FULL_REPORT = {
  attendance: 'Attended 7 of 8 appointments.',
  engagement: 'Engaged well in group work.',
  treatment: 'Stable on methadone.',
  testing: 'All tests negative for opiates.',
  recommendation: 'paper_review',
}

export const BENCH_WORDS = 'Well done, Alex. Keep going with the group work.'

export const QUEUE_KEYS = [
  'reviewId',
  'requirementId',
  'sequence',
  'dueOn',
  'personId',
  'personName',
  'courtId',
  'breachProceedings',
  'report',
].sort()

export const rowsOf = (html: string, table: string) =>
  [...qa(html, table).matchAll(/data-qa="(?:review|sitting)-([0-9a-f-]+)"/g)].map(m => m[1])

/**
 * The helpers of a test file, bound to its context (made in its beforeAll, hence read when called).
 * `benchComments` are the words the clerk records at each case's review hearing of 2 March.
 */
export function paperHelpers(getCtx: () => TestContext, options: { benchComments?: string } = {}) {
  const benchComments = options.benchComments ?? BENCH_WORDS

  /** A court with its own single justice (a sentencer of the court) and a magistrate of another court. */
  async function sentencerWorld() {
    const ctx = getCtx()
    const world = await makeWorld(ctx)
    const justice = await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] })
    const otherCourt = await makeCourt(ctx.services)
    const outsider = await makeUser(ctx.services, 'sentencer', { courtIds: [otherCourt.id] })
    return {
      world,
      justice,
      justiceUser: toCurrentUser(justice),
      otherCourt,
      outsider,
      outsiderUser: toCurrentUser(outsider),
    }
  }

  /** An API client for a user, with a bearer token issued now. */
  async function apiAs(email: string) {
    const ctx = getCtx()
    const token = await apiToken(ctx.app, email)
    return {
      get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
      post: (path: string, body: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(body),
    }
  }

  /** A court with a single justice of its own, signed in to the API. */
  async function decisionWorld() {
    const ctx = getCtx()
    const world = await makeWorld(ctx)
    const justice = await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] })
    return { world, justice, justiceApi: await apiAs(justice.email) }
  }

  /** The review sitting of Monday 2 March 2026 of the world's court, added once. */
  const hearingSittings = new Map<string, ApiSitting>()
  async function hearingSitting(world: World): Promise<ApiSitting> {
    const known = hearingSittings.get(world.court.id)
    if (known) return known
    const sitting = await world.addSitting('2026-03-02')
    hearingSittings.set(world.court.id, sitting)
    return sitting
  }

  /**
   * A person on a DRR made on 2 February 2026 with monthly reviews. At its first review hearing, on
   * Monday 2 March, they attended and progress was satisfactory, so the court directed later reviews
   * without a hearing (Sentencing Act 2020 Sch 9 para 22(6)): the clerk records that on the day.
   * Returns the paper review that follows, due on Thursday 2 April 2026; the clock is put back.
   */
  async function paperCase(world: World, caseOptions: { months?: number } = {}) {
    const ctx = getCtx()
    const sitting = await hearingSitting(world)
    const made = await world.addOrder({ madeOn: '2026-02-02', months: caseOptions.months ?? 6 })
    const hearing = made.reviews[0]
    if (hearing.sittingId !== sitting.id) throw new Error(`first review not listed on 2 March: ${hearing.sittingId}`)
    const now = ctx.clock.now()
    ctx.clock.set(HEARING_DAY)
    const res = await world.clerkApi.post(`/reviews/${hearing.id}/outcome`, {
      attended: true,
      progress: 'satisfactory',
      decision: 'continue_paper',
      benchComments,
    })
    ctx.clock.set(now)
    if (res.status !== 201) throw new Error(`outcome: ${res.status} ${res.text}`)
    const paper = res.body.nextReview as ApiReview
    if (paper.mode !== 'paper' || paper.targetDate !== '2026-04-02')
      throw new Error(`no paper review on 2 April: ${JSON.stringify(paper)}`)
    return { ...made, hearing, paper }
  }

  async function submitReport(world: World, reviewId: string) {
    await getCtx().services.reports.save(toCurrentUser(world.officer), reviewId, FULL_REPORT, { submit: true })
  }

  const attendanceEmails = async (to: string) =>
    (await getCtx().services.mail.outbox.list({ limit: 5000 })).filter(
      m => m.to === to && m.template === 'attendance-required',
    )

  const outcomeOf = (reviewId: string) => getCtx().db('outcome').where({ review_id: reviewId })

  const reviewIn = async (world: World, requirementId: string, reviewId: string) =>
    (await world.reviewsOf(requirementId)).find(r => r.id === reviewId)!

  return {
    sentencerWorld,
    apiAs,
    decisionWorld,
    paperCase,
    submitReport,
    attendanceEmails,
    outcomeOf,
    outcomesOf: outcomeOf,
    reviewIn,
  }
}
