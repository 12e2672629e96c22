import type { Knex } from 'knex'
import { migrations } from '../../../migrations'
import { createTestDb, type TestDb } from '../../support/testDb'
import { newId } from '../../../server/utils/ids'

/**
 * 20261207000400_user_courts on a database from before clerks and sentencers started from their courts:
 * nobody already using the service loses sight of a court. A clerk or sentencer with no court is linked
 * to the courts their own records show them at, or to every court when nothing shows it; links an
 * administrator already made are left as they are, and other roles get none.
 */

const USER_COURTS = '20261207000400_user_courts'
const AT = '2026-12-01T10:00:00.000Z'

type Entry = (typeof migrations)[number]
const sourceOf = (list: readonly Entry[]): Knex.MigratorConfig => ({
  tableName: 'knex_migrations',
  migrationSource: {
    getMigrations: async () => [...list],
    getMigrationName: ([name]: Entry) => name,
    getMigration: async ([, migration]: Entry) => migration,
  },
})
const at = migrations.findIndex(([name]) => name === USER_COURTS)
const BEFORE = sourceOf(migrations.slice(0, at))
const UP_TO = sourceOf(migrations.slice(0, at + 1))

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

async function user(role: string, organisationId: string | null = null) {
  const id = newId()
  await db('app_user').insert({
    id,
    email: `${role}-${id.slice(-8)}@example.test`,
    name: `Old ${role}`,
    role,
    organisation_id: organisationId,
    password_hash: 'not-a-hash',
    ...stamp,
  })
  return id
}

async function court(code: string) {
  const id = newId()
  await db('court').insert({ id, name: `${code} Court`, code, created_at: AT })
  return id
}

async function sitting(courtId: string, benchUserIds: string[]) {
  const id = newId()
  await db('sitting').insert({
    id,
    court_id: courtId,
    date: '2026-11-26',
    start_time: '10:00',
    starts_at: '2026-11-26T10:00:00.000Z',
    courtroom: '1',
    capacity: 6,
    slot_minutes: 15,
    ...stamp,
  })
  if (benchUserIds.length) await db('sitting_bench').insert(benchUserIds.map(u => ({ sitting_id: id, user_id: u })))
  return id
}

const linksOf = async (userId: string) => (await db('user_court').where({ user_id: userId }).pluck('court_id')).sort()

describe('the user courts migration', () => {
  it('when clerks and sentencers have no courts, then each is linked to the courts they worked at, or to every court; other links stay as they were', async () => {
    await db.migrate.latest(BEFORE)
    const [north, south, east] = [await court('NORTH'), await court('SOUTH'), await court('EAST')]
    const org = { id: newId(), name: 'Old Probation', kind: 'probation', created_at: AT }
    await db('organisation').insert(org)
    const sentencerOfNorth = await user('sentencer')
    const clerkWhoIssuedSouth = await user('clerk')
    const newClerk = await user('clerk')
    const linkedClerk = await user('clerk')
    const officer = await user('probation', org.id)
    const admin = await user('admin')
    await sitting(north, [sentencerOfNorth])
    const southSitting = await sitting(south, [])
    await db('hearing_pack').insert({
      id: newId(),
      sitting_id: southSitting,
      version: 1,
      issued_at: AT,
      issued_by: clerkWhoIssuedSouth,
      content_hash: 'a'.repeat(64),
      html: '<p>pack</p>',
    })
    await db('user_court').insert({ user_id: linkedClerk, court_id: east })

    await db.migrate.latest(UP_TO)

    expect(await linksOf(sentencerOfNorth)).toEqual([north])
    expect(await linksOf(clerkWhoIssuedSouth)).toEqual([south])
    expect(await linksOf(newClerk)).toEqual([north, south, east].sort())
    expect(await linksOf(linkedClerk)).toEqual([east])
    expect(await linksOf(officer)).toEqual([])
    expect(await linksOf(admin)).toEqual([])

    // Down takes the index away and leaves the links, which are the administrator's now; up again adds none twice.
    await db.migrate.rollback(UP_TO)
    expect(await linksOf(newClerk)).toEqual([north, south, east].sort())
    await db.migrate.latest(UP_TO)
    expect(await linksOf(newClerk)).toEqual([north, south, east].sort())
  })
})
