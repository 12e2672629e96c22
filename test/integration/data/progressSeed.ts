import type { Knex } from 'knex'
import type { ReportContent, ReportFields } from '../../../server/data/reportRepository'
import { newId } from '../../../server/utils/ids'

// Rows for the progress area's repository tests, written straight into the tables: each test makes
// the courts, users, people, requirements, sittings and reviews it reads.

export const AT = '2026-03-02T09:00:00.000Z'
const stamps = { created_at: AT, updated_at: AT }

let n = 0
const next = () => `${(n += 1)}`.padStart(4, '0')

/** The row makers, on the database `getDb` gives (each test file makes its own in beforeAll). */
export function progressSeed(getDb: () => Knex) {
  const db = (table: string) => getDb()(table)

  async function court() {
    const id = newId()
    await db('court').insert({ id, name: `Court ${next()}`, code: `C${next()}`, created_at: AT })
    return id
  }

  async function organisation(kind: 'probation' | 'provider') {
    const id = newId()
    await db('organisation').insert({ id, name: `Org ${next()}`, kind, created_at: AT })
    return id
  }

  async function user(name: string, role: string, organisationId: string | null = null) {
    const id = newId()
    await db('app_user').insert({
      id,
      email: `u${next()}@example.test`,
      name,
      role,
      organisation_id: organisationId,
      password_hash: 'x',
      ...stamps,
    })
    return id
  }

  async function person(name = `Person ${next()}`) {
    const id = newId()
    const crn = `X${next()}`.padEnd(7, '0')
    await db('person').insert({ id, name, date_of_birth: '1990-01-31', crn, ...stamps })
    return { id, crn, name }
  }

  /** An order and a requirement for `personId` at `courtId`. */
  async function requirement(
    courtId: string,
    personId: string,
    options: { officerId?: string; providerId?: string; status?: string; endsOn?: string } = {},
  ) {
    const orderId = newId()
    const id = newId()
    await db('sentence_order').insert({
      id: orderId,
      person_id: personId,
      court_id: courtId,
      kind: 'community',
      made_on: '2026-01-05',
      ends_on: options.endsOn ?? '2027-01-04',
      case_reference: `REF-${next()}`,
      ...stamps,
    })
    await db('requirement').insert({
      id,
      order_id: orderId,
      kind: 'DRR',
      months: 12,
      responsible_officer_id: options.officerId ?? null,
      provider_organisation_id: options.providerId ?? null,
      starts_on: '2026-01-05',
      ends_on: options.endsOn ?? '2027-01-04',
      status: options.status ?? 'active',
      ...stamps,
    })
    return { id, orderId }
  }

  async function sitting(courtId: string, date: string, startsAt = `${date}T09:00:00.000Z`) {
    const id = newId()
    await db('sitting').insert({
      id,
      court_id: courtId,
      date,
      start_time: '10:00',
      starts_at: startsAt,
      courtroom: '1',
      capacity: 6,
      slot_minutes: 20,
      ...stamps,
    })
    return id
  }

  async function review(
    requirementId: string,
    sequence: number,
    options: { date?: string; status?: string; mode?: string; sittingId?: string; slotIndex?: number } = {},
  ) {
    const id = newId()
    const date = options.date ?? '2026-04-07'
    await db('review').insert({
      id,
      requirement_id: requirementId,
      sequence,
      target_date: date,
      mode: options.mode ?? 'hearing',
      status: options.status ?? 'scheduled',
      sitting_id: options.sittingId ?? null,
      slot_index: options.slotIndex ?? null,
      review_date: date,
      report_due_at: `${date}T08:00:00.000Z`,
      ...stamps,
    })
    return id
  }

  /** A case listed in a sitting: court, officer, person, requirement and its review in place 0. */
  async function listedCase(date = '2026-04-07') {
    const c = await court()
    const officer = await user('Olive Officer', 'probation')
    const p = await person()
    const q = await requirement(c, p.id, { officerId: officer })
    const s = await sitting(c, date)
    const r = await review(q.id, 1, { date, sittingId: s, slotIndex: 0 })
    return { court: c, officer, person: p, requirement: q, sitting: s, review: r }
  }

  return { court, organisation, user, person, requirement, sitting, review, listedCase }
}

export const CONTENT: ReportContent = {
  attendance: 'Attended all',
  appointmentsOffered: 4,
  appointmentsKept: 3,
  engagement: 'Good',
  treatment: 'Stable',
  testing: 'Negative',
  newOffending: null,
  recommendation: 'continue',
  proposedAmendment: null,
}

export const fields = (over: Partial<ReportFields> = {}): ReportFields => ({
  ...CONTENT,
  dueAt: '2026-04-03T17:00:00.000Z',
  status: 'draft',
  submittedAt: null,
  submittedVersion: 0,
  updatedAt: AT,
  ...over,
})
