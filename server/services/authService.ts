import type { Clock } from '../utils/clock'
import type { UserRepository, UserRow } from '../data/userRepository'
import type { AuditTrail } from './notify/auditTrail'
import type { TokenRepository } from '../data/tokenRepository'
import type { SignInAttemptRepository } from '../data/signInAttemptRepository'
import type { PasswordHasher } from './auth/passwords'
import type { MfaService } from './auth/mfaService'
import type { CurrentUser } from '../roles'
import { AppError, ForbiddenError, NotFoundError, TooManyRequestsError } from '../errors'
import { newId, randomToken, sha256 } from '../utils/ids'
import { ACCOUNT_FREE, PAIR_FREE, attemptWindows, throttleWait, waitWords } from './auth/throttle'

export const SIGN_IN_FAILED = 'Enter a correct email address and password'
export const CODE_FAILED = 'Enter the code shown in your authenticator app now, or one of your recovery codes'
export const OTP_NEEDED =
  'This account uses two-step verification: send the 6-digit code from the authenticator app (or a recovery code) as otp'
export const ENROL_FIRST = 'Set up two-step verification on the website (Your account) before asking for an API token'

const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000

export const tooManyAttempts = (ms: number, field = 'email') =>
  new TooManyRequestsError(
    `You have tried to sign in too many times. Wait ${waitWords(ms)}, then try again.`,
    Math.ceil(ms / 1000),
    field,
  )

export function toCurrentUser(u: UserRow, mfaRequired = false): CurrentUser {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    organisationId: u.organisationId,
    isManager: u.isManager,
    courtIds: u.courtIds,
    mustChangePassword: u.mustChangePassword,
    mustSetUpMfa: mfaRequired && !u.mfaEnabled,
  }
}

/** After a correct password: signed in, or a second step first (a code, or setting one up). */
export interface PasswordChecked {
  user: CurrentUser
  next: 'signed-in' | 'code'
}

