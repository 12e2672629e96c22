import type { ServiceRepositories } from './notify'
import type { Config } from '../../config'
import type { Clock } from '../../utils/clock'
import { createPasswordHasher } from '../passwords'
import { createAuthService } from '../authService'
import { createUserService } from '../userService'

/** Signing in, tokens and users. */
export function composePeople(repos: ServiceRepositories, deps: { config: Config; clock: Clock }) {
  const { uow, audit, users, reference, tokens, attempts } = repos
  const { config, clock } = deps
  const passwords = createPasswordHasher(config.scryptCost)
  return {
    passwords,
    auth: createAuthService({ users, tokens, attempts, audit, passwords, clock }),
    users: createUserService({ uow, users, tokens, reference, audit, passwords, clock }),
  }
}
