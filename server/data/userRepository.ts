import type { Knex } from 'knex'
import { conn, type TxLike, type Raw } from './unitOfWork'
import { isPostgres } from '../db/createDb'
import type { Role } from '../roles'

export interface UserRow {
  id: string
  email: string
  name: string
  role: Role
  organisationId: string | null
  organisationName: string | null
  isManager: boolean
  passwordHash: string
  mustChangePassword: boolean
  disabled: boolean
  lastSignInAt: string | null
  /** Two-step verification (TOTP) is turned on. */
  mfaEnabled: boolean
  courtIds: string[]
  version: number
}

export interface UserWrite {
  email: string
  name: string
  role: Role
  organisationId: string | null
  isManager: boolean
  courtIds: string[]
}

export const toUser = (r: Raw, courtIds: string[]): UserRow => ({
  id: r.id as string,
  email: r.email as string,
  name: r.name as string,
  role: r.role as Role,
  organisationId: (r.organisation_id as string) ?? null,
  organisationName: (r.organisation_name as string) ?? null,
  isManager: Boolean(r.is_manager),
  passwordHash: r.password_hash as string,
  mustChangePassword: Boolean(r.must_change_password),
  disabled: Boolean(r.disabled),
  lastSignInAt: (r.last_sign_in_at as string) ?? null,
  mfaEnabled: Boolean(r.mfa_enabled_at),
  courtIds,
  version: Number(r.version),
})

/** A user's court ids as one comma-separated value, in a subquery on `u` (uuids hold no commas). */
export const courtListOf = (db: Knex) =>
  isPostgres(db) ? "string_agg(c.court_id, ',' order by c.court_id)" : "group_concat(c.court_id, ',')"

/** A user row read with `court_ids` (courtListOf) as a UserRow. */
export const toUserWithCourts = (r: Raw): UserRow => toUser(r, r.court_ids ? String(r.court_ids).split(',') : [])

export function createUserRepository(db: Knex) {
  // Court ids are uuids (no commas), in id order as the primary key (user_id, court_id) keeps them.
  const courtList = courtListOf(db)
  const base = (tx?: TxLike) =>
    conn(
      db,
      tx,
    )('app_user as u')
      .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select('u.*', 'o.name as organisation_name')

  async function withCourts(rows: Raw[], tx: TxLike): Promise<UserRow[]> {
    const trx = conn(db, tx)
    if (rows.length === 0) return []
    const links = await trx('user_court').whereIn(
      'user_id',
      rows.map(r => r.id as string),
    )
    const byUser = new Map<string, string[]>()
    for (const l of links) byUser.set(l.user_id, [...(byUser.get(l.user_id) ?? []), l.court_id])
    return rows.map(r => toUser(r, byUser.get(r.id as string) ?? []))
  }

  return {
    /**
     * One user with their courts in the same statement: every signed-in request loads its user, so
     * this is one query a page rather than two.
     */
    async findById(id: string, tx?: TxLike): Promise<UserRow | null> {
      const trx = conn(db, tx)
      const row = await base(trx)
        .select(trx.raw(`(select ${courtList} from user_court c where c.user_id = u.id) as court_ids`))
        .where('u.id', id)
        .first()
      return row ? toUserWithCourts(row) : null
    },

    async findByEmail(email: string, tx?: TxLike): Promise<UserRow | null> {
      const trx = conn(db, tx)
      const row = await base(trx).where('u.email', email.trim().toLowerCase()).first()
      return row ? (await withCourts([row], trx))[0] : null
    },

    async findByIds(ids: string[], tx?: TxLike): Promise<UserRow[]> {
      const trx = conn(db, tx)
      if (ids.length === 0) return []
      return withCourts(await base(trx).whereIn('u.id', ids), trx)
    },

    /** Just the names of some users (a bench on a list): one query, no courts. */
    async namesOf(ids: string[], tx?: TxLike): Promise<{ id: string; name: string }[]> {
      if (ids.length === 0) return []
      const rows = await conn(db, tx)('app_user').whereIn('id', ids).select('id', 'name')
      return rows.map(r => ({ id: String(r.id), name: String(r.name) }))
    },

    /** Just the role and state of some users, for checking who an order names. */
    async rolesOf(ids: string[], tx?: TxLike): Promise<{ id: string; role: Role; disabled: boolean }[]> {
      const trx = conn(db, tx)
      if (ids.length === 0) return []
      const rows = await trx('app_user').whereIn('id', ids).select('id', 'role', 'disabled')
      return rows.map(r => ({ id: r.id, role: r.role, disabled: Boolean(r.disabled) }))
    },

    async list(filter: { role?: Role; organisationId?: string; includeDisabled?: boolean } = {}): Promise<UserRow[]> {
      const q = base(db).orderBy('u.name')
      if (filter.role) q.where('u.role', filter.role)
      if (filter.organisationId) q.where('u.organisation_id', filter.organisationId)
      if (!filter.includeDisabled) q.where('u.disabled', false)
      return withCourts(await q, db)
    },

    async insert(id: string, user: UserWrite, passwordHash: string, mustChange: boolean, now: string, tx?: TxLike) {
      const trx = conn(db, tx)
      await trx('app_user').insert({
        id,
        email: user.email.trim().toLowerCase(),
        name: user.name,
        role: user.role,
        organisation_id: user.organisationId,
        is_manager: user.isManager,
        password_hash: passwordHash,
        must_change_password: mustChange,
        disabled: false,
        failed_logins: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      if (user.courtIds.length) await trx('user_court').insert(user.courtIds.map(c => ({ user_id: id, court_id: c })))
    },

    /** Optimistic lock: returns false when the row changed since `version`. */
    async update(id: string, user: UserWrite, version: number, now: string, tx: TxLike): Promise<boolean> {
      const trx = conn(db, tx)
      const n = await trx('app_user')
        .where({ id, version })
        .update({
          email: user.email.trim().toLowerCase(),
          name: user.name,
          role: user.role,
          organisation_id: user.organisationId,
          is_manager: user.isManager,
          updated_at: now,
          version: version + 1,
        })
      if (n === 0) return false
      await trx('user_court').where('user_id', id).del()
      if (user.courtIds.length) await trx('user_court').insert(user.courtIds.map(c => ({ user_id: id, court_id: c })))
      return true
    },

    async setDisabled(id: string, disabled: boolean, now: string): Promise<void> {
      await db('app_user')
        .where({ id })
        .update({ disabled, updated_at: now, version: db.raw('version + 1') })
    },

    async setPassword(id: string, passwordHash: string, mustChange: boolean, now: string): Promise<void> {
      await db('app_user')
        .where({ id })
        .update({
          password_hash: passwordHash,
          must_change_password: mustChange,
          updated_at: now,
          version: db.raw('version + 1'),
        })
    },

    async recordSignIn(id: string, now: string): Promise<void> {
      await db('app_user').where({ id }).update({ last_sign_in_at: now, failed_logins: 0 })
    },

    async count(): Promise<number> {
      const row = await db('app_user').count({ n: '*' }).first()
      return Number(row?.n ?? 0)
    },
  }
}

export type UserRepository = ReturnType<typeof createUserRepository>
