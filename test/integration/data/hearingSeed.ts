import type { Knex } from 'knex'
import type { IssuedPackRow } from '../../../server/data/packRepository'
import { newId } from '../../../server/utils/ids'

// Rows for the hearing repositories' tests (the pack and the bench notes), written straight into the
// tables: each test makes the courts, users, requirements, reviews and sittings it reads.

export const AT = '2026-03-02T09:00:00.000Z'
export const stamps = { created_at: AT, updated_at: AT }

let n = 0
const next = () => `${(n += 1)}`.padStart(4, '0')

/** The row makers, on the database `getDb` gives (each test file makes its own in beforeAll). */
export function hearingSeed(getDb: () => Knex) {
  const db = (table: string) => getDb()(table)

  async function court(kind: 'magistrates' | 'crown' = 'magistrates') {
    const id = newId()
    await db('court').insert({ id, name: `Court ${next()}`, code: `C${next()}`, kind, created_at: AT })
    return id
  }

  async function organisation(kind: 'probation' | 'provider') {
    const id = newId()
    await db('organisation').insert({ id, name: `Org ${next()}`, kind, created_at: AT })
    return id
  }

  async function user(name: string, role = 'sentencer') {
    const id = newId()
    await db('app_user').insert({ id, email: `u${next()}@example.test`, name, role, password_hash: 'x', ...stamps })
    return id
  }

  /** A person with an order and a requirement, at `courtId`. */
  async function requirement(courtId: string, options: { officerId?: string; providerId?: string } = {}) {
    const personId = newId()
    const orderId = newId()
    const id = newId()
    const crn = `X${next()}`.padEnd(7, '0')
    await db('person').insert({ id: personId, name: `Person ${crn}`, date_of_birth: '1990-01-31', crn, ...stamps })
    await db('sentence_order').insert({
      id: orderId,
      person_id: personId,
      court_id: courtId,
      kind: 'suspended',
      made_on: '2026-01-05',
      ends_on: '2027-01-04',
      case_reference: `REF-${crn}`,
      psr_text: null,
      ...stamps,
    })
    await db('requirement').insert({
      id,
      order_id: orderId,
      kind: 'DRR',
      months: 12,
      responsible_officer_id: options.officerId ?? null,
      provider_organisation_id: options.providerId ?? null,
      review_mode: 'paper',
      starts_on: '2026-01-05',
      ends_on: '2027-01-04',
      breach_proceedings: true,
      ...stamps,
    })
    return { id, personId, orderId, crn }
  }

  async function review(requirementId: string, sequence: number) {
    const id = newId()
    await db('review').insert({
      id,
      requirement_id: requirementId,
      sequence,
      target_date: '2026-02-03',
      mode: 'hearing',
      status: 'held',
      review_date: '2026-02-03',
      ...stamps,
    })
    return id
  }

  async function sitting(courtId: string) {
    const id = newId()
    await db('sitting').insert({
      id,
      court_id: courtId,
      date: '2026-04-07',
      start_time: '10:00',
      starts_at: '2026-04-07T09:00:00.000Z',
      courtroom: '1',
      capacity: 6,
      slot_minutes: 20,
      ...stamps,
    })
    return id
  }

  return { court, organisation, user, requirement, review, sitting }
}

export const issued = (sittingId: string, clerk: string, version: number): IssuedPackRow => ({
  id: newId(),
  sittingId,
  version,
  issuedAt: `2026-04-0${version}T09:00:00.000Z`,
  issuedBy: clerk,
  contentHash: `${version}`.repeat(64),
  html: `<p>version ${version}</p>`,
  summary: { cases: [{ reviewId: 'r', name: `Name ${version}`, hash: 'h' }] },
})
