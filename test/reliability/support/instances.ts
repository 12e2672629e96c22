import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import net from 'node:net'
import path from 'node:path'
import knex, { type Knex } from 'knex'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { projectRoot } from '../../../server/config'
import { build, freePort } from './appProcess'

/**
 * A regional deployment in miniature: web processes and separate email workers, as `npm start`
 * (RUN_WORKER=false) and `npm run worker` run them, all on one database. Compiled into a folder of
 * its own, so this suite's build never shares files with the other process suite's.
 */
export const INSTANCES_BUILD_DIR = path.join(projectRoot, 'dist', 'reliability-instances')
const entry = (file: string) => path.join(INSTANCES_BUILD_DIR, file)

export const buildInstances = () => build(INSTANCES_BUILD_DIR)

/** The server CI provides (.ci/run starts it before `npm test`). */
export const CI_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test'

/**
 * The PostgreSQL server to run on: TEST_DATABASE_URL when it names one, else CI's server if it
 * answers. Null when there is none. Asked synchronously, so a suite can decide before it is declared.
 */
export function postgresServer(): string | null {
  const named = process.env.TEST_DATABASE_URL
  const url = named && /^postgres(ql)?:/.test(named) ? named : CI_POSTGRES
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const c = new (require('pg').Client)(process.argv[1]);
       c.connect().then(() => c.query('select 1')).then(() => c.end(), () => process.exit(1))`,
      url,
    ],
    { cwd: projectRoot, timeout: 10000, stdio: 'ignore' },
  )
  return probe.status === 0 ? url : null
}

export interface SharedDatabase {
  /** DATABASE_URL for every process. */
  url: string
  /** A connection of the test's own, for reading what the processes stored. */
  db: Knex
  destroy(): Promise<void>
}

/** A new PostgreSQL database on the server, dropped by destroy(). */
export async function sharedDatabase(server: string): Promise<SharedDatabase> {
  const name = `ti_${crypto.randomBytes(6).toString('hex')}`
  const admin = knex({ client: 'pg', connection: server, pool: { min: 0, max: 1 } })
  await admin.raw(`CREATE DATABASE ${name}`)
  await admin.destroy()
  const u = new URL(server)
  u.pathname = `/${name}`
  const db = knex({ client: 'pg', connection: u.toString(), pool: { min: 0, max: 2 } })
  return {
    url: u.toString(),
    db,
    async destroy() {
      await db.destroy()
      const a = knex({ client: 'pg', connection: server, pool: { min: 0, max: 1 } })
      await a.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await a.destroy()
    },
  }
}

function env(databaseUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_ENV: _jestSetsThis, ...rest } = process.env
  return {
    ...rest,
    DATABASE_URL: databaseUrl,
    SEED_DEMO_DATA: 'false',
    RUN_WORKER: 'false',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'one-secret-shared-by-every-instance-of-the-region',
    ...extra,
  }
}

/** Migrates and seeds the demo data once, before any instance starts. */
export function seed(databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [entry('scripts/cli.js'), 'scripts/cli', 'seed'],
      { cwd: projectRoot, env: env(databaseUrl, { SEED_DEMO_DATA: 'true' }) },
      (err, _stdout, stderr) => (err ? reject(new Error(`seeding failed: ${stderr}`)) : resolve()),
    )
  })
}

export interface Instance {
  name: string
  url: string
  child: ChildProcess
  output(): string
}

function launch(name: string, script: string, environment: NodeJS.ProcessEnv, url = '') {
  const child = spawn(process.execPath, [entry(script)], {
    cwd: projectRoot,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', chunk => (output += chunk))
  child.stderr!.on('data', chunk => (output += chunk))
  return { name, url, child, output: () => output }
}

async function until(instance: Instance, ready: () => Promise<boolean>, timeoutMs = 30000): Promise<Instance> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (instance.child.exitCode !== null)
      throw new Error(`${instance.name} exited while starting:\n${instance.output()}`)
    if (await ready().catch(() => false)) return instance
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  instance.child.kill('SIGKILL')
  throw new Error(`${instance.name} did not start in ${timeoutMs} ms:\n${instance.output()}`)
}

/** A web process (no worker inside it) on its own port; resolves once /health answers. */
export async function startWeb(name: string, databaseUrl: string): Promise<Instance> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const web = launch(name, 'server/main.js', env(databaseUrl, { PORT: String(port), BASE_URL: url }), url)
  return until(web, async () => (await fetch(`${url}/health`)).ok)
}

/** An email worker (`npm run worker`) polling every second; resolves once it says it has started. */
export async function startWorker(name: string, databaseUrl: string, smtpUrl: string): Promise<Instance> {
  const worker = launch(
    name,
    'server/worker.js',
    env(databaseUrl, { SMTP_URL: smtpUrl, WORKER_INTERVAL_SECONDS: '1', LOG_LEVEL: 'info' }),
  )
  return until(worker, async () => worker.output().includes('email worker started'))
}

/** SIGTERM each, then wait for it to end (SIGKILL if it hangs). */
export async function stopAll(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map(async i => {
      if (i.child.exitCode !== null || i.child.signalCode !== null) return
      const ended = new Promise(resolve => i.child.once('exit', resolve))
      i.child.kill('SIGTERM')
      const timer = setTimeout(() => i.child.kill('SIGKILL'), 15000)
      await ended
      clearTimeout(timer)
    }),
  )
}

export interface Delivery {
  to: string
  subject: string
}

/**
 * An SMTP server that keeps what it is given. Each message takes 150 ms on the wire, so one worker's
 * batch of 20 lasts long enough for the other to claim the rest beside it.
 */
export async function captureSmtp(): Promise<{ url: string; delivered: Delivery[]; close(): Promise<void> }> {
  const delivered: Delivery[] = []
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map(r => r.address)
      simpleParser(stream).then(
        parsed =>
          setTimeout(() => {
            for (const to of recipients) delivered.push({ to, subject: parsed.subject ?? '' })
            callback()
          }, 150),
        err => callback(err),
      )
    },
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as net.AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    delivered,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
