import fc from 'fast-check'
import { attemptWindows, throttleWait, waitWords } from '../../../../server/services/auth/throttle'
import type { AttemptStats } from '../../../../server/data/signInAttemptRepository'

// OWASP ASVS 5.0 6.3.1: how long a sign-in waits after failures, per pair, account and address.

const NOW = Date.parse('2026-03-02T09:00:00Z')
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString()
const stats = (pair: number, account: number, address: number, secondsAgo = 0): AttemptStats => ({
  pair: { count: pair, lastAt: pair ? ago(secondsAgo) : null },
  account: { count: account, lastAt: account ? ago(secondsAgo) : null },
  address: { count: address, lastAt: address ? ago(secondsAgo) : null },
})

describe('throttleWait (ASVS 5.0 6.3.1)', () => {
  it.each([
    // pair, account, address, seconds since the last failure, wait (s), reason
    [0, 0, 0, 0, 0, null],
    [4, 4, 4, 0, 0, null],
    [5, 5, 5, 0, 15, 'pair'],
    [5, 5, 5, 10, 5, 'pair'],
    [5, 5, 5, 15, 0, null],
    [6, 6, 6, 0, 30, 'pair'],
    [7, 7, 7, 0, 60, 'pair'],
    [10, 10, 10, 0, 480, 'pair'],
    [11, 11, 11, 0, 900, 'pair'],
    [40, 40, 40, 0, 900, 'pair'],
    [0, 10, 0, 0, 5, 'account'],
    [0, 11, 0, 0, 10, 'account'],
    [0, 14, 0, 0, 60, 'account'],
    [0, 1000, 0, 0, 60, 'account'],
    [0, 1000, 0, 60, 0, null],
    [0, 0, 49, 0, 0, null],
    [0, 0, 50, 0, 900, 'address'],
    [0, 0, 50, 899, 1, 'address'],
    [0, 0, 50, 900, 0, null],
  ])(
    'when the pair has %i failures, the account %i and the address %i, the last %is ago, then the wait is %is (%s)',
    (pair, account, address, secondsAgo, wait, reason) => {
      const w = throttleWait(stats(pair, account, address, secondsAgo), NOW)
      expect({ seconds: Math.ceil(w.ms / 1000), reason: w.reason }).toEqual({ seconds: wait, reason })
    },
  )

  it('property: whatever the counts, the account alone never makes anyone wait more than a minute, and the wait never exceeds 15 minutes', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.nat(10_000),
        fc.nat(10_000),
        fc.nat(3_600),
        (pair, account, address, secondsAgo) => {
          const onlyAccount = throttleWait(stats(0, account, 0, secondsAgo), NOW)
          const all = throttleWait(stats(pair, account, address, secondsAgo), NOW)
          expect(onlyAccount.ms).toBeLessThanOrEqual(60_000)
          expect(all.ms).toBeLessThanOrEqual(15 * 60_000)
          expect(all.ms).toBeGreaterThanOrEqual(onlyAccount.ms)
        },
      ),
    )
  })

  it('property: one more failure never shortens the wait (delays only grow)', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.nat(60), fc.nat(80), (pair, account, address) => {
        const before = throttleWait(stats(pair, account, address), NOW).ms
        const after = throttleWait(stats(pair + 1, account + 1, address + 1), NOW).ms
        expect(after).toBeGreaterThanOrEqual(before)
      }),
    )
  })
})

describe('the windows and words', () => {
  it('when windows are asked for, then the pair counts an hour back and the account and address 15 minutes', () => {
    expect(attemptWindows(NOW)).toEqual({ pairSince: ago(3600), accountSince: ago(900), addressSince: ago(900) })
  })

  it.each([
    [1, '1 second'],
    [999, '1 second'],
    [15_000, '15 seconds'],
    [59_001, '1 minute'],
    [60_000, '1 minute'],
    [61_000, '2 minutes'],
    [900_000, '15 minutes'],
  ])('when the wait is %i ms, then the message says "%s"', (ms, words) => {
    expect(waitWords(ms)).toBe(words)
  })
})
