import fc from 'fast-check'
import {
  codeAt,
  createSecretBox,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  stepOfCode,
} from '../../../../server/services/auth/totp'

// RFC 6238 codes as authenticator apps make them, the secret sealed at rest, recovery codes.

const NOW = Date.parse('2026-03-02T09:00:10Z')
const STEP = Math.floor(NOW / 30_000)

describe('TOTP codes (RFC 6238, ASVS 5.0 6.5)', () => {
  it('RFC 6238 appendix B: the SHA-1 test secret gives the published code at 59 s (last 6 digits of 94287082)', () => {
    // "12345678901234567890" in base32.
    expect(codeAt('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000)).toBe('287082')
  })

  it.each([
    ['the code now', 0, STEP],
    ['the code of the step before', -30_000, STEP - 1],
    ['the code of the step after', 30_000, STEP + 1],
    ['a code two steps old', -60_000, null],
  ])('when %s is given, then its step is %p', (_what, offset, step) => {
    const secret = newTotpSecret()
    expect(stepOfCode(secret, codeAt(secret, NOW + offset), NOW)).toBe(step)
  })

  it.each([[''], ['12345'], ['1234567'], ['abcdef'], ['12 34 5x']])('when %j is given, then it is not a code', code => {
    expect(stepOfCode(newTotpSecret(), code, NOW)).toBeNull()
  })

  it('when the code is typed with spaces, then it still counts', () => {
    const secret = newTotpSecret()
    const code = codeAt(secret, NOW)
    expect(stepOfCode(secret, `${code.slice(0, 3)} ${code.slice(3)}`, NOW)).toBe(STEP)
  })
})

describe('the secret at rest', () => {
  it('property: what is sealed opens to itself, never shows the secret, and differs each time', () => {
    const box = createSecretBox('a-session-secret-of-enough-length-0123')
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z2-7]{16,64}$/), secret => {
        const a = box.seal(secret)
        const b = box.seal(secret)
        expect(box.open(a)).toBe(secret)
        expect(a).not.toContain(secret)
        expect(a).not.toBe(b)
      }),
    )
  })

  it('when sealed under another secret or tampered with, then it does not open', () => {
    const sealed = createSecretBox('first-secret-0123456789-0123456789').seal('JBSWY3DPEHPK3PXP')
    expect(() => createSecretBox('other-secret-0123456789-0123456789').open(sealed)).toThrow()
    const parts = sealed.split(':')
    parts[3] = Buffer.from('tampered').toString('base64')
    expect(() => createSecretBox('first-secret-0123456789-0123456789').open(parts.join(':'))).toThrow()
  })
})

describe('recovery codes', () => {
  it('when codes are made, then there are ten, each XXXX-XXXX-XXXX from an alphabet without look-alikes, all different', () => {
    const codes = newRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/)
  })

  it('property: case, spaces and dashes do not change a code’s hash, and a code is never taken for a 6-digit code', () => {
    fc.assert(
      fc.property(fc.constantFrom(...newRecoveryCodes(50)), code => {
        expect(hashRecoveryCode(code.toLowerCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(code))
        expect(looksLikeRecoveryCode(code)).toBe(true)
      }),
    )
    expect(looksLikeRecoveryCode('123456')).toBe(false)
  })
})
