import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import { createDb } from '../../../server/db/createDb'

// Two processes writing one SQLite file (a web process and `npm run worker`, or a restart overlapping
// the old process): each has its own writer connection. A transaction that read before it wrote used
// to begin deferred, so when the other process committed in between, SQLite refused its write at once
// with SQLITE_BUSY (its snapshot was stale; the busy timeout cannot help), and the request was a 500.
// Transactions now begin IMMEDIATE: the second writer waits its turn (busy_timeout) and both commit.
// SQLite only: this is about SQLite's file lock, whatever database the suite runs on.

let dir: string
let a: Knex
let b: Knex

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drr-two-writers-'))
  const filename = path.join(dir, 'two.sqlite3')
  a = createDb({ client: 'sqlite3', filename })
  b = createDb({ client: 'sqlite3', filename })
  await a.schema.createTable('place', t => {
    t.integer('n').primary()
    t.string('taken_by').nullable()
  })
  await a('place').insert([{ n: 1 }, { n: 2 }])
})

afterAll(async () => {
  await Promise.all([a.destroy(), b.destroy()])
  fs.rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('two writers on one SQLite file', () => {
  it('when one transaction reads, the other process commits, and the first then writes, then both commit in turn', async () => {
    const order: string[] = []
    const first = a.transaction(async trx => {
      const free = await trx('place').whereNull('taken_by').orderBy('n').first()
      order.push('a read')
      await sleep(150)
      await trx('place').where({ n: free.n }).update({ taken_by: 'a' })
      order.push('a wrote')
    })
    await sleep(30)
    const second = b.transaction(async trx => {
      const free = await trx('place').whereNull('taken_by').orderBy('n').first()
      await trx('place').where({ n: free.n }).update({ taken_by: 'b' })
      order.push('b wrote')
    })
    await Promise.all([first, second])

    // The second waited for the first (it could not even begin while the first held the lock), so it
    // saw place 1 taken and chose place 2: no lost update, no error.
    expect(order).toEqual(['a read', 'a wrote', 'b wrote'])
    expect(await a('place').orderBy('n').select('n', 'taken_by')).toEqual([
      { n: 1, taken_by: 'a' },
      { n: 2, taken_by: 'b' },
    ])
  })
})
