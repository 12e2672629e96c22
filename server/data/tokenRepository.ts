import type { Knex } from 'knex'
import { conn, type TxLike } from './unitOfWork'

export interface TokenRow {
  id: string
  userId: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
  lastUsedAt: string | null
}

const toToken = (r: Record<string, unknown>): TokenRow => ({
  id: r.id as string,
  userId: r.user_id as string,
  createdAt: r.created_at as string,
  expiresAt: r.expires_at as string,
  revokedAt: (r.revoked_at as string) ?? null,
  lastUsedAt: (r.last_used_at as string) ?? null,
})

/** API bearer tokens: only each token's SHA-256 is kept. */
export function createTokenRepository(db: Knex) {
  return {
    async insert(
      t: { id: string; userId: string; tokenHash: string; createdAt: string; expiresAt: string },
      tx?: TxLike,
    ) {
      await conn(
        db,
        tx,
      )('api_token').insert({
        id: t.id,
        user_id: t.userId,
        token_hash: t.tokenHash,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
      })
    },

    async byHash(tokenHash: string, tx?: TxLike): Promise<TokenRow | null> {
      const r = await conn(db, tx)('api_token').where('token_hash', tokenHash).first()
      return r ? toToken(r) : null
    },

    /** A user's tokens, newest first (at most 50). */
    async forUser(userId: string, tx?: TxLike): Promise<TokenRow[]> {
      const rows = await conn(db, tx)('api_token').where('user_id', userId).orderBy('created_at', 'desc').limit(50)
      return rows.map(toToken)
    },

    /** Notes a token's use, at most once a minute (a busy client does not write on every call). */
    async touch(id: string, at: string, tx?: TxLike): Promise<void> {
      const minuteAgo = new Date(Date.parse(at) - 60_000).toISOString()
      await conn(
        db,
        tx,
      )('api_token')
        .where({ id })
        .where(q => q.whereNull('last_used_at').orWhere('last_used_at', '<', minuteAgo))
        .update({ last_used_at: at })
    },

    /** Revokes a user's live tokens (or the one named); returns how many. */
    async revoke(userId: string, at: string, tokenId?: string, tx?: TxLike): Promise<number> {
      const q = conn(db, tx)('api_token').where('user_id', userId).whereNull('revoked_at')
      if (tokenId) q.where('id', tokenId)
      return q.update({ revoked_at: at })
    },
  }
}

export type TokenRepository = ReturnType<typeof createTokenRepository>
