import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { createProviderUpdateRepository } from '../../../server/data/providerUpdateRepository'
import { newId } from '../../../server/utils/ids'
import { AT, progressSeed } from './progressSeed'

// The provider update repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set).

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const { court, organisation, user, person, requirement, review, listedCase } = progressSeed(() => db)

describe('the provider update repository', () => {
  const updates = () => createProviderUpdateRepository(db)
  const update = (reviewId: string, organisationId: string, authorId: string, treatmentView: string) => ({
    id: newId(),
    reviewId,
    organisationId,
    authorId,
    treatmentView,
    engagement: null,
    appointmentsOffered: 4,
    appointmentsKept: 2,
  })

  it('when an organisation saves its update twice, then the one row is replaced and its version bumped', async () => {
    const k = await listedCase()
    const org = await organisation('provider')
    const worker = await user('Pat Provider', 'provider', org)

    const first = await updates().save(update(k.review, org, worker, 'Started'), AT)
    const second = await updates().save(update(k.review, org, worker, 'Going well'), '2026-03-03T09:00:00.000Z')

    expect(first).toMatchObject({ version: 1, treatmentView: 'Started', createdAt: AT })
    expect(second).toEqual({
      ...first,
      treatmentView: 'Going well',
      updatedAt: '2026-03-03T09:00:00.000Z',
      version: 2,
    })
    expect(await updates().find(k.review, org)).toEqual(second)
    expect(await updates().find(k.review, await organisation('provider'))).toBeNull()
  })

  it('when two organisations update a review, then the officer reads both, oldest change first, with names', async () => {
    const k = await listedCase()
    const a = await organisation('provider')
    const b = await organisation('provider')
    await updates().save(update(k.review, b, await user('Bea', 'provider', b), 'From B'), '2026-03-05T09:00:00.000Z')
    await updates().save(update(k.review, a, await user('Al', 'provider', a), 'From A'), '2026-03-04T09:00:00.000Z')

    const views = await updates().forReview(k.review)

    expect(views.map(v => [v.treatmentView, v.authorName, v.appointmentsOffered, v.appointmentsKept])).toEqual([
      ['From A', 'Al', 4, 2],
      ['From B', 'Bea', 4, 2],
    ])
    expect(views[0].organisationName).toMatch(/^Org /)
  })

  it('when asked which updates are in, then gives the organisation’s own, for open reviews of its active referrals', async () => {
    const c = await court()
    const org = await organisation('provider')
    const otherOrg = await organisation('provider')
    const worker = await user('Pat', 'provider', org)
    const p = await person()
    const active = await requirement(c, p.id, { providerId: org })
    const ended = await requirement(c, p.id, { providerId: org, status: 'completed' })
    const open = await review(active.id, 1)
    const held = await review(active.id, 2, { status: 'held' })
    const ofEnded = await review(ended.id, 1)
    for (const r of [open, held, ofEnded]) await updates().save(update(r, org, worker, 'View'), AT)
    await updates().save(update(open, otherOrg, await user('Other', 'provider', otherOrg), 'Theirs'), '2026-03-09')

    expect(await updates().sentForOpenReviews(org)).toEqual(new Map([[open, AT]]))
  })
})
