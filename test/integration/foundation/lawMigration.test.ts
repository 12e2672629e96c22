import type { Knex } from 'knex'
import { migrations } from '../../../migrations'
import { createTestDb, type TestDb } from '../../support/testDb'
import { addDays } from '../../../server/utils/dates'
import { newId } from '../../../server/utils/ids'

/**
 * 20261206000100_law on a database holding the old breach state: a breach referral used to close
 * the requirement (status `breach`) and vacate its later reviews. Up, the order is live again (Sch 10
 * para 1) and those reviews are planned into the court's open sittings; down, the old status returns.
 */

const LAW = '20261206000100_law'
const AT = '2026-03-03T17:00:00.000Z'
// The words the old breach referral (and the old completion) wrote when it vacated the later reviews.
const OLD_VACATED = 'The requirement has no further reviews'

type Entry = (typeof migrations)[number]
const sourceOf = (list: readonly Entry[]): Knex.MigratorConfig => ({
  tableName: 'knex_migrations',
  migrationSource: {
    getMigrations: async () => [...list],
    getMigrationName: ([name]: Entry) => name,
    getMigration: async ([, migration]: Entry) => migration,
  },
})
const lawAt = migrations.findIndex(([name]) => name === LAW)
const BEFORE_LAW = sourceOf(migrations.slice(0, lawAt))
const ALL = sourceOf(migrations)

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb({ migrate: false })
  db = testDb.db
})

afterAll(async () => {
  await testDb.destroy()
})

const stamp = { created_at: AT, updated_at: AT }

/** The rows the old code left, written straight into the tables as they were before the migration. */
async function oldWorld() {
  const court = { id: newId(), name: 'Old Town Magistrates’ Court', code: 'OLDTOWN', created_at: AT }
  await db('court').insert(court)
  const provider = { id: newId(), name: 'Old Provider', kind: 'provider', created_at: AT }
  const probation = { id: newId(), name: 'Old Probation', kind: 'probation', created_at: AT }
  await db('organisation').insert([provider, probation])
  const user = (role: string, organisationId: string | null = null) => ({
    id: newId(),
    email: `${role}-${newId().slice(0, 8)}@example.test`,
    name: `Old ${role}`,
    role,
    organisation_id: organisationId,
    password_hash: 'not-a-hash',
    ...stamp,
  })
  const clerk = user('clerk')
  const officer = user('probation', probation.id)
  const magistrate = user('sentencer')
  await db('app_user').insert([clerk, officer, magistrate])
  const person = { id: newId(), name: 'Pat Old', date_of_birth: '1985-04-01', crn: 'X900001', pnc: null, ...stamp }
  await db('person').insert(person)
  const order = {
    id: newId(),
    person_id: person.id,
    court_id: court.id,
    kind: 'community',
    made_on: '2026-01-02',
    ends_on: '2026-07-01',
    case_reference: 'OLD-1',
    ...stamp,
  }
  await db('sentence_order').insert(order)
  const requirement = (status: string) => ({
    id: newId(),
    order_id: order.id,
    kind: 'DRR',
    months: 6,
    residential: false,
    provider_organisation_id: provider.id,
    responsible_officer_id: officer.id,
    review_interval_months: 1,
    review_mode: 'hearing',
    willing_to_comply: true,
    starts_on: '2026-01-02',
    ends_on: '2026-07-01',
    status,
    ...stamp,
  })
  const inBreach = requirement('breach')
  const active = requirement('active')
  const completed = requirement('completed')
  await db('requirement').insert([inBreach, active, completed])

  // A Tuesday review court from 3 February to 28 July 2026: 7 April cancelled; 14 April has one place, taken.
  const sittings: Record<string, string> = {}
  for (let date = '2026-02-03'; date <= '2026-07-28'; date = addDays(date, 7)) {
    const id = newId()
    sittings[date] = id
    await db('sitting').insert({
      id,
      court_id: court.id,
      kind: 'review',
      date,
      start_time: '10:00',
      starts_at: `${date}T10:00:00.000Z`,
      courtroom: '1',
      capacity: date === '2026-04-14' ? 1 : 6,
      slot_minutes: 20,
      status: date === '2026-04-07' ? 'cancelled' : 'open',
      ...stamp,
    })
    await db('sitting_bench').insert({ sitting_id: id, user_id: magistrate.id })
  }

  const review = (
    requirementId: string,
    sequence: number,
    date: string,
    status: string,
    slot: number | null = status === 'vacated' ? null : 0,
  ) => ({
    id: newId(),
    requirement_id: requirementId,
    sequence,
    target_date: date,
    mode: 'hearing',
    status,
    sitting_id: slot === null ? null : sittings[date],
    slot_index: slot,
    starts_at: slot === null ? null : `${date}T10:00:00.000Z`,
    review_date: date,
    report_due_at: null,
    last_sitting_id: slot === null ? (sittings[date] ?? null) : null,
    version: 1,
    ...stamp,
  })
  // The requirement in breach: heard on 3 February, absent on 3 March and referred; the rest vacated.
  const r1 = review(inBreach.id, 1, '2026-02-03', 'held')
  const r2 = review(inBreach.id, 2, '2026-03-03', 'did_not_attend')
  const vacated = [
    review(inBreach.id, 3, '2026-04-07', 'vacated'),
    review(inBreach.id, 4, '2026-05-12', 'vacated'),
    review(inBreach.id, 5, '2026-06-09', 'vacated'),
  ]
  // Another person's review holds the one place on 14 April; a completed requirement's vacated review.
  const other = review(active.id, 1, '2026-04-14', 'scheduled', 0)
  const ended = review(completed.id, 2, '2026-04-21', 'vacated')
  await db('review').insert([r1, r2, ...vacated, other, ended])
  for (const v of [...vacated, ended])
    await db('review_event').insert({
      review_id: v.id,
      at: AT,
      user_id: clerk.id,
      action: 'replanned',
      from_sitting_id: v.last_sitting_id,
      to_sitting_id: null,
      from_slot_index: 0,
      from_status: 'scheduled',
      reason: OLD_VACATED,
    })
  const outcome = (reviewId: string, decision: string, attended: boolean) => ({
    id: newId(),
    review_id: reviewId,
    attended,
    progress: attended ? 'satisfactory' : 'poor',
    decision,
    recorded_by: clerk.id,
    recorded_at: AT,
    updated_at: AT,
    version: 1,
  })
  const outcomes = [outcome(r1.id, 'continue_hearing', true), outcome(r2.id, 'breach_referral', false)]
  await db('outcome').insert(outcomes)
  return { court, magistrate, sittings, inBreach, active, completed, vacated, other, ended, outcomes }
}

