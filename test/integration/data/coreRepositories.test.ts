import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { createRepositories, type Repositories } from '../../../server/data'
import type { CurrentUser } from '../../../server/roles'
import { newId } from '../../../server/utils/ids'

// The repositories behind sign-in, sessions, forms, cases and listing, on a real database (SQLite;
// PostgreSQL when TEST_DATABASE_URL is set).

const AT = '2026-03-02T09:00:00.000Z'
const stamps = { created_at: AT, updated_at: AT }

let testDb: TestDb
let db: Knex
let repos: Repositories

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
  repos = createRepositories(db)
})
afterAll(async () => testDb.destroy())

let n = 0
const next = () => `${(n += 1)}`.padStart(4, '0')

async function user(role: string, organisationId: string | null = null) {
  const id = newId()
  await db('app_user').insert({
    id,
    email: `u${next()}@example.test`,
    name: `User ${next()}`,
    role,
    organisation_id: organisationId,
    password_hash: 'x',
    ...stamps,
  })
  return id
}

async function organisation(kind: 'probation' | 'provider') {
  const id = newId()
  await db('organisation').insert({ id, name: `Org ${next()}`, kind, created_at: AT })
  return id
}

async function court() {
  const id = newId()
  await db('court').insert({ id, name: `Court ${next()}`, code: `C${next()}`, created_at: AT })
  return id
}

const asUser = (id: string, role: CurrentUser['role'], more: Partial<CurrentUser> = {}): CurrentUser => ({
  id,
  name: 'x',
  email: 'x@example.test',
  role,
  organisationId: null,
  isManager: false,
  courtIds: [],
  mustChangePassword: false,
  mustSetUpMfa: false,
  ...more,
})

describe('tokens and sign-in attempts', () => {
  it('when a token is issued, read by its hash and revoked, then only live tokens count and revoking twice revokes nothing', async () => {
    const owner = await user('clerk')
    await repos.tokens.insert({
      id: newId(),
      userId: owner,
      tokenHash: 'h1',
      createdAt: AT,
      expiresAt: '2026-03-02T21:00:00Z',
    })
    await repos.tokens.insert({
      id: newId(),
      userId: owner,
      tokenHash: 'h2',
      createdAt: AT,
      expiresAt: '2026-03-02T21:00:00Z',
    })

    expect(await repos.tokens.byHash('h1')).toEqual(expect.objectContaining({ userId: owner, revokedAt: null }))
    expect(await repos.tokens.byHash('nope')).toBeNull()
    expect(await repos.tokens.revoke(owner, '2026-03-02T10:00:00Z')).toBe(2)
    expect(await repos.tokens.revoke(owner, '2026-03-02T11:00:00Z')).toBe(0)
    expect((await repos.tokens.forUser(owner)).every(t => t.revokedAt === '2026-03-02T10:00:00Z')).toBe(true)
  })

  it('when failed sign-ins are recorded, then they are counted for the pair, the account and the address since each window began, with the latest', async () => {
    await repos.attempts.record({ emailHash: 'acct', ip: '10.0.0.1', at: '2026-03-02T09:00:00Z' })
    await repos.attempts.record({ emailHash: 'acct', ip: '10.0.0.2', at: '2026-03-02T09:05:00Z' })
    await repos.attempts.record({ emailHash: 'other', ip: '10.0.0.1', at: '2026-03-02T09:06:00Z' })
    const since = (t: string) => ({ pairSince: t, accountSince: t, addressSince: t })

    expect(await repos.attempts.stats('acct', '10.0.0.1', since('2026-03-02T08:00:00Z'))).toEqual({
      pair: { count: 1, lastAt: '2026-03-02T09:00:00Z' },
      account: { count: 2, lastAt: '2026-03-02T09:05:00Z' },
      address: { count: 2, lastAt: '2026-03-02T09:06:00Z' },
    })
    expect(await repos.attempts.stats('acct', '10.0.0.1', since('2026-03-02T09:01:00Z'))).toEqual({
      pair: { count: 0, lastAt: null },
      account: { count: 1, lastAt: '2026-03-02T09:05:00Z' },
      address: { count: 1, lastAt: '2026-03-02T09:06:00Z' },
    })
  })

  it('when 40 attempts claim at once and only 5 may go ahead, then exactly 5 are recorded (ASVS 5.0 6.3.1: the count cannot be raced)', async () => {
    const windows = { pairSince: AT, accountSince: AT, addressSince: AT }
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        repos.attempts.claim(
          { emailHash: 'raced', ip: '10.0.0.9', at: '2026-03-02T09:30:00Z' },
          windows,
          s => s.pair.count < 5,
        ),
      ),
    )
    expect(results.filter(r => r.attemptId !== null)).toHaveLength(5)
    expect((await repos.attempts.stats('raced', '10.0.0.9', windows)).pair.count).toBe(5)

    await repos.attempts.succeeded('raced', '10.0.0.9')
    expect((await repos.attempts.stats('raced', '10.0.0.9', windows)).pair.count).toBe(0)
  })
})

