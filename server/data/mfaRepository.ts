import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'

export interface MfaState {
  /** The TOTP secret, encrypted (never stored in the clear); null when none was ever set up. */
  encryptedSecret: string | null
  enabledAt: string | null
  /** The last 30-second step whose code was accepted: a code is good once. */
  lastStep: number | null
}

/** Two-step verification: a user's TOTP secret and their one-time recovery codes (hashed). */
export function createMfaRepository(db: Knex) {
  return {
    async state(userId: string, tx?: TxLike): Promise<MfaState | null> {
      const r = await conn(
        db,
        tx,
      )('app_user')
        .where({ id: userId })
        .first('mfa_secret', 'mfa_enabled_at', 'mfa_last_step')
      if (!r) return null
      return {
        encryptedSecret: (r.mfa_secret as string) ?? null,
        enabledAt: (r.mfa_enabled_at as string) ?? null,
        lastStep: r.mfa_last_step === null || r.mfa_last_step === undefined ? null : Number(r.mfa_last_step),
      }
    },

    /**
     * Turns it on: the (encrypted) secret the first code confirmed, the step of that code, and the
     * recovery codes' hashes. False when it was already on (a second tab confirming too).
     */
    async enable(
      userId: string,
      s: { encryptedSecret: string; at: string; step: number; codeHashes: string[] },
      newId: () => string,
      tx: TxLike,
    ): Promise<boolean> {
      const trx = conn(db, tx)
      const n = await trx('app_user')
        .where({ id: userId })
        .whereNull('mfa_enabled_at')
        .update({ mfa_secret: s.encryptedSecret, mfa_enabled_at: s.at, mfa_last_step: s.step })
      if (n !== 1) return false
      const { at, codeHashes } = s
      await trx('mfa_recovery_code').where({ user_id: userId }).del()
      if (codeHashes.length)
        await trx('mfa_recovery_code').insert(
          codeHashes.map(code_hash => ({ id: newId(), user_id: userId, code_hash, created_at: at })),
        )
      return true
    },

    /**
     * Takes a time step as used, only if it is later than the last one used: two sign-ins with one
     * code, even at the same moment, cannot both succeed.
     */
    async useStep(userId: string, step: number, tx?: TxLike): Promise<boolean> {
      const n = await conn(
        db,
        tx,
      )('app_user')
        .where({ id: userId })
        .whereNotNull('mfa_enabled_at')
        .where(q => q.whereNull('mfa_last_step').orWhere('mfa_last_step', '<', step))
        .update({ mfa_last_step: step })
      return n === 1
    },

    /** Spends a recovery code: true only the first time, for a code of this user's. */
    async useRecoveryCode(userId: string, codeHash: string, at: string, tx?: TxLike): Promise<boolean> {
      const n = await conn(
        db,
        tx,
      )('mfa_recovery_code')
        .where({ user_id: userId, code_hash: codeHash })
        .whereNull('used_at')
        .update({ used_at: at })
      return n === 1
    },

    async recoveryCodesLeft(userId: string, tx?: TxLike): Promise<number> {
      const r = await conn(
        db,
        tx,
      )('mfa_recovery_code')
        .where({ user_id: userId })
        .whereNull('used_at')
        .count({ n: '*' })
        .first()
      return Number(r?.n ?? 0)
    },

    /** New recovery codes in place of the old (all of them, used or not). */
    async replaceRecoveryCodes(userId: string, at: string, codeHashes: string[], newId: () => string, tx: TxLike) {
      const trx = conn(db, tx)
      await trx('mfa_recovery_code').where({ user_id: userId }).del()
      await trx('mfa_recovery_code').insert(
        codeHashes.map(code_hash => ({ id: newId(), user_id: userId, code_hash, created_at: at })),
      )
    },

    /** Turns it off and forgets the secret and every recovery code (an admin's reset, or the user's own). */
    async clear(userId: string, tx?: TxLike): Promise<void> {
      const trx = conn(db, tx)
      await trx('mfa_recovery_code').where({ user_id: userId }).del()
      await trx('app_user')
        .where({ id: userId })
        .update({ mfa_secret: null, mfa_enabled_at: null, mfa_last_step: null })
    },
  }
}

export type MfaRepository = ReturnType<typeof createMfaRepository>