const requirementRow = (id: string) => db('requirement').where({ id }).first()
const reviewById = (id: string) => db('review').where({ id }).first()

describe('the law migration', () => {
  it('when a database holding a requirement in the old breach state is migrated up, then it is active in breach proceedings and its vacated reviews are planned into open sittings; rolled back, the columns and table go and the status is breach again', async () => {
    await db.migrate.latest(BEFORE_LAW)
    expect(lawAt).toBeGreaterThan(0)
    expect(await db.schema.hasColumn('requirement', 'breach_proceedings')).toBe(false)
    const world = await oldWorld()

    const [, applied] = await db.migrate.up(ALL)

    expect(applied).toEqual([LAW])
    // The requirement: active, in breach proceedings (Sch 10 para 1: the order goes on).
    const breach = await requirementRow(world.inBreach.id)
    expect({ status: breach.status, breachProceedings: Boolean(breach.breach_proceedings) }).toEqual({
      status: 'active',
      breachProceedings: true,
    })
    for (const r of [world.active, world.completed])
      expect(Boolean((await requirementRow(r.id)).breach_proceedings)).toBe(false)
    expect((await requirementRow(world.completed.id)).status).toBe('completed')

    // Its vacated reviews, planned again from 3 March a calendar month apart: 3 April is Good Friday and
    // 7 April is cancelled, 14 April is full, so 21 April; then 26 May and 30 June, before the end on 1 July.
    const restored = await Promise.all(world.vacated.map(v => reviewById(v.id)))
    expect(
      restored.map(r => ({
        sequence: Number(r.sequence),
        status: r.status,
        mode: r.mode,
        date: r.review_date,
        sittingId: r.sitting_id,
        version: Number(r.version),
      })),
    ).toEqual([
      {
        sequence: 3,
        status: 'scheduled',
        mode: 'hearing',
        date: '2026-04-21',
        sittingId: world.sittings['2026-04-21'],
        version: 2,
      },
      {
        sequence: 4,
        status: 'scheduled',
        mode: 'hearing',
        date: '2026-05-26',
        sittingId: world.sittings['2026-05-26'],
        version: 2,
      },
      {
        sequence: 5,
        status: 'scheduled',
        mode: 'hearing',
        date: '2026-06-30',
        sittingId: world.sittings['2026-06-30'],
        version: 2,
      },
    ])
    for (const r of restored) {
      expect(Number(r.slot_index)).toBe(0)
      // 10am in London, in summer time.
      expect(r.starts_at).toMatch(new RegExp(`^${r.review_date}T09:00:00`))
      expect(r.report_due_at).not.toBeNull()
    }
    const events = await db('review_event')
      .whereIn(
        'review_id',
        world.vacated.map(v => v.id),
      )
      .where({ action: 'replanned', from_status: 'vacated' })
    expect(events).toHaveLength(3)
    for (const e of events) expect(e.reason).toContain('Sch 10 para 1')
    // Nothing else moved: the other person's place, and the completed requirement's review stays vacated.
    expect((await reviewById(world.other.id)).sitting_id).toBe(world.sittings['2026-04-14'])
    expect((await reviewById(world.ended.id)).status).toBe('vacated')
    // Who sat at the old outcomes: the sitting's rostered bench; every court a magistrates' court.
    const bench = await db('outcome_bench').whereIn(
      'outcome_id',
      world.outcomes.map(o => o.id),
    )
    expect(bench.map(b => b.user_id)).toEqual([world.magistrate.id, world.magistrate.id])
    expect((await db('court').where({ id: world.court.id }).first()).kind).toBe('magistrates')

    await db.migrate.down(ALL)

    expect(await db.schema.hasColumn('requirement', 'breach_proceedings')).toBe(false)
    expect(await db.schema.hasColumn('court', 'kind')).toBe(false)
    expect(await db.schema.hasTable('outcome_bench')).toBe(false)
    expect((await requirementRow(world.inBreach.id)).status).toBe('breach')
    expect((await requirementRow(world.active.id)).status).toBe('active')
    expect((await requirementRow(world.completed.id)).status).toBe('completed')
    // The reviews planned again stay planned: they are real listings now.
    expect((await reviewById(world.vacated[0].id)).status).toBe('scheduled')
    expect(await db('knex_migrations').pluck('name')).not.toContain(LAW)

    // Up again: in breach proceedings once more, and nothing is planned twice.
    await db.migrate.up(ALL)
    expect(Boolean((await requirementRow(world.inBreach.id)).breach_proceedings)).toBe(true)
    expect((await requirementRow(world.inBreach.id)).status).toBe('active')
    expect(
      await db('review_event')
        .whereIn(
          'review_id',
          world.vacated.map(v => v.id),
        )
        .where({ from_status: 'vacated' }),
    ).toHaveLength(3)
  })
})