describe('sessions and form submissions', () => {
  it('when a session is saved, then it is read until it expires, saved again in place, and gone when destroyed or pruned', async () => {
    await repos.sessions.save('sid-1', '{"a":1}', '2026-03-02T21:00:00Z')
    await repos.sessions.save('sid-1', '{"a":2}', '2026-03-02T21:00:00Z')
    await repos.sessions.save('sid-2', '{"b":1}', '2026-03-02T08:00:00Z')

    expect(await repos.sessions.get('sid-1', AT)).toBe('{"a":2}')
    expect(await repos.sessions.get('sid-2', AT)).toBeNull()
    expect(await repos.sessions.pruneExpired(AT)).toBe(1)
    await repos.sessions.destroy('sid-1')
    expect(await repos.sessions.get('sid-1', AT)).toBeNull()
    expect(await repos.sessions.ping()).toBe(true)
  })

  it('when a form is claimed twice, then the second claim fails; the first answer is kept, or released for another try', async () => {
    const owner = await user('clerk')
    expect(await repos.submissions.claim('k1', owner, AT)).toBe(true)
    expect(await repos.submissions.claim('k1', owner, AT)).toBe(false)
    await repos.submissions.done('k1', 303, '/people/1')
    expect(await repos.submissions.find('k1')).toEqual({
      status: 'done',
      statusCode: 303,
      location: '/people/1',
      createdAt: AT,
    })
    expect(await repos.submissions.claim('k2', owner, AT)).toBe(true)
    await repos.submissions.release('k2')
    expect(await repos.submissions.claim('k2', owner, AT)).toBe(true)
  })
})

describe('cases', () => {
  it('when each role asks what it may see, then clerks see all, a managing officer their team, a provider their clients, a sentencer nothing', async () => {
    const team = await organisation('probation')
    const manager = await user('probation', team)
    const colleague = await user('probation', team)
    const provider = await organisation('provider')

    expect(await repos.cases.scopeFor(asUser('c', 'clerk'))).toEqual({ kind: 'all' })
    const managed = await repos.cases.scopeFor(asUser(manager, 'probation', { organisationId: team, isManager: true }))
    expect(managed.kind === 'officer' && [...managed.userIds].sort()).toEqual([manager, colleague].sort())
    expect(await repos.cases.scopeFor(asUser(colleague, 'probation', { organisationId: team }))).toEqual({
      kind: 'officer',
      userIds: [colleague],
    })
    expect(await repos.cases.scopeFor(asUser('p', 'provider', { organisationId: provider }))).toEqual({
      kind: 'provider',
      organisationId: provider,
    })
    expect(await repos.cases.scopeFor(asUser('s', 'sentencer'))).toEqual({ kind: 'none' })
  })

  it('when requirement details are asked for, then each comes with its person, order, officer and provider, breach proceedings included', async () => {
    const org = await organisation('provider')
    const officer = await user('probation', await organisation('probation'))
    const courtId = await court()
    const personId = newId()
    await db('person').insert({
      id: personId,
      name: 'Pat Detail',
      date_of_birth: '1990-01-01',
      crn: `D${next().padStart(6, '0')}`,
      ...stamps,
    })
    const orderId = newId()
    await db('sentence_order').insert({
      id: orderId,
      person_id: personId,
      court_id: courtId,
      kind: 'community',
      made_on: '2026-01-05',
      ends_on: '2026-07-04',
      case_reference: 'REF-1',
      ...stamps,
    })
    const requirementId = newId()
    await db('requirement').insert({
      id: requirementId,
      order_id: orderId,
      kind: 'DRR',
      months: 6,
      provider_organisation_id: org,
      responsible_officer_id: officer,
      review_interval_months: 1,
      starts_on: '2026-01-05',
      ends_on: '2026-07-04',
      breach_proceedings: true,
      ...stamps,
    })

    expect(await repos.cases.requirementDetails([requirementId])).toEqual([
      expect.objectContaining({
        id: requirementId,
        kind: 'DRR',
        breachProceedings: true,
        personId,
        personName: 'Pat Detail',
        caseReference: 'REF-1',
        officerName: expect.stringMatching(/^User /),
        providerName: expect.stringMatching(/^Org /),
      }),
    ])
    expect(await repos.cases.requirementDetails([])).toEqual([])
  })
})

describe('users', () => {
  it('when a bench’s names are asked for, then each id comes back with its name and nothing else; none asked, none read', async () => {
    const a = await user('sentencer')
    const b = await user('sentencer')
    const names = await repos.users.namesOf([a, b, newId()])
    expect(names.map(x => x.id).sort()).toEqual([a, b].sort())
    for (const x of names) expect(Object.keys(x).sort()).toEqual(['id', 'name'])
    expect(names.every(x => x.name.startsWith('User '))).toBe(true)
    expect(await repos.users.namesOf([])).toEqual([])
  })
})

describe('reference', () => {
  it('when an organisation’s name is taken for its kind, then the write says so instead of throwing', async () => {
    const name = `Same ${next()}`
    expect(await repos.reference.insertOrganisation({ id: newId(), name, kind: 'provider' }, AT)).toBe(true)
    expect(await repos.reference.insertOrganisation({ id: newId(), name, kind: 'provider' }, AT)).toBe(false)
    expect(await repos.reference.insertOrganisation({ id: newId(), name, kind: 'probation' }, AT)).toBe(true)
  })
})

describe('sittings and reviews', () => {
  it('when a court has sittings, then its last open one is how far ahead it lists, cancelled ones not counted', async () => {
    const a = await court()
    const b = await court()
    const sitting = (courtId: string, date: string, status = 'open') =>
      db('sitting').insert({
        id: newId(),
        court_id: courtId,
        date,
        start_time: '10:00',
        starts_at: `${date}T10:00:00Z`,
        courtroom: '1',
        capacity: 4,
        slot_minutes: 15,
        status,
        ...stamps,
      })
    await sitting(a, '2026-04-07')
    await sitting(a, '2026-05-05')
    await sitting(a, '2026-06-02', 'cancelled')

    expect(await repos.sittings.lastOpenDate(a)).toBe('2026-05-05')
    expect(await repos.sittings.lastOpenDate(b)).toBeNull()
    expect(await repos.sittings.lastOpenDates([a, b])).toEqual(new Map([[a, '2026-05-05']]))
  })
})
