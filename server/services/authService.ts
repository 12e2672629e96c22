import type { Clock } from '../utils/clock'
import type { UserRepository, UserRow } from '../data/userRepository'
import type { AuditTrail } from './notify/auditTrail'
import type { TokenRepository } from '../data/tokenRepository'
import type { SignInAttemptRepository } from '../data/signInAttemptRepository'
import type { PasswordHasher } from './passwords'
import type { CurrentUser } from '../roles'
import { AppError, ForbiddenError } from '../errors'
import { newId, randomToken, sha256 } from '../utils/ids'

export const SIGN_IN_FAILED = 'Enter a correct email address and password'
export const TOO_MANY_ATTEMPTS = 'You have tried to sign in too many times. Wait 15 minutes, then try again.'

const WINDOW_MS = 15 * 60 * 1000
const MAX_PER_ACCOUNT = 10
const MAX_PER_ADDRESS = 50
const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000

export function toCurrentUser(u: UserRow): CurrentUser {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    organisationId: u.organisationId,
    isManager: u.isManager,
    courtIds: u.courtIds,
    mustChangePassword: u.mustChangePassword,
  }
}

export function createAuthService(deps: {
  users: UserRepository
  tokens: TokenRepository
  attempts: SignInAttemptRepository
  audit: AuditTrail
  passwords: PasswordHasher
  clock: Clock
}) {
  const { users, tokens, attempts, audit, passwords, clock } = deps
  const now = () => clock.now().toISOString()

  async function tooManyAttempts(emailHash: string, ip: string): Promise<boolean> {
    const since = new Date(clock.now().getTime() - WINDOW_MS).toISOString()
    const { account, address } = await attempts.countSince(emailHash, ip, since)
    return account >= MAX_PER_ACCOUNT || address >= MAX_PER_ADDRESS
  }

  return {
    /**
     * Checks email and password. One message for an unknown email and a wrong password; failures
     * are limited per account (hashed, so unknown emails count too and reveal nothing) and per address.
     */
    async signIn(emailInput: string, password: string, ip: string): Promise<CurrentUser> {
      const email = emailInput.trim().toLowerCase()
      const emailHash = sha256(email)
      if (await tooManyAttempts(emailHash, ip)) {
        await audit.record({ userId: null, action: 'sign_in_blocked', ip, detail: { emailHash } }, now())
        throw new AppError(
          429,
          TOO_MANY_ATTEMPTS,
          [{ field: 'email', message: TOO_MANY_ATTEMPTS }],
          'Too many requests',
        )
      }
      const user = email && password ? await users.findByEmail(email) : null
      const ok =
        user && !user.disabled
          ? await passwords.verify(password, user.passwordHash)
          : (await passwords.burn(password), false)
      if (!user || !ok) {
        await attempts.record({ emailHash, ip, at: now() })
        await audit.record({ userId: user?.id ?? null, action: 'sign_in_failed', ip, detail: { emailHash } }, now())
        throw new AppError(401, SIGN_IN_FAILED, [{ field: 'email', message: SIGN_IN_FAILED }], 'Unauthorized')
      }
      await users.recordSignIn(user.id, now())
      await audit.record({ userId: user.id, action: 'sign_in', ip }, now())
      return toCurrentUser(user)
    },

    async currentUser(id: string): Promise<CurrentUser | null> {
      const user = await users.findById(id)
      return user && !user.disabled ? toCurrentUser(user) : null
    },

    async issueToken(user: CurrentUser, ip: string): Promise<{ token: string; expiresAt: string }> {
      // A temporary password (new user or admin reset) must be replaced first, or the API would skip that step.
      if (user.mustChangePassword)
        throw new ForbiddenError('Sign in on the website and choose a new password before asking for an API token')
      const token = randomToken()
      const expiresAt = new Date(clock.now().getTime() + TOKEN_LIFETIME_MS).toISOString()
      await tokens.insert({ id: newId(), userId: user.id, tokenHash: sha256(token), createdAt: now(), expiresAt })
      await audit.record({ userId: user.id, action: 'issue_api_token', ip }, now())
      return { token, expiresAt }
    },

    /** The user behind a bearer token, or null when it is unknown, expired, revoked or the user disabled. */
    async userForToken(token: string): Promise<CurrentUser | null> {
      const row = await tokens.byHash(sha256(token))
      if (!row || row.revokedAt || row.expiresAt <= now()) return null
      return this.currentUser(row.userId)
    },

    async tokensFor(userId: string) {
      return (await tokens.forUser(userId)).map(t => ({
        id: t.id,
        createdAt: t.createdAt,
        expiresAt: t.expiresAt,
        revokedAt: t.revokedAt,
        active: !t.revokedAt && t.expiresAt > now(),
      }))
    },

    async revokeTokens(by: CurrentUser, userId: string, tokenId?: string): Promise<number> {
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
