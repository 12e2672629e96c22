import { z } from 'zod'
import type { Clock } from '../utils/clock'
import type { UserRepository, UserRow } from '../data/userRepository'
import type { ReferenceRepository } from '../data/referenceRepository'
import type { AuditTrail } from './notify/auditTrail'
import type { TokenRepository } from '../data/tokenRepository'
import type { UnitOfWork } from '../data/unitOfWork'
import type { SessionRepository } from '../data/sessionRepository'
import type { MfaService } from './auth/mfaService'
import type { PasswordHasher } from './auth/passwords'
import { passwordProblem } from './passwordPolicy'
import { ROLES, type CurrentUser, type Role } from '../roles'
import { ConflictError, NotFoundError, RuleError, ValidationError, type FieldError } from '../errors'
import { newId, randomToken } from '../utils/ids'
import { parse, text } from './validation'

export const userInput = z.object({
  name: text('the full name'),
  email: z
    .string({ error: 'Enter an email address' })
    .trim()
    .toLowerCase()
    .max(254, { error: 'Email address must be 254 characters or fewer' })
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' })),
  role: z.enum(ROLES, { error: 'Select a role' }),
  organisationId: z.string().nullable().optional().default(null),
  isManager: z.boolean().optional().default(false),
  courtIds: z.array(z.string()).optional().default([]),
})
export type UserInput = z.infer<typeof userInput>

/** Clerks and sentencers are linked to the courts they work at; no other role is. */
export const COURT_ROLES: readonly Role[] = ['clerk', 'sentencer']

export interface PublicUser {
  id: string
  name: string
  email: string
  role: Role
  organisationId: string | null
  /** The courts a clerk or sentencer works at (empty for other roles). */
  courtIds: string[]
}

export const publicUser = (u: UserRow): PublicUser => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  organisationId: u.organisationId,
  courtIds: u.courtIds,
})

