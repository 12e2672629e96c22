import type { Knex } from 'knex'
import { isPostgres, isUniqueViolation } from '../db/createDb'

/** A row as the driver returns it, before a repository maps it to its typed row. */
export type Raw = Record<string, unknown>

declare const brand: unique symbol

/**
 * A transaction as a service holds it: something to pass to repositories, never to query with.
 * Only the data layer (which knows it is a knex transaction) opens it up.
 */
export type Tx = { readonly [brand]: 'transaction' }

/** What a repository takes as its transaction: a unit of work's, or none (the database itself). */
export type TxLike = Tx | Knex

/** The knex a repository queries with: the transaction when one is given, else the database. */
export const conn = (db: Knex, tx?: TxLike | null): Knex => (tx ? (tx as unknown as Knex) : db)

/**
 * The one way services run work in a transaction (DESIGN.md: a change and its audit rows and email
 * commit together or not at all), and the two facts about the database the rules need.
 */
export function createUnitOfWork(db: Knex) {
  return {
    /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
    run: <T>(work: (tx: Tx) => Promise<T>): Promise<T> => db.transaction(trx => work(trx as unknown as Tx)),
    /** PostgreSQL locks the rows a booking reads; SQLite has one writer and needs no locks. */
    postgres: isPostgres(db),
    /** A write refused by a unique key: a concurrent booking or a second submission won first. */
    isUniqueViolation,
  }
}

export type UnitOfWork = ReturnType<typeof createUnitOfWork>
