import { migrateLatest, rollbackAll } from '../../../server/db/migrate'
import { createTestDb, type TestDb } from '../../support/testDb'

// Every table in DESIGN.md, created now so later work adds columns rather than redesigning.
const DESIGN_TABLES = [
  'court',
  'organisation',
  'app_user',
  'user_court',
  'bank_holiday',
  'session',
  'api_token',
  'audit_event',
  'person',
  'sentence_order',
  'requirement',
  'document',
  'sitting',
  'sitting_bench',
  'review',
  'review_event',
  'progress_report',
  'progress_report_version',
  'provider_update',
  'drug_test',
  'progress_note',
  'outcome',
  'hearing_pack',
  'bench_note',
  'email_outbox',
]

let testDb: TestDb

beforeAll(async () => {
  testDb = await createTestDb({ migrate: false })
})

afterAll(async () => {
  await testDb.destroy()
})

async function existing(tables: string[]): Promise<string[]> {
  const found = []
  for (const table of tables) if (await testDb.db.schema.hasTable(table)) found.push(table)
  return found
}

describe('migrations', () => {
  it('when a fresh database is migrated up, rolled all the way back and migrated up again, then the tables come, go and come back', async () => {
    const before = await existing(DESIGN_TABLES)

    const applied = await migrateLatest(testDb.db)
    const afterUp = await existing(DESIGN_TABLES)
    await rollbackAll(testDb.db)
    const afterDown = await existing(DESIGN_TABLES)
    const reapplied = await migrateLatest(testDb.db)
    const afterUpAgain = await existing(DESIGN_TABLES)

    expect(before).toEqual([])
    expect(applied.length).toBeGreaterThan(0)
    expect(afterUp).toEqual(DESIGN_TABLES)
    expect(afterDown).toEqual([])
    expect(reapplied).toEqual(applied)
    expect(afterUpAgain).toEqual(DESIGN_TABLES)
  })

  it('when migrated, then the England and Wales bank holidays for 2025 to 2028 are there, substitute days included', async () => {
    await migrateLatest(testDb.db)

    const rows: { date: string; title: string }[] = await testDb
      .db('bank_holiday')
      .select('date', 'title')
      .orderBy('date')
    const years = new Set(rows.map(r => r.date.slice(0, 4)))

    expect(years).toEqual(new Set(['2025', '2026', '2027', '2028']))
    expect(rows).toContainEqual({ date: '2026-12-28', title: 'Boxing Day' })
    expect(rows).toContainEqual({ date: '2027-12-27', title: 'Christmas Day' })
    expect(rows).toContainEqual({ date: '2028-01-03', title: 'New Year’s Day' })
    expect(rows.filter(r => r.date.startsWith('2026'))).toHaveLength(8)
  })
})

describe('database settings', () => {
  it('when the database is SQLite, then it runs in WAL mode with foreign keys on and synchronous FULL', async () => {
    if (testDb.kind === 'postgres') {
      // PostgreSQL always enforces foreign keys; what matters there is that commits are durable.
      const { rows } = await testDb.db.raw('SHOW synchronous_commit')
      return expect(rows[0].synchronous_commit).toBe('on')
    }

    const [journal] = await testDb.db.raw('PRAGMA journal_mode')
    const [foreignKeys] = await testDb.db.raw('PRAGMA foreign_keys')
    const [synchronous] = await testDb.db.raw('PRAGMA synchronous')

    expect(journal.journal_mode).toBe('wal')
    expect(foreignKeys.foreign_keys).toBe(1)
    expect(synchronous.synchronous).toBe(2)
  })
})
