import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'

/** Failed sign-ins, by hashed email and by address, for throttling. */
export function createSignInAttemptRepository(db: Knex) {
  return {
    async record(a: { emailHash: string; ip: string; at: string }, tx?: TxLike): Promise<void> {
      await conn(db, tx)('sign_in_attempt').insert({ email_hash: a.emailHash, ip: a.ip, at: a.at })
    },

    /** Failures since a moment for an account and for an address, counted together. */
    async countSince(emailHash: string, ip: string, since: string, tx?: TxLike) {
      const trx = conn(db, tx)
      const [account, address] = await Promise.all([
        trx('sign_in_attempt').where('email_hash', emailHash).where('at', '>', since).count({ n: '*' }).first(),
        trx('sign_in_attempt').where('ip', ip).where('at', '>', since).count({ n: '*' }).first(),
      ])
      return { account: Number(account?.n ?? 0), address: Number(address?.n ?? 0) }
    },
  }
}

export type SignInAttemptRepository = ReturnType<typeof createSignInAttemptRepository>
