import request from 'supertest'
import type { TestContext } from '../../support/testApp'
import { apiToken } from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'
import { toCurrentUser } from '../../../server/services/authService'
import type { CurrentUser } from '../../../server/roles'
import type { ApiReview, apiSitting } from '../../../server/services/scheduling/listingService'

// The API's own types: the tests check the keys against API.md separately.
export type { ApiReview }
export type ApiSitting = ReturnType<typeof apiSitting>

export const REVIEW_KEYS = [
  'id',
  'requirementId',
  'sequence',
  'targetDate',
  'mode',
  'status',
  'sittingId',
  'startsAt',
  'reportDueAt',
  'report',
  'version',
].sort()

export const SITTING_KEYS = [
  'id',
  'courtId',
  'date',
  'startTime',
  'startsAt',
  'courtroom',
  'capacity',
  'slotMinutes',
  'benchUserIds',
  'booked',
].sort()

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  errors?: { field: string; message: string }[]
}

/** RFC 9457 problem details, as API.md promises for every error. */
export function expectProblem(res: request.Response, status: number): Problem {
  expect(res.status).toBe(status)
  expect(res.type).toBe('application/problem+json')
  const body = JSON.parse(res.text) as Problem
  expect(body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status }))
  expect(typeof body.detail).toBe('string')
  return body
}

export const fieldsOf = (problem: Problem) => (problem.errors ?? []).map(e => e.field).sort()

let crnCounter = 0

/**
 * One court's world: a clerk, two magistrates, a responsible officer in a probation organisation
 * and a worker in a treatment provider, each with a bearer token where the tests need one.
 */
export async function makeWorld(ctx: TestContext, options: { reportDueWorkingDays?: number } = {}) {
  const { services, app } = ctx
  const court = await makeCourt(services, { reportDueWorkingDays: options.reportDueWorkingDays ?? 2 })
  const probationOrg = await makeOrganisation(services, 'probation')
  const providerOrg = await makeOrganisation(services, 'provider')
  const clerk = await makeUser(services, 'clerk')
  const officer = await makeUser(services, 'probation', { organisationId: probationOrg.id })
  const providerWorker = await makeUser(services, 'provider', { organisationId: providerOrg.id })
  const magistrate1 = await makeUser(services, 'sentencer')
  const magistrate2 = await makeUser(services, 'sentencer')
  const clerkToken = await apiToken(app, clerk.email)
  // Issuing the token emails the clerk (proven in foundation/accountSecurity.test.ts); the tests on
  // this world count the emails its bookings send, so that notice is taken out of the outbox.
  await ctx.db('email_outbox').where({ to_address: clerk.email, template: 'account-security' }).del()

  const clerkApi = {
    get: (path: string) => request(app).get(`/api/v1${path}`).set(bearer(clerkToken)),
    post: (path: string, body: object) => request(app).post(`/api/v1${path}`).set(bearer(clerkToken)).send(body),
  }

  async function addSitting(
    date: string,
    overrides: Partial<{
      startTime: string
      courtroom: string
      capacity: number
      slotMinutes: number
      benchUserIds: string[]
    }> = {},
  ): Promise<ApiSitting> {
    const res = await clerkApi.post(`/courts/${court.id}/sittings`, {
      date,
      startTime: '10:00',
      courtroom: '3',
      capacity: 8,
      slotMinutes: 20,
      benchUserIds: [magistrate1.id],
      ...overrides,
    })
    if (res.status !== 201) throw new Error(`sitting on ${date}: ${res.status} ${res.text}`)
    return res.body
  }

  async function addPerson(name = 'Alex Example'): Promise<{ id: string; crn: string }> {
    crnCounter += 1
    const crn = `X${String(100000 + crnCounter)}`
    const res = await clerkApi.post('/people', { name, dateOfBirth: '1990-05-17', crn, pnc: null })
    if (res.status !== 201) throw new Error(`person: ${res.status} ${res.text}`)
    return res.body
  }

  function orderBody(
    personId: string,
    options: {
      madeOn: string
      months: number
      interval?: number | null
      kind?: 'community' | 'suspended'
      reviewMode?: 'hearing' | 'paper'
      requirementKind?: 'DRR' | 'ATR' | 'MHTR'
    },
  ) {
    return {
      personId,
      courtId: court.id,
      kind: options.kind ?? 'community',
      madeOn: options.madeOn,
      caseReference: `CASE-${personId.slice(0, 8)}`,
      requirements: [
        {
          kind: options.requirementKind ?? 'DRR',
          months: options.months,
          reviewIntervalMonths: options.interval === undefined ? 1 : options.interval,
          reviewMode: options.reviewMode ?? 'hearing',
          residential: false,
          providerOrganisationId: providerOrg.id,
          responsibleOfficerId: officer.id,
        },
      ],
    }
  }

  /** A person on a new order with one requirement; returns the requirement and its planned reviews. */
  async function addOrder(options: Parameters<typeof orderBody>[1]) {
    const person = await addPerson()
    const res = await clerkApi.post('/orders', orderBody(person.id, options))
    if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`)
    const requirement = res.body.requirements[0] as { id: string; reviews: ApiReview[] }
    return { person, orderId: res.body.order.id as string, requirementId: requirement.id, reviews: requirement.reviews }
  }

  async function reviewsOf(requirementId: string): Promise<ApiReview[]> {
    const res = await clerkApi.get(`/requirements/${requirementId}/reviews`)
    if (res.status !== 200) throw new Error(`reviews: ${res.status} ${res.text}`)
    return res.body
  }

  const clerkUser: CurrentUser = toCurrentUser(clerk)

  return {
    court,
    probationOrg,
    providerOrg,
    clerk,
    clerkUser,
    clerkToken,
    officer,
    providerWorker,
    magistrate1,
    magistrate2,
    clerkApi,
    addSitting,
    addPerson,
    orderBody,
    addOrder,
    reviewsOf,
  }
}

export type World = Awaited<ReturnType<typeof makeWorld>>

/** The open reviews of a requirement (the ones still to happen), in sequence order. */
export const open = (reviews: ApiReview[]) => reviews.filter(r => r.status === 'scheduled' || r.status === 'unlisted')

/** What a review looks like at a glance: sequence, target, where and when it is heard. */
export const summary = (r: ApiReview) => ({
  sequence: r.sequence,
  targetDate: r.targetDate,
  status: r.status,
  sittingId: r.sittingId,
  startsAt: r.startsAt,
})
