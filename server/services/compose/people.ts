import type { Knex } from 'knex'
import type { Repositories } from '../../data'
import type { Config } from '../../config'
import type { Clock } from '../../utils/clock'
import { createPasswordHasher } from '../passwords'
import { createAuthService } from '../authService'
import { createUserService } from '../userService'

/** Signing in, tokens and users. */
export function composePeople(repos: Repositories, db: Knex, deps: { config: Config; clock: Clock }) {
  const { audit, users, reference } = repos
  const { config, clock } = deps
  const passwords = createPasswordHasher(config.scryptCost)
  return {
    passwords,
    auth: createAuthService({ db, users, audit, passwords, clock }),
    users: createUserService({ db, users, reference, audit, passwords, clock }),
  }
}
