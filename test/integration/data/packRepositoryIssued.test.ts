import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { createPackRepository } from '../../../server/data/packRepository'
import { hearingSeed, issued } from './hearingSeed'

// The pack repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set): the issued
// versions of a sitting's pack.

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const { court, user, sitting } = hearingSeed(() => db)

describe('the pack repository', () => {
  const packs = () => createPackRepository(db)

  it('when versions are issued, then lists them oldest first and gives the latest', async () => {
    const s = await sitting(await court())
    const clerk = await user('Clerk', 'clerk')
    const p = packs()
    const [v1, v2] = [issued(s, clerk, 1), issued(s, clerk, 2)]
    expect(await p.latestIssued(s)).toBeNull()

    expect(await p.insertIssued(v2)).toBe(true)
    expect(await p.insertIssued(v1)).toBe(true)

    expect(await p.issued(s)).toEqual([v1, v2])
    expect(await p.latestIssued(s)).toEqual(v2)
  })

  it('when a unique key refuses an issued version, then answers false rather than failing', async () => {
    const s = await sitting(await court())
    const clerk = await user('Clerk', 'clerk')
    const p = packs()
    const v1 = issued(s, clerk, 1)
    await p.insertIssued(v1)

    expect(await p.insertIssued({ ...v1, html: 'the same row again' })).toBe(false)
    expect(await p.issued(s)).toEqual([v1])
  })
})
