import fs from 'node:fs'
import path from 'node:path'

// The only reader of process.env. Everything else receives a typed Config.

export type DatabaseConfig = { client: 'sqlite3'; filename: string } | { client: 'pg'; connectionString: string }

export interface Config {
  production: boolean
  port: number
  database: DatabaseConfig
  sessionSecret: string
  demoPassword: string
  smtpUrl: string | null
  /** The From address of every email. */
  mailFrom: string
  baseUrl: string
  logLevel: string
  version: string
  /** scrypt cost N; OWASP minimum is 2^17. Lowered only by tests. */
  scryptCost: number
  /** Password hashes run at once (worker threads) and waiting; more attempts are answered 429. */
  hashThreads: number
  hashQueue: number
  /**
   * Every user must set up two-step verification (TOTP) before doing anything else: on by default in
   * production (MFA_REQUIRED=false turns it off), off in the demo unless MFA_REQUIRED=true.
   */
  mfaRequired: boolean
  /** Seed demo data on an empty database (never in production). */
  seedDemoData: boolean
  /** Run the email outbox worker inside the web process. */
  runWorker: boolean
  /** "Report due soon" is sent this many working days before a report's deadline. */
  reminderWorkingDays: number
  /** How often the worker looks for email to send and reminders to queue. */
  workerIntervalMs: number
  /** The London hour (0-23) from which clerks' daily digests are sent. */
  digestHour: number
}

export class ConfigError extends Error {}

export const DEFAULT_DEMO_PASSWORD = 'Demo-Password-2026'
/** The folder holding package.json, views/ and assets/, whether running from TypeScript or compiled output. */
export const projectRoot = (() => {
  let dir = __dirname
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
})()

export function parseDatabaseUrl(url: string | undefined, root = projectRoot): DatabaseConfig {
  if (!url) return { client: 'sqlite3', filename: path.join(root, 'data', 'app.sqlite3') }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    if (!file) throw new ConfigError('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:/var/lib/app/app.sqlite3')
    return { client: 'sqlite3', filename: file === ':memory:' ? file : path.resolve(root, file) }
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { client: 'pg', connectionString: url }
  throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://')
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production'
  const required = (name: string, fallback: string): string => {
    const value = env[name]
    if (value) return value
    if (production) throw new ConfigError(`${name} is required in production`)
    return fallback
  }
  const wholeNumber = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]
    if (!raw) return fallback
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN
    if (!Number.isInteger(n) || n < min || n > max)
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max}`)
    return n
  }
  // Empty means unset, as for every other setting; digits only, so " " or "1e3" is not quietly a port.
  const rawPort = env.PORT || '3000'
  const port = /^\d+$/.test(rawPort) ? Number(rawPort) : NaN
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('PORT must be a whole number from 0 to 65535')
  const sessionSecret = required('SESSION_SECRET', 'development-only-session-secret-change-me')
  if (production && sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters')
  const baseUrl = required('BASE_URL', `http://localhost:${port}`).replace(/\/$/, '')
  return {
    production,
    port,
    database: parseDatabaseUrl(env.DATABASE_URL),
    sessionSecret,
    demoPassword: env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    smtpUrl: env.SMTP_URL || null,
    baseUrl,
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    version: env.APP_VERSION || '0.1.0',
    scryptCost: 2 ** 17,
    hashThreads: wholeNumber('HASH_THREADS', 2, 1, 16),
    hashQueue: wholeNumber('HASH_QUEUE', 8, 0, 1000),
    mfaRequired: env.MFA_REQUIRED ? env.MFA_REQUIRED === 'true' : production,
    seedDemoData: !production && env.SEED_DEMO_DATA !== 'false',
    runWorker: env.RUN_WORKER !== 'false',
    mailFrom: env.MAIL_FROM || 'Manage drug rehabilitation reviews <no-reply@drr-reviews.service.justice.gov.uk>',
    reminderWorkingDays: wholeNumber('REMINDER_WORKING_DAYS', 2, 0, 20),
    workerIntervalMs: wholeNumber('WORKER_INTERVAL_SECONDS', 60, 1, 3600) * 1000,
    digestHour: wholeNumber('DIGEST_HOUR', 7, 0, 23),
  }
}
