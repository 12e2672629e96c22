import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import { build, openFile, runCli, startApp, type AppProcess } from './support/appProcess'

// What the process tests (processSignals, backupRestore .test.ts) share: a freshly seeded database
// copied per scenario, the app processes they start (killed at the end if still running), and ways
// to read a database file.

/**
 * Registers the file's beforeAll (build, seed a template once) and afterAll (kill what is left,
 * remove the folder), and answers the scenario and launch helpers that use them.
 */
export function useProcessScenarios() {
  let root: string
  let template: string
  const started: AppProcess[] = []

  /** A copy of a freshly seeded database (seeding once takes most of the time), in its own folder. */
  function scenario(name: string): { dir: string; file: string } {
    const dir = path.join(root, name)
    fs.mkdirSync(dir)
    const file = path.join(dir, 'app.sqlite3')
    fs.copyFileSync(template, file)
    return { dir, file }
  }

  async function launch(file: string): Promise<AppProcess> {
    const app = await startApp(file)
    started.push(app)
    return app
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'drr-reliability-'))
    build()
    template = path.join(root, 'template.sqlite3')
    const seeded = await runCli(template, ['seed'])
    if (seeded.code !== 0) throw new Error(`seeding failed: ${seeded.stderr}`)
  }, 120000)

  afterAll(() => {
    for (const app of started)
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL')
    fs.rmSync(root, { recursive: true, force: true })
  })

  return { scenario, launch }
}

export const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

export async function withFile<T>(file: string, fn: (db: Knex) => Promise<T>): Promise<T> {
  const db = openFile(file)
  try {
    return await fn(db)
  } finally {
    await db.destroy()
  }
}

/** Every row of every table, in rowid order: two files with equal contents give equal results. */
export async function contents(db: Knex): Promise<Record<string, unknown[]>> {
  const tables: { name: string }[] = await db('sqlite_master')
    .where({ type: 'table' })
    .andWhereNot('name', 'like', 'sqlite_%')
    .orderBy('name')
    .select('name')
  const out: Record<string, unknown[]> = {}
  for (const { name } of tables) out[name] = await db(name).select('*').orderByRaw('rowid')
  return out
}

export const personBody = (crn: string, name = 'Rel Person') => ({ name, dateOfBirth: '1990-01-01', crn })

/** Connects until the listener is gone; answers the error code of the first refused connection. */
export async function waitForRefusal(port: number, timeoutMs: number): Promise<string> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    const code = await new Promise<string | null>(resolve => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(null)
      })
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
    })
    // A connection caught in the listener's backlog as it closes is reset, not refused: try again.
    if (code && code !== 'ECONNRESET') return code
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return 'still accepting connections'
}
