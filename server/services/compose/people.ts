import type { ServiceRepositories } from './notify'
import type { Config } from '../../config'
import type { Clock } from '../../utils/clock'
import { createPasswordHasher } from '../auth/passwords'
import { createHashPool } from '../auth/hashPool'
import { createAuthService } from '../authService'
import { createUserService } from '../userService'
import { createMfaService } from '../auth/mfaService'

/** Signing in, tokens and users. */
export function composePeople(repos: ServiceRepositories, deps: { config: Config; clock: Clock }) {
  const { uow, audit, users, reference, tokens, attempts, sessions } = repos
  const { config, clock } = deps
  // Two hashes at a time at most, whatever arrives: see hashPool.ts.
  const passwords = createPasswordHasher(
    config.scryptCost,
    createHashPool({ threads: config.hashThreads, maxQueued: config.hashQueue }),
  )
  const mfa = createMfaService({
    mfa: repos.mfa,
    uow,
    audit,
    clock,
    sessionSecret: config.sessionSecret,
    required: config.mfaRequired,
  })
  return {
    passwords,
    mfa,
    auth: createAuthService({ users, tokens, attempts, audit, passwords, mfa, clock, mfaRequired: config.mfaRequired }),
    users: createUserService({ uow, users, tokens, reference, audit, passwords, sessions, mfa, clock }),
  }
}
