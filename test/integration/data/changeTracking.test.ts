import { createTestDb, type TestDb } from '../../support/testDb'
import { CASE_DATA, UNTRACKED, ensureChangeTracking, trackedTables } from '../../../server/db/changeTracking'
import { newId } from '../../../server/utils/ids'

// The case-data version the court list and the pack are kept by (server/data/caseDataCache.ts): the
// database raises it itself, in the transaction of every change to a table a page can show.

let t: TestDb

beforeAll(async () => {
  t = await createTestDb()
})

afterAll(async () => {
  await t.destroy()
})

const version = async () => Number((await t.db('cache_version').where({ name: CASE_DATA }).first('version')).version)

async function triggerNames(): Promise<string[]> {
  if (t.kind === 'postgres')
    return (
      await t.db.raw(
        `select tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid
         join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and not tgisinternal`,
      )
    ).rows.map((r: { tgname: string }) => r.tgname)
  return (await t.db.raw(`select name from sqlite_master where type = 'trigger'`)).map((r: { name: string }) => r.name)
}

const court = () => ({
  id: newId(),
  name: 'A court',
  code: newId().replace(/-/g, '').slice(-12),
  created_at: '2026-03-02T09:00:00.000Z',
})

describe('change tracking', () => {
  it('tracks every table but those known to change nothing a page shows', async () => {
    const tables = await trackedTables(t.db)
    const names = new Set(await triggerNames())
    expect(tables).toEqual(expect.arrayContaining(['review', 'sitting', 'person', 'progress_report', 'hearing_pack']))
    for (const u of UNTRACKED) expect(tables).not.toContain(u)
    const expected = (table: string) =>
      t.kind === 'postgres'
        ? [`case_data_change_${table}`, `case_data_truncate_${table}`]
        : ['insert', 'update', 'delete'].map(op => `case_data_${op}_${table}`)
    const missing = tables.flatMap(table => expected(table).filter(name => !names.has(name)))
    expect(missing).toEqual([])
  })

  it.each([
    ['an insert', async () => void (await t.db('court').insert(court()))],
    [
      'an update',
      async () => {
        const c = court()
        await t.db('court').insert(c)
        const before = await version()
        await t.db('court').where({ id: c.id }).update({ name: 'Renamed' })
        return before
      },
    ],
    [
      'a delete',
      async () => {
        const c = court()
        await t.db('court').insert(c)
        const before = await version()
        await t.db('court').where({ id: c.id }).del()
        return before
      },
    ],
  ])('when %s commits, then the version is raised', async (_what, change) => {
    const start = await version()
    const before = (await change()) ?? start
    expect(await version()).toBeGreaterThan(before)
  })

  it('when a change is rolled back, then the version is as it was', async () => {
    const before = await version()
    await expect(
      t.db.transaction(async trx => {
        await trx('court').insert(court())
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await version()).toBe(before)
  })

  it('when only the audit trail and sessions are written (as every page read does), then the version stays', async () => {
    const before = await version()
    await t.db('audit_event').insert({ at: '2026-03-02T09:00:00.000Z', action: 'view_court_list' })
    await t.db('session').insert({ sid: newId(), sess: '{}', expires_at: '2026-03-02T22:00:00.000Z' })
    expect(await version()).toBe(before)
  })

  it('when one transaction changes many rows, then the version is raised (once, on PostgreSQL)', async () => {
    const before = await version()
    await t.db.transaction(async trx => {
      for (let i = 0; i < 5; i += 1) await trx('court').insert(court())
    })
    const after = await version()
    if (t.kind === 'postgres') expect(after).toBe(before + 1)
    else expect(after).toBeGreaterThan(before)
  })

  it('when a later table is added and tracking is set up again, then it is tracked, and nothing else is made twice', async () => {
    await t.db.schema.createTable('later_table', table => {
      table.string('id').primary()
    })
    const before = await triggerNames()
    await ensureChangeTracking(t.db)
    await ensureChangeTracking(t.db)
    const after = await triggerNames()
    expect(after.length).toBeGreaterThan(before.length)
    expect(new Set(after).size).toBe(after.length)
    const v = await version()
    await t.db('later_table').insert({ id: 'x' })
    expect(await version()).toBeGreaterThan(v)
    await t.db.schema.dropTable('later_table')
  })
})
