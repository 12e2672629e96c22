import { createTestDb, type TestDb } from '../../support/testDb'
import { createAuditRepository, type AuditRepository } from '../../../server/data/auditRepository'
import { createUnitOfWork } from '../../../server/data/unitOfWork'
import { notifySeed } from './notifySeed'

// The audit repository's inserts, read back and rolled back with their transaction, on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL.

let t: TestDb
let audit: AuditRepository
let seed: ReturnType<typeof notifySeed>

beforeAll(async () => {
  t = await createTestDb()
  audit = createAuditRepository(t.db)
  seed = notifySeed(t.db)
})

afterAll(async () => {
  await t.destroy()
})

describe('the audit repository', () => {
  it('when rows are inserted, then they are listed newest first with the user’s name, filtered as asked', async () => {
    const user = await seed.user('clerk')
    const subjectId = `subject-${Date.now()}`
    await audit.insert({ userId: user.id, action: 'view_case', subjectType: 'case', subjectId }, '2026-03-02T09:00:00Z')
    await audit.insert(
      { userId: user.id, action: 'chase_report', subjectId, ip: '10.0.0.1', detail: { n: 1 } },
      '2026-03-02T09:01:00Z',
    )
    const rows = await audit.list({ subjectId })
    expect(rows.map(r => r.action)).toEqual(['chase_report', 'view_case'])
    expect(rows[0]).toEqual(
      expect.objectContaining({
        at: '2026-03-02T09:01:00Z',
        userId: user.id,
        action: 'chase_report',
        subjectType: null,
        ip: '10.0.0.1',
        detail: { n: 1 },
      }),
    )
    expect(rows[0].userName).toMatch(/^clerk /)
    expect((await audit.list({ subjectId, action: 'view_case' })).map(r => r.action)).toEqual(['view_case'])
    expect(await audit.list({ subjectId, limit: 1 })).toHaveLength(1)
  })

  it('when an insert’s transaction is rolled back, then the row goes with it', async () => {
    const subjectId = `rolled-back-${Date.now()}`
    await expect(
      createUnitOfWork(t.db).run(async tx => {
        await audit.insert({ userId: null, action: 'view_case', subjectId }, '2026-03-02T09:00:00Z', tx)
        expect(await audit.list({ subjectId }, tx)).toHaveLength(1)
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await audit.list({ subjectId })).toEqual([])
  })

  it('when rows arrive while another commits, then they share one transaction, rows with every value known share one statement, and they keep their order', async () => {
    const user = await seed.user('clerk')
    const action = `view_shared_${Date.now()}`
    const inserts: string[] = []
    const onQuery = (q: { sql: string }) => {
      if (/^insert into [`"]?audit_event/i.test(q.sql)) inserts.push(q.sql)
    }
    t.db.on('query', onQuery)
    // The page reads record their role and person (known); the sixth leaves its role to be looked up.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        audit.insert(
          i === 5
            ? { userId: user.id, action, detail: { i } }
            : { userId: user.id, role: 'clerk', personId: null, action, detail: { i } },
          '2026-03-02T09:00:00Z',
        ),
      ),
    )
    t.db.off('query', onQuery)
    const rows = await t.db('audit_event').where({ action }).orderBy('id').select('detail', 'role')
    expect(rows.map(r => JSON.parse(r.detail).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(rows.every(r => r.role === 'clerk')).toBe(true)
    // The first alone (nothing was committing), then in one transaction: 1-4, 5 on its own, 6-9.
    expect(inserts).toHaveLength(4)
  })

  it('when every row waiting has all its values known, then they go in one statement with no transaction around it', async () => {
    const user = await seed.user('clerk')
    const action = `view_one_statement_${Date.now()}`
    const sql: string[] = []
    const onQuery = (q: { sql: string }) => sql.push(q.sql)
    t.db.on('query', onQuery)
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        audit.insert({ userId: user.id, role: 'clerk', personId: null, action, detail: { i } }, '2026-03-02T09:00:00Z'),
      ),
    )
    t.db.off('query', onQuery)
    expect(
      (await t.db('audit_event').where({ action }).orderBy('id').select('detail')).map(r => JSON.parse(r.detail).i),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    // The first alone (nothing was committing), then the seven that waited, together.
    expect(sql.filter(q => /^insert into/i.test(q))).toHaveLength(2)
    expect(sql.filter(q => /^\s*begin/i.test(q))).toEqual([])
  })
})
