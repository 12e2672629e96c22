import request from 'supertest'
import { apiToken, type TestContext } from '../../support/testApp'
import { errorSummary } from '../../support/html'
import { addCalendarMonths, addDays } from '../../../server/utils/dates'
import { bearer, makeWorld, type ApiReview, type World } from '../scheduling/schedulingWorld'

/**
 * The review court the outcome tests share: weekly Tuesday sittings from 8 February to 30 May 2028,
 * and 4-month DRRs made on 5 January 2028 with monthly reviews, the first heard on 8 February.
 */

// Tuesday 8 February 2028, the evening of the first review hearing.
export const HEARING_DAY = '2028-02-08T16:00:00Z'

/** A weekly Tuesday review court from 8 February to 30 May 2028; returns each sitting's date by id. */
export async function weeklySittings(world: World): Promise<Record<string, string>> {
  const dateOf: Record<string, string> = {}
  for (let date = '2028-02-08'; date <= '2028-05-30'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date)).id] = date
  return dateOf
}

/** A 4-month DRR made on 5 January 2028, reviewed monthly: its first review is heard on 8 February. */
export async function aCase(world: World, dateOf: Record<string, string>) {
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 4, interval: 1 })
  const [r1] = order.reviews
  expect(dateOf[r1.sittingId!]).toBe('2028-02-08')
  return { order, r1 }
}

/**
 * A weekly Tuesday review court from 8 February to 30 May 2028, and a 4-month DRR made on
 * 5 January 2028 with monthly reviews: the first is heard on 8 February.
 */
export async function aCourtWithACase(world: World) {
  const dateOf = await weeklySittings(world)
  return { dateOf, ...(await aCase(world, dateOf)) }
}

export interface ApiRequirement {
  status: string
  breachProceedings: boolean
  reviewMode: string
  reviews: ApiReview[]
}
/** The first requirement of a person's first order, as GET /people/{id} gives it. */
export const requirementOf = (person: { orders: { requirements: ApiRequirement[] }[] }) =>
  person.orders[0].requirements[0]

/** Values of the radios or checkboxes called `name` that are checked on the page. */
export const checked = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`name="${name}" type="(?:radio|checkbox)" value="([^"]*)" checked`, 'g'))].map(m => m[1])
export const offered = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`name="${name}" type="(?:radio|checkbox)" value="([^"]*)"`, 'g'))].map(m => m[1])
export const summaryFields = (html: string) => errorSummary(html).map(e => e.split(':')[0])

export const WORDS = 'The bench’s words, kept as typed'

/** The API body as the form would send it. */
export function formOf(body: Record<string, unknown>): Record<string, unknown> {
  const { attended, consentToAmendment, ...rest } = body
  return {
    ...rest,
    attended: attended === true ? 'yes' : attended === false ? 'no' : undefined,
    ...(consentToAmendment === true ? { consentToAmendment: 'yes' } : {}),
  }
}

export const OUTCOME_KEYS = [
  'id',
  'reviewId',
  'attended',
  'progress',
  'decision',
  'benchComments',
  'amendment',
  'consentToAmendment',
  'benchUserIds',
  'recordedAt',
  'version',
].sort()

export const outcome = (overrides: Record<string, unknown> = {}) => ({
  attended: true,
  progress: 'good',
  decision: 'continue_hearing',
  benchComments: 'Well done, Alex.\n\n  Keep going with the group work.  ',
  ...overrides,
})

/** The helpers of a test file, bound to its context (made in its beforeAll, hence read when called). */
export function outcomeHelpers(getCtx: () => TestContext) {
  /** A bearer API for a user, with a token issued now (tokens last 12 hours, and the tests move the clock). */
  async function apiAs(email: string) {
    const ctx = getCtx()
    const token = await apiToken(ctx.app, email)
    return {
      get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
      post: (path: string, body: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(body),
      put: (path: string, body: object) => request(ctx.app).put(`/api/v1${path}`).set(bearer(token)).send(body),
    }
  }

  async function aWorldWithACase() {
    const world = await makeWorld(getCtx())
    const dateOf = await weeklySittings(world)
    return { world, dateOf, ...(await aCase(world, dateOf)) }
  }

  const outcomeRows = (reviewId: string) => getCtx().db('outcome').where({ review_id: reviewId })
  const reviewRow = async (id: string) => (await getCtx().repos.reviews.find(id))!

  /** Hearing 1 on 8 February continues on paper: returns the paper review that follows, with its date. */
  async function toPaper(world: World, r1: ApiReview) {
    const res = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
      attended: true,
      progress: 'satisfactory',
      decision: 'continue_paper',
    })
    expect(res.status).toBe(201)
    const paper = res.body.nextReview as ApiReview
    expect(paper).toEqual(expect.objectContaining({ mode: 'paper', sittingId: null, status: 'scheduled' }))
    const paperDate = (await reviewRow(paper.id)).reviewDate
    expect(paperDate >= addCalendarMonths('2028-02-08', 1)).toBe(true)
    return { paper, paperDate }
  }

  return { apiAs, aWorldWithACase, outcomeRows, reviewRow, toPaper }
}
