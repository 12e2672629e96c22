import type { Knex } from 'knex'
import { newId } from '../../../server/utils/ids'

const AT = '2026-03-02T09:00:00.000Z'
let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`

/**
 * Rows for the notify repositories' tests, written straight into the tables: each test makes the
 * courts, users, sittings and reviews it reads, with only the columns it cares about set.
 */
export function notifySeed(db: Knex) {
  async function court(name = `Court ${unique()}`): Promise<{ id: string; name: string }> {
    const row = { id: newId(), name, code: `C${unique().toUpperCase().slice(-8)}` }
    await db('court').insert({ ...row, report_due_working_days: 2, timezone: 'Europe/London', created_at: AT })
    return row
  }

  async function organisation(kind: 'probation' | 'provider'): Promise<string> {
    const id = newId()
    await db('organisation').insert({ id, name: `${kind} ${unique()}`, kind, created_at: AT })
    return id
  }

  async function user(
    role: string,
    options: {
      organisationId?: string | null
      courtIds?: string[]
      disabled?: boolean
      digestOptOut?: boolean
      tokenHash?: string
    } = {},
  ): Promise<{ id: string; email: string }> {
    const row = { id: newId(), email: `${role}-${unique()}@example.test` }
    await db('app_user').insert({
      ...row,
      name: `${role} ${unique()}`,
      role,
      organisation_id: options.organisationId ?? null,
      password_hash: 'not-a-hash',
      disabled: options.disabled ?? false,
      digest_opt_out: options.digestOptOut ?? false,
      calendar_token_hash: options.tokenHash ?? null,
      created_at: AT,
      updated_at: AT,
    })
    for (const courtId of options.courtIds ?? []) await db('user_court').insert({ user_id: row.id, court_id: courtId })
    return row
  }

  async function sitting(
    courtId: string,
    startsAt: string,
    options: { status?: string; courtroom?: string; capacity?: number; benchUserIds?: string[] } = {},
  ): Promise<string> {
    const id = newId()
    await db('sitting').insert({
      id,
      court_id: courtId,
      date: startsAt.slice(0, 10),
      start_time: startsAt.slice(11, 16),
      starts_at: startsAt,
      courtroom: options.courtroom ?? '3',
      capacity: options.capacity ?? 8,
      slot_minutes: 20,
      status: options.status ?? 'open',
      created_at: AT,
      updated_at: AT,
    })
    for (const userId of options.benchUserIds ?? [])
      await db('sitting_bench').insert({ sitting_id: id, user_id: userId })
    return id
  }

  /** A person, their order at `courtId` and one DRR on it. */
  async function requirement(
    courtId: string,
    options: { officerId?: string | null; providerOrganisationId?: string | null; status?: string } = {},
  ): Promise<{ id: string; orderId: string; personId: string }> {
    const personId = newId()
    await db('person').insert({
      id: personId,
      name: 'Pat Example',
      date_of_birth: '1990-05-17',
      crn: `X${unique().slice(-6)}`,
      created_at: AT,
      updated_at: AT,
    })
    const orderId = newId()
    await db('sentence_order').insert({
      id: orderId,
      person_id: personId,
      court_id: courtId,
      kind: 'community',
      made_on: '2026-01-05',
      ends_on: '2027-01-04',
      case_reference: `CASE-${unique()}`,
      created_at: AT,
      updated_at: AT,
    })
    const id = newId()
    await db('requirement').insert({
      id,
      order_id: orderId,
      kind: 'DRR',
      months: 12,
      responsible_officer_id: options.officerId ?? null,
      provider_organisation_id: options.providerOrganisationId ?? null,
      starts_on: '2026-01-05',
      ends_on: '2027-01-04',
      status: options.status ?? 'active',
      created_at: AT,
      updated_at: AT,
    })
    return { id, orderId, personId }
  }

  let slot = 0
  async function review(
    requirementId: string,
    options: {
      status?: string
      sittingId?: string | null
      lastSittingId?: string | null
      startsAt?: string | null
      reportDueAt?: string | null
      calendarStartsAt?: string | null
      calendarSequence?: number
      reviewDate?: string
    } = {},
  ): Promise<string> {
    const id = newId()
    const sittingId = options.sittingId ?? null
    await db('review').insert({
      id,
      requirement_id: requirementId,
      sequence: 1,
      target_date: options.reviewDate ?? '2026-04-07',
      mode: 'hearing',
      status: options.status ?? 'scheduled',
      sitting_id: sittingId,
      slot_index: sittingId && (options.status ?? 'scheduled') === 'scheduled' ? (slot += 1) : null,
      starts_at: options.startsAt ?? null,
      review_date: options.reviewDate ?? '2026-04-07',
      report_due_at: options.reportDueAt ?? null,
      last_sitting_id: options.lastSittingId ?? null,
      calendar_starts_at: options.calendarStartsAt ?? null,
      calendar_sequence: options.calendarSequence ?? 0,
      created_at: AT,
      updated_at: AT,
    })
    return id
  }

  async function report(reviewId: string, authorId: string, status: 'draft' | 'submitted'): Promise<void> {
    await db('progress_report').insert({
      id: newId(),
      review_id: reviewId,
      author_id: authorId,
      status,
      created_at: AT,
      updated_at: AT,
    })
  }

  return { court, organisation, user, sitting, requirement, review, report }
}
