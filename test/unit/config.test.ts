import path from 'node:path'
import { ConfigError, loadConfig, parseDatabaseUrl, projectRoot } from '../../server/config'

const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'a-production-secret-of-at-least-32-characters',
  BASE_URL: 'https://drr.example.gov.uk/',
  DATABASE_URL: 'postgres://app@db.internal:5432/drr',
}

function errorFrom(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected an error')
}

describe('loadConfig', () => {
  it('when production starts without SESSION_SECRET, then it stops with a ConfigError naming SESSION_SECRET', () => {
    const { SESSION_SECRET: _omitted, ...env } = PRODUCTION

    const err = errorFrom(() => loadConfig(env))

    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toContain('SESSION_SECRET')
    expect((err as Error).message).not.toContain('\n')
  })

  it('when production starts without BASE_URL, then the error names BASE_URL', () => {
    const { BASE_URL: _omitted, ...env } = PRODUCTION

    const err = errorFrom(() => loadConfig(env))

    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toContain('BASE_URL')
  })

  it('when the production session secret is short, then it is refused', () => {
    expect(() => loadConfig({ ...PRODUCTION, SESSION_SECRET: 'too-short' })).toThrow(/SESSION_SECRET/)
  })

  it('when production has every required setting, then the config is production-shaped', () => {
    const config = loadConfig(PRODUCTION)

    expect(config).toEqual(
      expect.objectContaining({
        production: true,
        port: 3000,
        sessionSecret: PRODUCTION.SESSION_SECRET,
        baseUrl: 'https://drr.example.gov.uk',
        database: { client: 'pg', connectionString: PRODUCTION.DATABASE_URL },
        seedDemoData: false,
      }),
    )
  })

  it('when nothing is set outside production, then it runs with development defaults on port 3000 and SQLite', () => {
    const config = loadConfig({})

    expect(config.production).toBe(false)
    expect(config.port).toBe(3000)
    expect(config.database).toEqual({ client: 'sqlite3', filename: path.join(projectRoot, 'data', 'app.sqlite3') })
    expect(config.baseUrl).toBe('http://localhost:3000')
  })

  it('when the default config is loaded, then scrypt uses the OWASP cost N = 2^17', () => {
    expect(loadConfig({}).scryptCost).toBe(2 ** 17)
    expect(loadConfig(PRODUCTION).scryptCost).toBe(2 ** 17)
  })

  it.each(['8080', '0', '65535'])('when PORT is %s, then that port is used', port => {
    expect(loadConfig({ PORT: port }).port).toBe(Number(port))
  })

  it('when PORT is empty, then the default 3000 is used, as an unset PORT would be', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000)
  })

  it.each(['abc', '-1', '65536', '80.5', ' ', '1e3'])(
    'when PORT is "%s", then it stops with a ConfigError naming PORT',
    port => {
      const err = errorFrom(() => loadConfig({ PORT: port }))

      expect(err).toBeInstanceOf(ConfigError)
      expect((err as Error).message).toContain('PORT')
    },
  )
})

describe('parseDatabaseUrl', () => {
  it('when DATABASE_URL is unset, then it is data/app.sqlite3 under the project', () => {
    expect(parseDatabaseUrl(undefined, '/srv/app')).toEqual({
      client: 'sqlite3',
      filename: '/srv/app/data/app.sqlite3',
    })
  })

  it('when DATABASE_URL is sqlite:/tmp/x.sqlite3, then it is that SQLite file', () => {
    expect(parseDatabaseUrl('sqlite:/tmp/x.sqlite3', '/srv/app')).toEqual({
      client: 'sqlite3',
      filename: '/tmp/x.sqlite3',
    })
  })

  it('when DATABASE_URL is a relative sqlite: path, then it is resolved against the project', () => {
    expect(parseDatabaseUrl('sqlite:data/other.sqlite3', '/srv/app')).toEqual({
      client: 'sqlite3',
      filename: '/srv/app/data/other.sqlite3',
    })
  })

  it.each(['postgres://user:secret@db:5432/drr', 'postgresql://db/drr'])(
    'when DATABASE_URL is %s, then it is PostgreSQL with that connection string',
    url => {
      expect(parseDatabaseUrl(url)).toEqual({ client: 'pg', connectionString: url })
    },
  )

  it.each(['mysql://db/drr', 'sqlite:'])('when DATABASE_URL is %s, then it is refused with a ConfigError', url => {
    expect(() => parseDatabaseUrl(url)).toThrow(ConfigError)
  })
})
