import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../server/config'
import { createLogger } from '../server/logger'
import { createDb } from '../server/db/createDb'
import { migrateLatest, rollbackAll } from '../server/db/migrate'
import { createServices } from '../server/services'
import { systemClock } from '../server/utils/clock'
import { seedDemoData } from '../seeds/demo'
import { ROLES, isRole } from '../server/roles'

// Operator commands: npm run db:migrate | db:rollback | db:seed | db:backup -- <file> | user:create -- --email … --role admin
async function run(): Promise<number> {
  const [command, ...rest] = process.argv.slice(3)
  const config = loadConfig()
  const db = createDb(config.database)
  const out = (line: string) => process.stdout.write(`${line}\n`)
  try {
    if (command === 'migrate') {
      const applied = await migrateLatest(db)
      out(applied.length ? `Applied ${applied.length} migrations` : 'Database is up to date')
      return 0
    }
    if (command === 'rollback') {
      await rollbackAll(db)
      out('Rolled back every migration')
      return 0
    }
    const services = createServices({ db, config, clock: systemClock, logger: createLogger('warn') })
    if (command === 'seed') {
      await migrateLatest(db)
      if (!config.seedDemoData) {
        out('Demo data is never seeded in production')
        return 1
      }
      out((await seedDemoData(services)) ? 'Demo data seeded' : 'The database already has users: demo data not seeded')
      return 0
    }
    if (command === 'backup') {
      const file = rest[0]
      if (!file) throw new Error('Usage: npm run db:backup -- <file>')
      if (config.database.client !== 'sqlite3')
        throw new Error('db:backup copies the SQLite file; on PostgreSQL use pg_dump')
      const target = path.resolve(file)
      if (fs.existsSync(target)) throw new Error(`${target} already exists`)
      // VACUUM INTO is SQLite's online backup: a consistent copy while the app keeps running.
      await db.raw('VACUUM INTO ?', [target])
      out(`Backed up to ${target}`)
      return 0
    }
    if (command === 'user:create') {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          role: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
        },
      })
      if (!values.email || !isRole(values.role))
        throw new Error(`Usage: npm run user:create -- --email you@example.org --role ${ROLES.join('|')} [--name "…"]`)
      await migrateLatest(db)
      const password = values.password ?? process.env.NEW_USER_PASSWORD
      if (!password)
        throw new Error('Give the first password in NEW_USER_PASSWORD (kept out of shell history) or --password')
      const user = await services.users.createWithPassword(
        { email: values.email, name: values.name ?? values.email, role: values.role },
        password,
        true,
      )
      out(`Created ${user.role} ${user.email}; they must choose a new password at first sign-in`)
      return 0
    }
    throw new Error('Commands: migrate, rollback, seed, backup <file>, user:create --email … --role …')
  } finally {
    await db.destroy()
  }
}

run().then(
  code => process.exit(code),
  err => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  },
)
