import type { Knex } from 'knex'
import type { Config } from '../config'
import type { Clock } from '../utils/clock'
import type { Logger } from '../logger'
import { createAuditRepository } from '../data/auditRepository'
import { createReferenceRepository } from '../data/referenceRepository'
import { createUserRepository } from '../data/userRepository'
import { createPasswordHasher } from './passwords'
import { createAuthService } from './authService'
import { createUserService } from './userService'
import { createReferenceService } from './referenceService'

export function createServices(deps: { db: Knex; config: Config; clock: Clock; logger: Logger }) {
  const { db, config, clock, logger } = deps
  const audit = createAuditRepository(db)
  const reference = createReferenceRepository(db)
  const users = createUserRepository(db)
  const passwords = createPasswordHasher(config.scryptCost)
  return {
    db,
    config,
    clock,
    logger,
    audit,
    passwords,
    auth: createAuthService({ db, users, audit, passwords, clock }),
    users: createUserService({ db, users, reference, audit, passwords, clock }),
    reference: createReferenceService({ reference, audit, clock }),
  }
}

export type Services = ReturnType<typeof createServices>
