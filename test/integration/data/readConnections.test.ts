import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { isRead } from '../../../server/db/sqliteReaders'
import { newId } from '../../../server/utils/ids'

// Issue 24: on SQLite, reads outside a transaction run on read-only connections beside the one
// writer. What a user relies on stays true on both databases: a page read while someone else's change
// is half done is not held up by it and does not see it; the change, once committed, is seen by the
// next read; a change reads its own writes. (PostgreSQL when TEST_DATABASE_URL is set.)

const AT = '2026-03-02T09:00:00.000Z'
let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const person = (name: string) => ({
  id: newId(),
  name,
  date_of_birth: '1990-01-01',
  crn: `R${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
  created_at: AT,
  updated_at: AT,
  version: 1,
})
const names = async (q: Knex | Knex.Transaction = db) =>
  (await q('person').where('name', 'like', 'Reader %').orderBy('name').pluck('name')) as string[]

describe('reads beside a change in progress', () => {
  it('when a change is half done, then a read elsewhere answers at once with what was committed before it, and the change sees its own rows', async () => {
    await db('person').insert(person('Reader Committed'))
    let release!: () => void
    const held = new Promise<void>(resolve => (release = resolve))
    let insideSaw: string[] = []
    const change = db.transaction(async trx => {
      await trx('person').insert(person('Reader Uncommitted'))
      insideSaw = await names(trx)
      await held
    })
    // Give the transaction time to write, then read outside it while it is still open.
    await new Promise(resolve => setTimeout(resolve, 100))
    let timer: NodeJS.Timeout | undefined
    const outside = await Promise.race([
      names(),
      new Promise<string>(resolve => (timer = setTimeout(() => resolve('held up behind the change'), 3000))),
    ])
    clearTimeout(timer)
    expect(outside).toEqual(['Reader Committed'])
    release()
    await change
    expect(insideSaw).toEqual(['Reader Committed', 'Reader Uncommitted'])
    // Committed: the next read sees it.
    expect(await names()).toEqual(['Reader Committed', 'Reader Uncommitted'])
  })

  it('when a write is refused by a foreign key outside a transaction, then nothing is written (foreign keys hold on every connection)', async () => {
    const orphan = {
      id: newId(),
      person_id: newId(),
      court_id: newId(),
      kind: 'community',
      made_on: '2026-01-05',
      ends_on: '2026-07-04',
      case_reference: 'ORPHAN',
      created_at: AT,
      updated_at: AT,
    }
    await expect(db('sentence_order').insert(orphan)).rejects.toThrow()
    // A read that joins through the key answers on whichever connection reads it.
    const rows = await db('sentence_order as o')
      .join('person as p', 'p.id', 'o.person_id')
      .where('o.id', orphan.id)
      .select('o.id')
    expect(rows).toEqual([])
    if (testDb.kind === 'sqlite')
      expect((await db.raw('PRAGMA foreign_keys')) as unknown).toEqual([{ foreign_keys: 1 }])
  })

  it.each([
    ['a select', true, () => db('person').select('id')],
    ['a first', true, () => db('person').first('id')],
    ['a count', true, () => db('person').count({ n: '*' })],
    ['a raw select', true, () => db.raw('select 1 as one')],
    ['a select for update', false, () => db('person').select('id').forUpdate()],
    ['an insert', false, () => db('person').insert(person('Reader X'))],
    ['an update', false, () => db('person').update({ name: 'x' })],
    ['a delete', false, () => db('person').del()],
    ['a raw pragma', false, () => db.raw('PRAGMA foreign_keys')],
    ['a raw with … insert', false, () => db.raw('with x as (select 1) insert into t select * from x')],
  ])('%s is sent to the read-only connections: %s', (_what, read, build) => {
    expect(isRead(build() as unknown as Parameters<typeof isRead>[0])).toBe(read)
  })
})
