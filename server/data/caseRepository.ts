import type { Knex } from 'knex'
import { createPeopleQueries } from './cases/people'
import { createOrderQueries } from './cases/orders'
import { createPeopleSearch } from './cases/peopleSearch'

export * from './cases/rows'

/** The case: people, their orders, requirements and documents, and who may see them. */
export function createCaseRepository(db: Knex) {
  return { ...createPeopleQueries(db), ...createPeopleSearch(db), ...createOrderQueries(db) }
}

export type CaseRepository = ReturnType<typeof createCaseRepository>