export function createUserService(deps: {
  uow: UnitOfWork
  users: UserRepository
  tokens: TokenRepository
  reference: ReferenceRepository
  audit: AuditTrail
  passwords: PasswordHasher
  sessions: SessionRepository
  mfa: MfaService
  clock: Clock
}) {
  const { uow, users, tokens, reference, audit, passwords, sessions, mfa, clock } = deps
  const now = () => clock.now().toISOString()

  /**
   * Probation and provider users belong to an organisation of their own kind; clerks and sentencers work
   * at courts (their calendar, lists and paper queue start there), which an administrator must choose
   * when the service has courts (`requireCourts`; seeds and `user:create` may link them later). Other roles
   * have no courts.
   */
  async function checkLinks(data: UserInput, requireCourts = false): Promise<void> {
    const errors: FieldError[] = []
    if (data.role === 'probation' || data.role === 'provider') {
      const org = data.organisationId ? await reference.organisation(data.organisationId) : null
      if (!org || org.kind !== data.role)
        errors.push({
          field: 'organisationId',
          message: `Select the ${data.role === 'probation' ? 'probation' : 'treatment provider'} organisation this user works for`,
        })
    } else if (data.organisationId) {
      data.organisationId = null
    }
    const courts = new Set((await reference.courts()).map(c => c.id))
    const atCourts = COURT_ROLES.includes(data.role)
    data.courtIds = atCourts ? [...new Set(data.courtIds)] : []
    if (data.courtIds.some(id => !courts.has(id)))
      errors.push({ field: 'courtIds', message: 'Select courts from the list' })
    else if (atCourts && requireCourts && courts.size > 0 && data.courtIds.length === 0)
      errors.push({
        field: 'courtIds',
        message: `Select the courts this ${data.role === 'clerk' ? 'clerk works' : 'magistrate or judge sits'} at`,
      })
    if (errors.length) throw new ValidationError(errors)
  }

  /**
   * A password changed or reset, two-step verification reset, or the user disabled: every other
   * session ends and every API token stops working (ASVS 5.0 7.4.3). `keepSid` is the session making
   * the change, when it is the user's own.
   */
  async function endAccess(userId: string, keepSid?: string): Promise<{ sessions: number; tokens: number }> {
    return { sessions: await sessions.destroyForUser(userId, keepSid), tokens: await tokens.revoke(userId, now()) }
  }

  async function get(id: string): Promise<UserRow> {
    const user = await users.findById(id)
    if (!user) throw new NotFoundError('User not found')
    return user
  }

  return {
    get,
    list: (filter: { role?: Role; includeDisabled?: boolean } = {}) => users.list(filter),
    /** Names only, for a bench shown on a list or calendar. */
    namesOf: (ids: string[]) => users.namesOf(ids),

    /** Creates a user with a one-time password they must change at first sign-in. */
    async create(by: CurrentUser, input: unknown): Promise<{ user: UserRow; temporaryPassword: string }> {
      const data = parse(userInput, input)
      await checkLinks(data, true)
      if (await users.findByEmail(data.email))
        throw new ValidationError([{ field: 'email', message: 'A user with this email address already exists' }])
      const temporaryPassword = randomToken(12)
      const id = newId()
      await uow.run(async trx => {
        await users.insert(id, data, await passwords.hash(temporaryPassword), true, now(), trx)
        await audit.record({ userId: by.id, action: 'create_user', subjectType: 'user', subjectId: id }, now(), trx)
      })
      return { user: await get(id), temporaryPassword }
    },

    /** Used by seeds and `npm run user:create`: a known password, no forced change. */
    async createWithPassword(input: unknown, password: string, mustChange = false): Promise<UserRow> {
      const data = parse(userInput, input)
      await checkLinks(data)
      const problem = passwordProblem(password, { email: data.email, name: data.name })
      if (problem) throw new ValidationError([{ field: 'password', message: problem }])
      const id = newId()
      await users.insert(id, data, await passwords.hash(password), mustChange, now())
      return get(id)
    },

    async update(by: CurrentUser, id: string, input: unknown, version: number): Promise<UserRow> {
      await get(id)
      const data = parse(userInput, input)
      await checkLinks(data, true)
      const clash = await users.findByEmail(data.email)
      if (clash && clash.id !== id)
        throw new ValidationError([{ field: 'email', message: 'A user with this email address already exists' }])
      await uow.run(async trx => {
        if (!(await users.update(id, data, version, now(), trx)))
          throw new ConflictError(
            'Someone else changed this user while you were editing. Check the details and try again.',
          )
        await audit.record({ userId: by.id, action: 'update_user', subjectType: 'user', subjectId: id }, now(), trx)
      })
      return get(id)
    },

    async setDisabled(by: CurrentUser, id: string, disabled: boolean): Promise<void> {
      await get(id)
      if (id === by.id && disabled)
        throw new ValidationError([{ field: 'disabled', message: 'You cannot disable your own account' }])
      await users.setDisabled(id, disabled, now())
      const ended = disabled ? await endAccess(id) : undefined
      await audit.record(
        {
          userId: by.id,
          action: disabled ? 'disable_user' : 'enable_user',
          subjectType: 'user',
          subjectId: id,
          ...(ended ? { detail: ended } : {}),
        },
        now(),
      )
    },

    async resetPassword(by: CurrentUser, id: string): Promise<string> {
      await get(id)
      const temporaryPassword = randomToken(12)
      await users.setPassword(id, await passwords.hash(temporaryPassword), true, now())
      // A reset means the account may be compromised: its sessions end and its API tokens stop working.
      const ended = await endAccess(id)
      await audit.record(
        { userId: by.id, action: 'reset_password', subjectType: 'user', subjectId: id, detail: ended },
        now(),
      )
      return temporaryPassword
    },

    /** A lost phone: an administrator turns the user's two-step verification off; they set it up again. */
    async resetMfa(by: CurrentUser, id: string, ip: string): Promise<void> {
      const user = await get(id)
      if (!user.mfaEnabled) throw new RuleError('This user has not set up two-step verification')
      await mfa.clear(id)
      const ended = await endAccess(id)
      await audit.record(
        { userId: by.id, action: 'reset_mfa', subjectType: 'user', subjectId: id, ip, detail: ended },
        now(),
      )
    },

    /** The user's own change: the session making it stays signed in, every other one ends. */
    async changeOwnPassword(
      user: CurrentUser,
      current: string,
      next: string,
      confirm: string,
      keepSid?: string,
    ): Promise<void> {
      const row = await get(user.id)
      const errors: FieldError[] = []
      if (!(await passwords.verify(current, row.passwordHash)))
        errors.push({ field: 'currentPassword', message: 'Current password is not correct' })
      const problem = passwordProblem(next, { email: row.email, name: row.name })
      if (problem) errors.push({ field: 'newPassword', message: problem })
      else if (next === current)
        errors.push({ field: 'newPassword', message: 'New password must be different from the current one' })
      if (next !== confirm) errors.push({ field: 'confirmPassword', message: 'Passwords do not match' })
      if (errors.length) throw new ValidationError(errors)
      await users.setPassword(user.id, await passwords.hash(next), false, now())
      const ended = await endAccess(user.id, keepSid)
      await audit.record(
        { userId: user.id, action: 'change_password', subjectType: 'user', subjectId: user.id, detail: ended },
        now(),
      )
    },
  }
}

export type UserService = ReturnType<typeof createUserService>
