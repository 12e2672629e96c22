import { performance } from 'node:perf_hooks'
import { createPasswordHasher } from '../../../../server/services/auth/passwords'
import { BUSY, createHashPool } from '../../../../server/services/auth/hashPool'
import { TooManyRequestsError } from '../../../../server/errors'

// A low cost keeps the unit tests fast; the production cost is checked in config.test.ts.
const pool = createHashPool({ threads: 2, maxQueued: 50 })
const hasher = createPasswordHasher(2 ** 10, pool)
afterAll(() => pool.close())

describe('password hashing', () => {
  it('when a password is hashed, then the same password verifies', async () => {
    const stored = await hasher.hash('Correct-Horse-Battery-1')

    expect(await hasher.verify('Correct-Horse-Battery-1', stored)).toBe(true)
  })

  it('when a different password is given, then it does not verify', async () => {
    const stored = await hasher.hash('Correct-Horse-Battery-1')

    expect(await hasher.verify('Correct-Horse-Battery-2', stored)).toBe(false)
    expect(await hasher.verify('', stored)).toBe(false)
  })

  it('when the same password is hashed twice, then the hashes differ (a fresh salt each time)', async () => {
    const first = await hasher.hash('Correct-Horse-Battery-1')
    const second = await hasher.hash('Correct-Horse-Battery-1')

    expect(first).not.toBe(second)
    expect(first.split('$')[4]).not.toBe(second.split('$')[4])
  })

  it('when a hash is stored, then it records scrypt and its cost N, r and p, and never the password', async () => {
    const stored = await hasher.hash('Correct-Horse-Battery-1')

    const [scheme, n, r, p] = stored.split('$')
    expect({ scheme, n, r, p }).toEqual({ scheme: 'scrypt', n: String(2 ** 10), r: '8', p: '1' })
    expect(stored).not.toContain('Correct-Horse-Battery-1')
  })

  it('when the cost is raised later, then passwords hashed at the old cost still verify from the recorded N', async () => {
    const stored = await hasher.hash('Correct-Horse-Battery-1')
    const stronger = createPasswordHasher(2 ** 11, pool)

    expect(await stronger.verify('Correct-Horse-Battery-1', stored)).toBe(true)
    expect((await stronger.hash('x')).split('$')[1]).toBe(String(2 ** 11))
  })

  it('when the stored value is not an scrypt hash, then nothing verifies', async () => {
    expect(await hasher.verify('anything', 'plain-text')).toBe(false)
    expect(await hasher.verify('anything', '')).toBe(false)
  })

  it('when a password is composed differently in Unicode, then it still verifies (NFC)', async () => {
    const stored = await hasher.hash('Llŷr-Siôn-password')

    expect(await hasher.verify('Llŷr-Siôn-password'.normalize('NFD'), stored)).toBe(true)
  })
})

describe('the hashing pool (ASVS 5.0 6.3.1: anti-automation that is not a denial of service)', () => {
  it('when more hashes arrive than threads and queue hold, then the excess is refused at once with 429 and Retry-After 1, and the rest finish', async () => {
    const small = createHashPool({ threads: 2, maxQueued: 3 })
    const slow = createPasswordHasher(2 ** 15, small)
    try {
      const started = performance.now()
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => slow.hash('Correct-Horse-Battery-1')))
      const refused = results.filter(r => r.status === 'rejected')
      // Two start at once and three wait; the other five are answered before any hash finishes.
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(5)
      expect(refused).toHaveLength(5)
      for (const r of refused) {
        const err = (r as PromiseRejectedResult).reason
        expect(err).toBeInstanceOf(TooManyRequestsError)
        expect(err).toMatchObject({ status: 429, retryAfterSeconds: 1, message: BUSY })
      }
      expect(performance.now() - started).toBeGreaterThan(0)
    } finally {
      await small.close()
    }
  })

  it('when hashes run, then the main thread keeps answering (they run in worker threads)', async () => {
    const small = createHashPool({ threads: 1, maxQueued: 5 })
    const slow = createPasswordHasher(2 ** 15, small)
    try {
      const ticks: number[] = []
      const timer = setInterval(() => ticks.push(performance.now()), 5)
      const before = performance.eventLoopUtilization()
      await Promise.all([
        slow.hash('a-long-password-1'),
        slow.hash('a-long-password-2'),
        slow.hash('a-long-password-3'),
      ])
      const busy = performance.eventLoopUtilization(before)
      clearInterval(timer)
      // Hashed on the main thread, the event loop would be busy nearly all the time (utilisation near 1)
      // and the timer could not fire. Off it, the loop is mostly idle while it waits: a measure of the
      // loop's own work, so a machine busy with other processes does not change the answer.
      expect(ticks.length).toBeGreaterThan(3)
      expect(busy.utilization).toBeLessThan(0.5)
    } finally {
      await small.close()
    }
  })

  it('when the pool is closed, then a new hash is refused rather than left waiting', async () => {
    const small = createHashPool()
    await small.close()
    await expect(createPasswordHasher(2 ** 10, small).hash('anything-at-all')).rejects.toThrow('closed')
  })
})
