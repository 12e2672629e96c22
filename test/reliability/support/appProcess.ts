import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import knex, { type Knex } from 'knex'
import { projectRoot } from '../../../server/config'

/**
 * The real process, as `npm start` runs it, for what only a process can show: kill -9, SIGTERM,
 * a backup taken while it runs. Compiled once per run into its own folder (incrementally, so a
 * second run takes seconds), apart from dist/ which `npm start` and other suites may be building.
 */
export const BUILD_DIR = path.join(projectRoot, 'dist', 'reliability')
const MAIN = path.join(BUILD_DIR, 'server', 'main.js')
const CLI = path.join(BUILD_DIR, 'scripts', 'cli.js')

export const DEMO_CLERK = { email: 'clerk@example.com', password: 'Demo-Password-2026' }

/** Compiles into `outDir` (a suite running beside another gives its own, so two builds never share files). */
export function build(outDir = BUILD_DIR): void {
  const tsc = require.resolve('typescript/bin/tsc')
  const main = path.join(outDir, 'server', 'main.js')
  const args = ['-p', path.join(projectRoot, 'tsconfig.build.json'), '--outDir', outDir, '--incremental']
  try {
    execFileSync(process.execPath, [tsc, ...args, '--tsBuildInfoFile', path.join(outDir, '.tsbuildinfo')], {
      cwd: projectRoot,
      stdio: 'pipe',
    })
  } catch (err) {
    // Exit 2 is "type errors, output written": on a shared tree another change may be half done;
    // the typecheck step reports those. Anything else (no output) is a real failure.
    if ((err as { status?: number }).status !== 2 || !fs.existsSync(main)) throw err
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

function env(dbFile: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_ENV: _jestSetsThis, ...rest } = process.env
  return {
    ...rest,
    DATABASE_URL: `sqlite:${dbFile}`,
    SEED_DEMO_DATA: 'true',
    RUN_WORKER: 'false',
    LOG_LEVEL: 'warn',
    ...extra,
  }
}

export interface AppProcess {
  url: string
  port: number
  child: ChildProcess
  /** Resolves when the process has ended, with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  output(): string
}

/** Starts dist/…/server/main.js on the given SQLite file and waits until /health answers ok. */
export async function startApp(dbFile: string, timeoutMs = 30000): Promise<AppProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, [MAIN], {
    cwd: projectRoot,
    env: env(dbFile, { PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', chunk => (output += chunk))
  child.stderr!.on('data', chunk => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const app: AppProcess = { url: `http://127.0.0.1:${port}`, port, child, exited, output: () => output }
  const started = Date.now()
  let ended = false
  void exited.then(() => (ended = true))
  while (Date.now() - started < timeoutMs) {
    if (ended) throw new Error(`the app exited while starting:\n${output}`)
    try {
      const res = await fetch(`${app.url}/health`)
      if (res.ok) return app
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`the app did not become healthy in ${timeoutMs} ms:\n${output}`)
}

/** SIGTERM and wait for the exit; SIGKILL if it hangs. */
export async function stopApp(app: AppProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return app.exited
  app.child.kill('SIGTERM')
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 15000)
  const result = await app.exited
  clearTimeout(timer)
  return result
}

/** `npm run db:… -- args`, exactly as scripts/start.js runs the compiled CLI (it reads argv from the 4th place). */
export function runCli(dbFile: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI, 'scripts/cli', ...args],
      { cwd: projectRoot, env: env(dbFile) },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr })
      },
    )
  })
}

/** A plain connection to the file, outside the app (only ever opened while no app has it open). */
export function openFile(dbFile: string): Knex {
  return knex({ client: 'sqlite3', connection: { filename: dbFile }, useNullAsDefault: true, pool: { min: 1, max: 1 } })
}

export async function integrityCheck(db: Knex): Promise<string[]> {
  const rows: { integrity_check: string }[] = await db.raw('PRAGMA integrity_check')
  return rows.map(r => r.integrity_check)
}

export async function foreignKeyCheck(db: Knex): Promise<unknown[]> {
  return db.raw('PRAGMA foreign_key_check')
}

/** A JSON call to the app's API, with a bearer token when given. */
export async function api<T = Record<string, unknown>>(
  app: AppProcess,
  method: string,
  apiPath: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.url}/api/v1${apiPath}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

export async function clerkToken(app: AppProcess): Promise<string> {
  const res = await api<{ token: string }>(app, 'POST', '/tokens', { body: DEMO_CLERK })
  if (res.status !== 201) throw new Error(`no token: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.token
}

/** The seeded court, a provider and a responsible officer, so orders can be recorded. */
export async function orderParties(app: AppProcess, token: string) {
  type Listed = { id: string }[]
  const [courts, providers, officers] = await Promise.all([
    api<Listed>(app, 'GET', '/courts', { token }),
    api<Listed>(app, 'GET', '/organisations?kind=provider', { token }),
    api<Listed>(app, 'GET', '/users?role=probation', { token }),
  ])
  return { courtId: courts.body[0].id, providerId: providers.body[0].id, officerId: officers.body[0].id }
}

export function orderBody(personId: string, parties: { courtId: string; providerId: string; officerId: string }) {
  return {
    personId,
    courtId: parties.courtId,
    kind: 'community',
    madeOn: new Date().toISOString().slice(0, 10),
    caseReference: `REL${personId.slice(0, 8)}`,
    requirements: [
      {
        kind: 'DRR',
        months: 12,
        reviewIntervalMonths: 1,
        reviewMode: 'hearing',
        residential: false,
        providerOrganisationId: parties.providerId,
        responsibleOfficerId: parties.officerId,
        willingToComply: true,
      },
    ],
  }
}

/** A raw request whose body the test writes itself, so it can hold the request open. */
export function openRequest(app: AppProcess, method: string, apiPath: string, headers: http.OutgoingHttpHeaders) {
  const req = http.request(`${app.url}${apiPath}`, { method, headers, agent: false })
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('error', reject)
    req.once('response', res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', chunk => (body += chunk))
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.once('error', reject)
    })
  })
  return { req, response }
}
