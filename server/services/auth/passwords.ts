import crypto from 'node:crypto'
import type { HashPool } from './hashPool'

const KEY_LENGTH = 32

/**
 * Password hashes: scrypt N=2^17, r=8, p=1 (OWASP Password Storage Cheat Sheet; ASVS 5.0 11.4.2),
 * maxmem above 128*N*r bytes. Every hash runs in the bounded pool (`hashPool.ts`), never on the
 * main thread or beside the database's queries.
 */
export function createPasswordHasher(cost: number, pool: HashPool) {
  const options = (n: number) => ({ N: n, r: 8, p: 1, maxmem: 129 * n * 8 + 1024 * 1024 })
  const derive = (password: string, salt: Buffer, keyLength: number, n: number) =>
    pool.scrypt({ password: password.normalize('NFC'), salt, keyLength, options: options(n) })

  async function hash(password: string): Promise<string> {
    const salt = crypto.randomBytes(16)
    const key = await derive(password, salt, KEY_LENGTH, cost)
    return `scrypt$${cost}$8$1$${salt.toString('base64')}$${key.toString('base64')}`
  }

  async function verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, , , salt, key] = stored.split('$')
    if (scheme !== 'scrypt' || !salt || !key) return false
    const expected = Buffer.from(key, 'base64')
    const actual = await derive(password, Buffer.from(salt, 'base64'), expected.length, Number(n))
    return crypto.timingSafeEqual(actual, expected)
  }

  // Spend the same time on an unknown email as on a wrong password.
  let dummy: Promise<string> | null = null
  async function burn(password: string): Promise<void> {
    dummy ??= hash('not-a-real-password').catch(err => {
      dummy = null
      throw err
    })
    await verify(password, await dummy)
  }

  /** How many hashes are running and waiting now: the bound a flood of sign-ins must never pass. */
  const load = () => pool.load()

  return { hash, verify, burn, load, close: () => pool.close() }
}

export type PasswordHasher = ReturnType<typeof createPasswordHasher>
