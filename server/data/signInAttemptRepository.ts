import type { Knex } from 'knex'
import { isPostgres } from '../db/createDb'
import { conn, type TxLike } from './unitOfWork'

/** Failures (and attempts still being checked) since a moment: how many, and the latest. */
export interface Tally {
  count: number
  lastAt: string | null
}

/** What the throttle decides on: the pair (this account from this address), the account, the address. */
export interface AttemptStats {
  pair: Tally
  account: Tally
  address: Tally
}

export interface AttemptWindows {
  /** Counted from these moments (ISO): the pair's delays grow over a longer window than the others. */
  pairSince: string
  accountSince: string
  addressSince: string
}

/**
 * Sign-in attempts, by hashed email and by address. An attempt is recorded before its password is
 * checked, in the same transaction that counts the earlier ones, so forty parallel guesses are counted
 * one after another (ASVS 6.3.1): on PostgreSQL the account's advisory lock orders them; SQLite has
 * one writer. A success removes the pair's rows: the owner starts again from nothing.
 */
export function createSignInAttemptRepository(db: Knex) {
  const postgres = isPostgres(db)

  async function tally(q: Knex.QueryBuilder): Promise<Tally> {
    const row = (await q.count({ n: '*' }).max({ last: 'at' }).first()) as { n?: unknown; last?: unknown } | undefined
    return { count: Number(row?.n ?? 0), lastAt: (row?.last as string | null) ?? null }
  }

  async function statsIn(trx: Knex, emailHash: string, ip: string, w: AttemptWindows): Promise<AttemptStats> {
    const attempts = () => trx('sign_in_attempt')
    return {
      pair: await tally(attempts().where({ email_hash: emailHash, ip }).where('at', '>', w.pairSince)),
      account: await tally(attempts().where({ email_hash: emailHash }).where('at', '>', w.accountSince)),
      address: await tally(attempts().where({ ip }).where('at', '>', w.addressSince)),
    }
  }

  return {
    /**
     * Counts the earlier attempts and, when `allow(stats)` says so, records this one, atomically.
     * Returns the stats it decided on and the new attempt's id (null when refused).
     */
    async claim(
      a: { emailHash: string; ip: string; at: string },
      windows: AttemptWindows,
      allow: (stats: AttemptStats) => boolean,
    ): Promise<{ stats: AttemptStats; attemptId: number | null }> {
      return db.transaction(async trx => {
        if (postgres) await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`sign-in:${a.emailHash}`])
        // SQLite: take the write lock first (a delete that matches nothing still does), waiting out
        // busy_timeout. A transaction that read first and then wrote would fail at once with SQLITE_BUSY
        // if another process (the worker pruning attempts) had written in between.
        else await trx('sign_in_attempt').where('id', '<', 0).del()
        const stats = await statsIn(trx, a.emailHash, a.ip, windows)
        if (!allow(stats)) return { stats, attemptId: null }
        const [row] = await trx('sign_in_attempt')
          .insert({ email_hash: a.emailHash, ip: a.ip, at: a.at })
          .returning<{ id: number }[]>('id')
        return { stats, attemptId: Number(typeof row === 'object' ? row.id : row) }
      })
    },

    /** A correct password: this pair's failures are forgotten (the attempt itself included). */
    async succeeded(emailHash: string, ip: string, tx?: TxLike): Promise<void> {
      await conn(db, tx)('sign_in_attempt').where({ email_hash: emailHash, ip }).del()
    },

    /** Records a failure outright (a wrong second-step code counts like a wrong password). */
    async record(a: { emailHash: string; ip: string; at: string }, tx?: TxLike): Promise<void> {
      await conn(db, tx)('sign_in_attempt').insert({ email_hash: a.emailHash, ip: a.ip, at: a.at })
    },

    /** The stats as they are now, without recording anything. */
    async stats(emailHash: string, ip: string, windows: AttemptWindows, tx?: TxLike): Promise<AttemptStats> {
      return statsIn(conn(db, tx), emailHash, ip, windows)
    },

    /** Forgets attempts older than a moment: they no longer count in any window. */
    async pruneBefore(at: string): Promise<number> {
      return db('sign_in_attempt').where('at', '<', at).del()
    },
  }
}

export type SignInAttemptRepository = ReturnType<typeof createSignInAttemptRepository>