export function createAuthService(deps: {
  users: UserRepository
  tokens: TokenRepository
  attempts: SignInAttemptRepository
  audit: AuditTrail
  passwords: PasswordHasher
  mfa: MfaService
  clock: Clock
  mfaRequired: boolean
}) {
  const { users, tokens, attempts, audit, passwords, mfa, clock, mfaRequired } = deps
  const now = () => clock.now().toISOString()
  const current = (u: UserRow) => toCurrentUser(u, mfaRequired)
  const active = (user: UserRow | null) => (user && !user.disabled ? current(user) : null)

  /**
   * One throttled attempt (ASVS 6.3.1): counted and recorded before the check runs, so parallel
   * guesses are counted one by one; a success forgets the pair's failures. The owner is told when
   * their account starts being slowed down.
   */
  async function attempt<T>(
    email: string,
    ip: string,
    field: string,
    check: () => Promise<T | null>,
  ): Promise<T | null> {
    const emailHash = sha256(email)
    const nowMs = clock.now().getTime()
    const { stats, attemptId } = await attempts.claim(
      { emailHash, ip, at: now() },
      attemptWindows(nowMs),
      s => throttleWait(s, nowMs).ms === 0,
    )
    if (attemptId === null) {
      const wait = throttleWait(stats, nowMs)
      await audit.record(
        { userId: null, action: 'sign_in_blocked', ip, detail: { emailHash, reason: wait.reason } },
        now(),
      )
      throw tooManyAttempts(wait.ms, field)
    }
    const result = await check()
    if (result !== null) {
      await attempts.succeeded(emailHash, ip)
      return result
    }
    // This failure is the one that starts the waiting: the owner hears of it, once.
    const owner = await users.findByEmail(email)
    if (owner && (stats.pair.count + 1 === PAIR_FREE || stats.account.count + 1 === ACCOUNT_FREE))
      await audit.record(
        { userId: null, action: 'account_throttled', subjectType: 'user', subjectId: owner.id, ip },
        now(),
      )
    return null
  }

  async function checkPassword(emailInput: string, password: string, ip: string): Promise<UserRow> {
    const email = emailInput.trim().toLowerCase()
    const user = await attempt(email, ip, 'email', async () => {
      const found = email && password ? await users.findByEmail(email) : null
      const ok =
        found && !found.disabled
          ? await passwords.verify(password, found.passwordHash)
          : (await passwords.burn(password), false)
      return found && ok ? found : null
    })
    if (user) return user
    const known = await users.findByEmail(email)
    await audit.record(
      { userId: known?.id ?? null, action: 'sign_in_failed', ip, detail: { emailHash: sha256(email) } },
      now(),
    )
    throw new AppError(401, SIGN_IN_FAILED, [{ field: 'email', message: SIGN_IN_FAILED }], 'Unauthorized')
  }

  /** A second-step code (TOTP or recovery), throttled like a password. */
  async function checkCode(user: UserRow, code: string, ip: string, field: string): Promise<void> {
    const ok = await attempt(user.email, ip, field, async () => ((await mfa.verify(user, code, ip)) ? true : null))
    if (ok) return
    await audit.record({ userId: user.id, action: 'sign_in_code_failed', ip }, now())
    throw new AppError(401, CODE_FAILED, [{ field, message: CODE_FAILED }], 'Unauthorized')
  }

  async function signedIn(user: UserRow, ip: string): Promise<CurrentUser> {
    await users.recordSignIn(user.id, now())
    await audit.record({ userId: user.id, action: 'sign_in', ip }, now())
    return current(user)
  }

  return {
    /**
     * Checks email and password. One message for an unknown email and a wrong password; attempts are
     * throttled per account and address (hashed email, so unknown emails count too and reveal nothing).
     */
    async signIn(email: string, password: string, ip: string): Promise<PasswordChecked> {
      const user = await checkPassword(email, password, ip)
      if (user.mfaEnabled) return { user: current(user), next: 'code' }
      return { user: await signedIn(user, ip), next: 'signed-in' }
    },

    /** The second step of a sign-in: the user whose password was right gives a code. */
    async signInWithCode(userId: string, code: string, ip: string): Promise<CurrentUser> {
      const user = await users.findById(userId)
      if (!user || user.disabled || !user.mfaEnabled) throw new NotFoundError()
      await checkCode(user, code, ip, 'code')
      return signedIn(user, ip)
    },

    async currentUser(id: string): Promise<CurrentUser | null> {
      return active(await users.findById(id))
    },

    /** The signed-in user a user row stands for: null when there is none or it is disabled. */
    activeUser: active,

    /** The API's sign-in: email, password and, when the user has two-step verification, `otp`. */
    async exchangeForToken(email: string, password: string, otp: string | undefined, ip: string) {
      const user = await checkPassword(email, password, ip)
      if (user.mfaEnabled) {
        if (!otp) throw new AppError(401, OTP_NEEDED, [{ field: 'otp', message: OTP_NEEDED }], 'Unauthorized')
        await checkCode(user, otp, ip, 'otp')
      } else if (mfaRequired) throw new ForbiddenError(ENROL_FIRST)
      await audit.record({ userId: user.id, action: 'sign_in', ip, detail: { via: 'api' } }, now())
      return this.issueToken(current(user), ip)
    },

    async issueToken(user: CurrentUser, ip: string): Promise<{ token: string; expiresAt: string }> {
      // A temporary password (new user or admin reset) must be replaced first, or the API would skip that step.
      if (user.mustChangePassword)
        throw new ForbiddenError('Sign in on the website and choose a new password before asking for an API token')
      const token = randomToken()
      const expiresAt = new Date(clock.now().getTime() + TOKEN_LIFETIME_MS).toISOString()
      const id = newId()
      await tokens.insert({ id, userId: user.id, tokenHash: sha256(token), createdAt: now(), expiresAt })
      await audit.record(
        { userId: user.id, action: 'issue_api_token', subjectType: 'user', subjectId: user.id, ip, detail: { id } },
        now(),
      )
      return { token, expiresAt }
    },

    /** The user behind a bearer token, or null when it is unknown, expired, revoked or the user disabled. */
    async userForToken(token: string): Promise<CurrentUser | null> {
      const row = await tokens.byHash(sha256(token))
      if (!row || row.revokedAt || row.expiresAt <= now()) return null
      const user = await this.currentUser(row.userId)
      if (user) await tokens.touch(row.id, now())
      return user
    },

    async tokensFor(userId: string) {
      return (await tokens.forUser(userId)).map(t => ({
        id: t.id,
        createdAt: t.createdAt,
        expiresAt: t.expiresAt,
        revokedAt: t.revokedAt,
        lastUsedAt: t.lastUsedAt,
        active: !t.revokedAt && t.expiresAt > now(),
      }))
    },

    /** Revokes a user's tokens (or one); a token that is not the user's is not found. */
    async revokeTokens(by: CurrentUser, userId: string, tokenId?: string): Promise<number> {
      if (tokenId && !(await tokens.forUser(userId)).some(t => t.id === tokenId)) throw new NotFoundError()
      const n = await tokens.revoke(userId, now(), tokenId)
      await audit.record(
        { userId: by.id, action: 'revoke_api_tokens', subjectType: 'user', subjectId: userId, detail: { n } },
        now(),
      )
      return n
    },

    async recordSignOut(userId: string, ip: string): Promise<void> {
      await audit.record({ userId, action: 'sign_out', ip }, now())
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
