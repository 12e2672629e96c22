import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import knex from 'knex'
import { parseDatabaseUrl, type DatabaseConfig } from '../../server/config'

/**
 * A database of its own for the bench: a temporary SQLite file, or, when DATABASE_URL names a
 * PostgreSQL server, a new database created there (as test/support/testDb.ts does) and dropped after.
 */
export async function openBenchDatabase(
  url: string | undefined,
): Promise<{ database: DatabaseConfig; label: string; drop(): Promise<void> }> {
  if (url && /^postgres(ql)?:/.test(url)) {
    const name = `bench_${crypto.randomBytes(6).toString('hex')}`
    const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } })
    await admin.raw(`CREATE DATABASE ${name}`)
    await admin.destroy()
    const u = new URL(url)
    u.pathname = `/${name}`
    return {
      database: parseDatabaseUrl(u.toString()),
      label: `PostgreSQL, database ${name} on ${u.host}`,
      async drop() {
        const a = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } })
        await a.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await a.destroy()
      },
    }
  }
  if (url && !url.startsWith('sqlite:')) throw new Error('DATABASE_URL must be postgres://… (or unset for SQLite)')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drr-bench-'))
  const filename = path.join(dir, 'bench.sqlite3')
  return {
    database: { client: 'sqlite3', filename },
    label: `SQLite, ${filename}`,
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
