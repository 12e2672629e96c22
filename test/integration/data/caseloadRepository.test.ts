import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { createCaseloadRepository } from '../../../server/data/caseloadRepository'
import { progressSeed } from './progressSeed'

// The caseload repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set).

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const { court, organisation, user, person, requirement, review } = progressSeed(() => db)

describe('the caseload repository', () => {
  const caseload = () => createCaseloadRepository(db)

  it('when an officer’s caseload is read, then it gives their active requirements only, with person, order and any breach before the court', async () => {
    const c = await court()
    const officer = await user('Olive', 'probation')
    const colleague = await user('Colin', 'probation')
    const p = await person('Ann Active')
    const active = await requirement(c, p.id, { officerId: officer })
    await requirement(c, p.id, { officerId: officer, status: 'completed' })
    await requirement(c, (await person()).id, { officerId: colleague })
    const b = await person('Bea Breach')
    const breached = await requirement(c, b.id, { officerId: officer })
    await db('requirement').where({ id: breached.id }).update({ breach_proceedings: true })

    const rows = await caseload().officerCaseload({ kind: 'officer', userIds: [officer] })

    expect(rows.sort((x, y) => x.personName.localeCompare(y.personName))).toEqual([
      {
        id: active.id,
        kind: 'DRR',
        personId: p.id,
        personName: 'Ann Active',
        crn: p.crn,
        caseReference: expect.stringMatching(/^REF-/),
        breachProceedings: false,
      },
      {
        id: breached.id,
        kind: 'DRR',
        personId: b.id,
        personName: 'Bea Breach',
        crn: b.crn,
        caseReference: expect.stringMatching(/^REF-/),
        breachProceedings: true,
      },
    ])
    expect(await caseload().officerCaseload({ kind: 'none' })).toEqual([])
  })

  it('when a provider’s clients are read, then each person with an active referral is listed once', async () => {
    const c = await court()
    const org = await organisation('provider')
    const twice = await person()
    await requirement(c, twice.id, { providerId: org })
    await requirement(c, twice.id, { providerId: org })
    const ended = await person()
    await requirement(c, ended.id, { providerId: org, status: 'revoked' })
    await requirement(c, (await person()).id, { providerId: await organisation('provider') })

    expect(await caseload().clients(org)).toEqual([{ id: twice.id, name: twice.name, crn: twice.crn }])
  })

  it('when a client has several open reviews, then the next is the earliest by date, then by sequence', async () => {
    const c = await court()
    const org = await organisation('provider')
    const p = await person()
    const q = await requirement(c, p.id, { providerId: org })
    const other = await requirement(c, p.id, { providerId: org })
    await review(q.id, 1, { date: '2026-03-03', status: 'held' })
    await review(q.id, 3, { date: '2026-05-05' })
    const tieFirst = await review(other.id, 2, { date: '2026-05-05', status: 'unlisted' })
    const stranger = await person()
    await review((await requirement(c, stranger.id, { providerId: await organisation('provider') })).id, 1)

    const next = await caseload().nextOpenReviews(org)

    expect([...next.keys()]).toEqual([p.id])
    expect(next.get(p.id)).toMatchObject({ id: tieFirst, sequence: 2, status: 'unlisted', reviewDate: '2026-05-05' })
  })
})
