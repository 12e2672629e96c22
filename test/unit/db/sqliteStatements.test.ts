import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import sqlite3 from 'sqlite3'
import { createDb } from '../../../server/db/createDb'
import { STATEMENTS_KEPT } from '../../../server/db/sqliteStatements'

// SQLite keeps each statement prepared on its connection (server/db/sqliteStatements.ts). What
// users would see if that went wrong: wrong or stale rows, a version check that never conflicts, a
// request that hangs on a bad statement, or a server that cannot shut down.

describe('SQLite statements kept prepared', () => {
  let dir: string
  let db: Knex

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drr-statements-'))
    db = createDb({ client: 'sqlite3', filename: path.join(dir, 'test.sqlite3') })
    await db.schema.createTable('thing', t => {
      t.string('id').primary()
      t.string('name').notNullable()
      t.integer('version').notNullable()
    })
  })

  afterEach(async () => {
    await db.destroy()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('when the same query runs again with new values, then each run answers for its own values', async () => {
    await db('thing').insert([
      { id: 'a', name: 'Ann', version: 1 },
      { id: 'b', name: 'Bob', version: 1 },
    ])
    for (const [id, name] of [
      ['a', 'Ann'],
      ['b', 'Bob'],
      ['a', 'Ann'],
      ['missing', undefined],
    ]) {
      const row = await db('thing').where({ id }).first()
      expect(row?.name).toBe(name)
    }
  })

  it('when a guarded update runs again, then it still says how many rows it changed, so a stale version is a conflict', async () => {
    await db('thing').insert({ id: 'a', name: 'Ann', version: 1 })
    const update = (version: number, name: string) =>
      db('thing')
        .where({ id: 'a', version })
        .update({ name, version: version + 1 })

    expect(await update(1, 'Anne')).toBe(1)
    // The same statement with a version someone else has already moved on from changes nothing.
    expect(await update(1, 'Annie')).toBe(0)
    expect(await update(2, 'Annie')).toBe(1)
    expect((await db('thing').where({ id: 'a' }).first()).name).toBe('Annie')
  })

  it('when a kept insert breaks a unique key, then it is refused, and the same insert works again with a new key', async () => {
    const insert = (id: string) => db('thing').insert({ id, name: 'X', version: 1 })
    await insert('a')
    await expect(insert('a')).rejects.toThrow(/UNIQUE/)
    await insert('b')
    expect(await db('thing').count({ n: '*' }).first()).toEqual({ n: 2 })
  })

  it('when a statement cannot be prepared, then the query fails with SQLite’s message instead of waiting for ever', async () => {
    await expect(db.raw('select nonsense from nowhere')).rejects.toThrow(/no such table: nowhere/)
    // And the connection goes on working.
    expect(await db('thing').count({ n: '*' }).first()).toEqual({ n: 0 })
  })

  it('when queries in a transaction overlap, then each gets its own rows, and a rollback undoes them all', async () => {
    await db('thing').insert([
      { id: 'a', name: 'Ann', version: 1 },
      { id: 'b', name: 'Bob', version: 1 },
      { id: 'c', name: 'Cat', version: 1 },
    ])
    await expect(
      db.transaction(async trx => {
        const names = await Promise.all(['a', 'b', 'c', 'b'].map(id => trx('thing').where({ id }).first('name')))
        expect(names.map(n => n.name)).toEqual(['Ann', 'Bob', 'Cat', 'Bob'])
        await trx('thing').where({ id: 'a' }).update({ name: 'Changed' })
        throw new Error('stop')
      }),
    ).rejects.toThrow('stop')
    expect((await db('thing').where({ id: 'a' }).first()).name).toBe('Ann')
  })

  it('when the table changes after a statement was kept, then the statement sees the new shape', async () => {
    await db('thing').insert({ id: 'a', name: 'Ann', version: 1 })
    expect(Object.keys(await db('thing').where({ id: 'a' }).first())).toEqual(['id', 'name', 'version'])
    await db.schema.alterTable('thing', t => t.string('pnc'))
    expect(Object.keys(await db('thing').where({ id: 'a' }).first())).toEqual(['id', 'name', 'version', 'pnc'])
  })

  it('when more distinct queries run than are kept, then older ones are let go and every answer is still right', async () => {
    await db('thing').insert({ id: 'a', name: 'Ann', version: 1 })
    for (let round = 0; round < 2; round += 1) {
      const answers = await Promise.all(
        Array.from({ length: STATEMENTS_KEPT + 20 }, (_, i) => db.raw(`select ? + ${i} as n`, [round])),
      )
      expect(answers.map(a => a[0].n)).toEqual(Array.from({ length: STATEMENTS_KEPT + 20 }, (_, i) => round + i))
    }
  })

  it('when the database is closed after many statements were kept, then it closes cleanly and the data is on disk', async () => {
    for (let i = 0; i < 30; i += 1) await db('thing').insert({ id: `t${i}`, name: `N${i}`, version: 1 })
    // knex drops a failed close silently; SQLite refuses to close a connection with statements open.
    const closeErrors: unknown[] = []
    const close = sqlite3.Database.prototype.close
    const spy = jest.spyOn(sqlite3.Database.prototype, 'close').mockImplementation(function (
      this: sqlite3.Database,
      callback?: (err: Error | null) => void,
    ) {
      return close.call(this, err => {
        if (err) closeErrors.push(err)
        callback?.(err)
      })
    })
    try {
      await db.destroy()
    } finally {
      spy.mockRestore()
    }
    expect(closeErrors).toEqual([])
    db = createDb({ client: 'sqlite3', filename: path.join(dir, 'test.sqlite3') })
    expect(await db('thing').count({ n: '*' }).first()).toEqual({ n: 30 })
  })

  it('when a query runs again, then SQLite is not asked to prepare it again', async () => {
    const prepare = jest.spyOn(sqlite3.Database.prototype, 'prepare')
    try {
      for (let i = 0; i < 5; i += 1)
        await db('thing')
          .where({ id: `x${i}` })
          .first()
      const selects = prepare.mock.calls.filter(([sql]) => /^select \* from `thing`/.test(String(sql)))
      expect(selects).toHaveLength(1)
    } finally {
      prepare.mockRestore()
    }
  })
})
