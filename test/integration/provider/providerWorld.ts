import request from 'supertest'
import type { TestContext } from '../../support/testApp'
import { apiToken } from '../../support/testApp'
import { makeOrganisation, makeUser } from '../../support/factories'
import { bearer, makeWorld } from '../scheduling/schedulingWorld'

/**
 * One court, two provider organisations and two officers: `mine` is referred to provider X and
 * held by officer A; `theirs` to provider Y and held by officer B.
 */
export async function makeProviderWorld(ctx: TestContext) {
  const world = await makeWorld(ctx)
  const otherProviderOrg = await makeOrganisation(ctx.services, 'provider')
  const otherProvider = await makeUser(ctx.services, 'provider', { organisationId: otherProviderOrg.id })
  const otherOfficer = await makeUser(ctx.services, 'probation', { organisationId: world.probationOrg.id })

  const mine = await world.addOrder({ madeOn: '2026-03-02', months: 6 })
  const theirsPerson = await world.addPerson('Tegan Theirs')
  const body = world.orderBody(theirsPerson.id, { madeOn: '2026-03-02', months: 6 })
  body.requirements[0].providerOrganisationId = otherProviderOrg.id
  body.requirements[0].responsibleOfficerId = otherOfficer.id
  const res = await world.clerkApi.post('/orders', body)
  if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`)
  const theirs = {
    person: theirsPerson,
    requirementId: res.body.requirements[0].id as string,
    reviews: res.body.requirements[0].reviews as { id: string }[],
  }

  const tokens = {
    provider: await apiToken(ctx.app, world.providerWorker.email),
    otherProvider: await apiToken(ctx.app, otherProvider.email),
    officer: await apiToken(ctx.app, world.officer.email),
    otherOfficer: await apiToken(ctx.app, otherOfficer.email),
  }
  const as = (token: string) => ({
    get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
    post: (path: string, b: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(b),
    put: (path: string, b: object) => request(ctx.app).put(`/api/v1${path}`).set(bearer(token)).send(b),
  })
  return { ...world, otherProviderOrg, otherProvider, otherOfficer, mine, theirs, tokens, as }
}

export type ProviderWorld = Awaited<ReturnType<typeof makeProviderWorld>>

/** Build a CSV file's text, one array of cells a row. */
export const csv = (rows: string[][]): string =>
  rows.map(r => r.map(c => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n'

export const HEADER = [
  'crn',
  'taken_on',
  'method',
  'opiates',
  'cocaine',
  'cannabis',
  'benzodiazepines',
  'amphetamines',
  'methadone',
  'buprenorphine',
  'alcohol',
  'other',
  'other_substance',
]

/** A data row: CRN, date, method, then results by substance name. */
export function row(
  crn: string,
  takenOn: string,
  method: string,
  results: Record<string, string>,
  other = '',
): string[] {
  return [crn, takenOn, method, ...HEADER.slice(3, 12).map(s => results[s] ?? ''), other]
}
