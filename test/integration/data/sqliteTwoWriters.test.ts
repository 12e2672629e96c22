import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import { createDb } from '../../../server/db/createDb'
import { inOtherProcess } from '../../support/otherProcess'

// Two processes writing one SQLite file (a web process and `npm run worker`, or a restart overlapping
// the old process): each has its own writer connection. A transaction that read before it wrote used
// to begin deferred, so when the other process committed in between, SQLite refused its write at once
// with SQLITE_BUSY (its snapshot was stale; the busy timeout cannot help), and the request was a 500.
// Transactions now begin IMMEDIATE: the second writer waits its turn (busy_timeout) and both commit.
// SQLite only: this is about SQLite's file lock, whatever database the suite runs on. The first writer
// is another process, as in production (the driver is synchronous: one process cannot wait on itself).

let dir: string
let filename: string
let b: Knex

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drr-two-writers-'))
  filename = path.join(dir, 'two.sqlite3')
  b = createDb({ client: 'sqlite3', filename })
  await b.schema.createTable('place', t => {
    t.integer('n').primary()
    t.string('taken_by').nullable()
  })
  await b('place').insert([{ n: 1 }, { n: 2 }])
})

afterAll(async () => {
  await b.destroy()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('two writers on one SQLite file', () => {
  it('when one transaction reads, the other process commits, and the first then writes, then both commit in turn', async () => {
    // The other process takes the lock, reads the first free place, holds on, then takes it.
    const first = inOtherProcess(
      filename,
      `db.exec('BEGIN IMMEDIATE')
       const free = db.prepare('select n from place where taken_by is null order by n limit 1').get()
       say('a read')
       sleep(150)
       db.prepare("update place set taken_by = 'a' where n = ?").run(free.n)
       db.exec('COMMIT')
       say('a wrote')`,
    )
    await first.said('a read')
    const started = Date.now()
    await b.transaction(async trx => {
      const free = await trx('place').whereNull('taken_by').orderBy('n').first()
      await trx('place').where({ n: free.n }).update({ taken_by: 'b' })
    })
    const waited = Date.now() - started
    await first.done

    // The second waited for the first (it could not even begin while the first held the lock), so it
    // saw place 1 taken and chose place 2: no lost update, no error.
    expect(first.lines).toEqual(['a read', 'a wrote'])
    expect(waited).toBeGreaterThanOrEqual(100)
    expect(await b('place').orderBy('n').select('n', 'taken_by')).toEqual([
      { n: 1, taken_by: 'a' },
      { n: 2, taken_by: 'b' },
    ])
  })
})
