import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import knex, { type Knex } from 'knex'
import { createDb } from '../../server/db/createDb'
import { migrateLatest } from '../../server/db/migrate'
import type { DatabaseConfig } from '../../server/config'

export interface TestDb {
  db: Knex
  config: DatabaseConfig
  kind: 'sqlite' | 'postgres'
  destroy(): Promise<void>
}

/**
 * A fresh, migrated database per test file: a temporary SQLite file, or, when TEST_DATABASE_URL
 * points at PostgreSQL, a new database created on that server and dropped afterwards.
 */
export async function createTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL
  let testDb: TestDb
  if (url && /^postgres(ql)?:/.test(url)) {
    const name = `t_${crypto.randomBytes(6).toString('hex')}`
    const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } })
    await admin.raw(`CREATE DATABASE ${name}`)
    await admin.destroy()
    const u = new URL(url)
    u.pathname = `/${name}`
    const config: DatabaseConfig = { client: 'pg', connectionString: u.toString() }
    const db = createDb(config)
    testDb = {
      db,
      config,
      kind: 'postgres',
      async destroy() {
        await db.destroy()
        const a = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } })
        await a.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await a.destroy()
      },
    }
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drr-test-'))
    const config: DatabaseConfig = { client: 'sqlite3', filename: path.join(dir, 'test.sqlite3') }
    const db = createDb(config)
    testDb = {
      db,
      config,
      kind: 'sqlite',
      async destroy() {
        await db.destroy()
        fs.rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  if (options.migrate !== false) await migrateLatest(testDb.db)
  return testDb
}
