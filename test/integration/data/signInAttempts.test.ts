import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { createDb } from '../../../server/db/createDb'
import { createSignInAttemptRepository } from '../../../server/data/signInAttemptRepository'

// Sign-in attempts when another process writes too (the worker prunes them; a second web instance
// records its own): the web instance's claim must wait its turn, never fail the sign-in with a 500.

let testDb: TestDb
let other: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  other = createDb(testDb.config)
})
afterAll(async () => {
  await other.destroy()
  await testDb.destroy()
})

const AT = '2026-12-07T09:00:00.000Z'
const windows = {
  pairSince: '2026-12-07T08:00:00.000Z',
  accountSince: AT.slice(0, 11) + '08:45:00.000Z',
  addressSince: '2026-12-07T08:45:00.000Z',
}
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

it('ASVS 5.0 6.3.1: when another connection is writing an attempt for the same account, then a claim waits for it and records its own (no database-locked error)', async () => {
  const attempts = createSignInAttemptRepository(testDb.db)
  const a = { emailHash: 'h-race', ip: '127.0.0.9', at: AT }

  let written!: () => void
  const inserted = new Promise<void>(resolve => (written = resolve))
  const writer = other.transaction(async trx => {
    await trx('sign_in_attempt').insert({ email_hash: a.emailHash, ip: '127.0.0.8', at: AT })
    written()
    await sleep(200)
  })
  await inserted
  const claimed = attempts.claim(a, windows, () => true)

  await writer
  const { attemptId } = await claimed
  expect(attemptId).not.toBeNull()
  const rows = await testDb.db('sign_in_attempt').where({ email_hash: a.emailHash })
  expect(rows).toHaveLength(2)
})
