import crypto from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>

const KEY_LENGTH = 32

// OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1. maxmem must exceed 128*N*r bytes.
export function createPasswordHasher(cost: number) {
  const options = (n: number): crypto.ScryptOptions => ({ N: n, r: 8, p: 1, maxmem: 129 * n * 8 + 1024 * 1024 })

  async function hash(password: string): Promise<string> {
    const salt = crypto.randomBytes(16)
    const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options(cost))
    return `scrypt$${cost}$8$1$${salt.toString('base64')}$${key.toString('base64')}`
  }

  async function verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, , , salt, key] = stored.split('$')
    if (scheme !== 'scrypt' || !salt || !key) return false
    const expected = Buffer.from(key, 'base64')
    const actual = await scrypt(
      password.normalize('NFC'),
      Buffer.from(salt, 'base64'),
      expected.length,
      options(Number(n)),
    )
    return crypto.timingSafeEqual(actual, expected)
  }

  // Spend the same time on an unknown email as on a wrong password.
  let dummy: Promise<string> | null = null
  async function burn(password: string): Promise<void> {
    dummy ??= hash('not-a-real-password')
    await verify(password, await dummy)
  }

  return { hash, verify, burn }
}

export type PasswordHasher = ReturnType<typeof createPasswordHasher>

export const PASSWORD_RULES = 'Password must be at least 12 characters'

export function passwordProblem(password: string): string | null {
  if (password.length < 12) return PASSWORD_RULES
  if (password.length > 200) return 'Password must be 200 characters or fewer'
  return null
}
