import crypto from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'

// Time-based one-time passwords (RFC 6238) as authenticator apps use them: SHA-1, 6 digits, 30 s.
// OWASP ASVS 5.0 6.5.x: a code is accepted once (the step is remembered), one step either side of now.

const ISSUER = 'DRR reviews'
const PERIOD = 30
const WINDOW = 1

const totpFor = (base32: string, label = '') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(base32) })

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32

/** The time step a code belongs to, when it is right within one step of `nowMs`; null otherwise. */
export function stepOfCode(base32: string, code: string, nowMs: number): number | null {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return null
  const delta = totpFor(base32).validate({ token, timestamp: nowMs, window: WINDOW })
  return delta === null ? null : Math.floor(nowMs / 1000 / PERIOD) + delta
}

/** The code an authenticator shows at a moment (tests and the demo's instructions only). */
export const codeAt = (base32: string, nowMs: number): string => totpFor(base32).generate({ timestamp: nowMs })

/** What the user scans: the otpauth:// address as an SVG QR code, made on the server (no script). */
export async function enrolment(base32: string, email: string) {
  const uri = totpFor(base32, email).toString()
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 })
  // For typing in by hand: groups of four.
  return { uri, svg, secretText: base32.replace(/(.{4})/g, '$1 ').trim() }
}

/**
 * The secret at rest: AES-256-GCM under a key derived (HKDF) from the session secret, so a copy of
 * the database alone does not give anyone's codes.
 */
export function createSecretBox(sessionSecret: string) {
  const key = Buffer.from(crypto.hkdfSync('sha256', sessionSecret, 'drr-reviews', 'totp-secret', 32))
  return {
    seal(plain: string): string {
      const iv = crypto.randomBytes(12)
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return ['v1', iv, cipher.getAuthTag(), data]
        .map(p => (typeof p === 'string' ? p : p.toString('base64')))
        .join(':')
    },
    open(sealed: string): string {
      const [v, iv, tag, data] = sealed.split(':')
      if (v !== 'v1' || !iv || !tag || !data) throw new Error('Unreadable two-step verification secret')
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'))
      decipher.setAuthTag(Buffer.from(tag, 'base64'))
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8')
    },
  }
}

// Recovery codes: 10 of them, each 12 characters from an alphabet without look-alikes (60 bits),
// shown once, kept as SHA-256 (their entropy makes a slow hash unnecessary; ASVS 6.5.2).
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
export const RECOVERY_CODES = 10

export function newRecoveryCodes(n = RECOVERY_CODES): string[] {
  return Array.from({ length: n }, () => {
    const chars = Array.from({ length: 12 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)])
    return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`
  })
}

/** As typed: case, spaces and dashes do not matter. */
export const normaliseRecoveryCode = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, '')

export const hashRecoveryCode = (code: string) =>
  crypto.createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex')

/** A recovery code looks like one (12 characters of the alphabet), not like a 6-digit code. */
export const looksLikeRecoveryCode = (code: string) => {
  const n = normaliseRecoveryCode(code)
  return n.length === 12 && [...n].every(c => ALPHABET.includes(c))
}
