import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import knex, { type Knex } from 'knex'
import { createDb } from '../../../server/db/createDb'

// Whole-number LIMIT and OFFSET are written into SQLite's SQL (server/db/sqliteLimits.ts): a reader
// would notice if a page showed the wrong rows, the wrong page of a list, or nothing at all.

describe('SQLite limits written into the SQL', () => {
  let dir: string
  let db: Knex

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drr-limits-'))
    db = createDb({ client: 'sqlite3', filename: path.join(dir, 'limits.sqlite3') })
    await db.schema.createTable('thing', t => {
      t.integer('n').primary()
      t.string('name').notNullable()
    })
    await db('thing').insert(Array.from({ length: 30 }, (_, i) => ({ n: i + 1, name: `Thing ${i + 1}` })))
  })

  afterAll(async () => {
    await db.destroy()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it.each([
    ['first()', () => db('thing').where({ name: 'Thing 3' }).first(), /limit 1$/, ['Thing 3']],
    ['limit and offset', () => db('thing').orderBy('n').limit(5).offset(10), /limit 5 offset 10$/, []],
    [
      'offset alone (SQLite needs a limit with it)',
      () => db('thing').orderBy('n').offset(28),
      /limit -1 offset 28$/,
      [],
    ],
    [
      'a limit given as text, parsed by knex',
      () =>
        db('thing')
          .orderBy('n')
          .limit('2' as unknown as number),
      /limit 2$/,
      [],
    ],
  ])('%s: the number is in the SQL, and only the values are bound', (_label, build, sql, bindings) => {
    const compiled = build().toSQL()
    expect(compiled.sql).toMatch(sql)
    expect(compiled.bindings).toEqual(bindings)
  })

  it('when a list is read a page at a time, then each page holds the right rows', async () => {
    const page = (n: number) =>
      db('thing')
        .orderBy('n')
        .limit(10)
        .offset((n - 1) * 10)
        .pluck('n')
    expect(await page(1)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
    expect(await page(3)).toEqual(Array.from({ length: 10 }, (_, i) => i + 21))
    expect(await page(4)).toEqual([])
    expect((await db('thing').where('n', '>', 7).orderBy('n').first())?.name).toBe('Thing 8')
  })

  it('when a value is compared in the same query, then it is still bound, never written in', () => {
    const compiled = db('thing').where({ name: "x' or 1=1 --" }).first().toSQL()
    expect(compiled.sql).not.toContain('or 1=1')
    expect(compiled.bindings).toEqual(["x' or 1=1 --"])
  })

  it('on PostgreSQL, then limits are bound as before', () => {
    const pg = knex({ client: 'pg' })
    const compiled = pg('thing').first().toSQL()
    expect(compiled.sql).toMatch(/limit \?$/)
    expect(compiled.bindings).toEqual([1])
  })
})
