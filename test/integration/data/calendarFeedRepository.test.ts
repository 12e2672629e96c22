import { createTestDb, type TestDb } from '../../support/testDb'
import { createNotifyRepositories, type NotifyRepositories } from '../../../server/data/notifyRepositories'
import { notifySeed } from './notifySeed'

// The calendar feed repository behind the calendar feeds, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

let t: TestDb
let repos: NotifyRepositories
let seed: ReturnType<typeof notifySeed>

beforeAll(async () => {
  t = await createTestDb()
  repos = createNotifyRepositories(t.db)
  seed = notifySeed(t.db)
})

afterAll(async () => {
  await t.destroy()
})

describe('the calendar feed repository', () => {
  const window = { from: '2026-03-01T00:00:00Z', to: '2026-12-31T00:00:00Z', limit: 100 }

  /** A court with an open and a cancelled sitting, two officers' reviews and one sentencer on the bench. */
  async function aCourt() {
    const court = await seed.court()
    const providerOrg = await seed.organisation('provider')
    const officer = await seed.user('probation')
    const otherOfficer = await seed.user('probation')
    const sentencer = await seed.user('sentencer')
    const open = await seed.sitting(court.id, '2026-04-07T09:00:00.000Z', { benchUserIds: [sentencer.id] })
    const later = await seed.sitting(court.id, '2026-05-12T09:00:00.000Z')
    const cancelled = await seed.sitting(court.id, '2026-04-14T09:00:00.000Z', { status: 'cancelled' })
    const mine = await seed.requirement(court.id, { officerId: officer.id, providerOrganisationId: providerOrg })
    const theirs = await seed.requirement(court.id, { officerId: otherOfficer.id })
    const at = (sittingId: string, startsAt: string, status = 'scheduled') => ({ sittingId, startsAt, status })
    const reviews = {
      listedLater: await seed.review(mine.id, { ...at(later, '2026-05-12T09:00:00.000Z'), calendarSequence: 2 }),
      listed: await seed.review(mine.id, at(open, '2026-04-07T09:00:00.000Z')),
      vacated: await seed.review(mine.id, at(open, '2026-04-07T09:20:00.000Z', 'vacated')),
      inCancelledSitting: await seed.review(mine.id, at(cancelled, '2026-04-14T09:00:00.000Z')),
      tooLate: await seed.review(mine.id, at(later, '2027-06-01T09:00:00.000Z')),
      theirs: await seed.review(theirs.id, at(open, '2026-04-07T09:40:00.000Z')),
    }
    return { court, providerOrg, officer, otherOfficer, sentencer, open, later, reviews }
  }

  it('when an officer’s feed is read, then it lists their listed hearings in the window, earliest first, with the sitting', async () => {
    const c = await aCourt()
    const rows = await repos.calendarFeeds.hearingsFor(
      { id: c.officer.id, role: 'probation', organisationId: null, courtIds: [] },
      window,
    )
    expect(rows).toEqual([
      {
        reviewId: c.reviews.listed,
        sittingId: c.open,
        calendarSequence: 0,
        startsAt: '2026-04-07T09:00:00.000Z',
        slotMinutes: 20,
        courtName: c.court.name,
        courtroom: '3',
        // How the person attends (issue 23): the feed says in person or by video link, never the room.
        attendanceMode: 'in_person',
      },
      expect.objectContaining({ reviewId: c.reviews.listedLater, sittingId: c.later, calendarSequence: 2 }),
    ])
  })

  it('when a provider, a sentencer and a clerk read theirs, then each sees only the hearings of their organisation, bench or courts', async () => {
    const c = await aCourt()
    const ids = async (owner: Parameters<typeof repos.calendarFeeds.hearingsFor>[0]) =>
      (await repos.calendarFeeds.hearingsFor(owner, window)).map(r => r.reviewId)
    const provider = { id: 'p', role: 'provider' as const, organisationId: c.providerOrg, courtIds: [] }
    expect(await ids(provider)).toEqual([c.reviews.listed, c.reviews.listedLater])
    expect(await ids({ ...provider, organisationId: null })).toEqual([])
    const sentencer = { id: c.sentencer.id, role: 'sentencer' as const, organisationId: null, courtIds: [] }
    expect(await ids(sentencer)).toEqual([c.reviews.listed, c.reviews.theirs])
    const clerk = { id: 'c', role: 'clerk' as const, organisationId: null, courtIds: [c.court.id] }
    expect(await ids(clerk)).toEqual([c.reviews.listed, c.reviews.theirs, c.reviews.listedLater])
    expect(await ids({ ...clerk, role: 'admin' })).toEqual([])
  })

  it('when a feed token is set, then its hash finds the enabled owner with their courts, until it is cleared', async () => {
    const court = await seed.court()
    const clerk = await seed.user('clerk', { courtIds: [court.id] })
    expect(await repos.calendarFeeds.hasFeed(clerk.id)).toBe(false)
    expect(await repos.calendarFeeds.clearTokenHash(clerk.id)).toBe(false)

    await repos.calendarFeeds.setTokenHash(clerk.id, `hash-${clerk.id}`)
    expect(await repos.calendarFeeds.hasFeed(clerk.id)).toBe(true)
    expect(await repos.calendarFeeds.ownerByTokenHash(`hash-${clerk.id}`)).toEqual({
      id: clerk.id,
      role: 'clerk',
      organisationId: null,
      courtIds: [court.id],
    })

    expect(await repos.calendarFeeds.clearTokenHash(clerk.id)).toBe(true)
    expect(await repos.calendarFeeds.ownerByTokenHash(`hash-${clerk.id}`)).toBeNull()
    expect(await repos.calendarFeeds.hasFeed(clerk.id)).toBe(false)
  })

  it('when the feed’s owner is disabled, then their token finds no one', async () => {
    const gone = await seed.user('probation', { disabled: true, tokenHash: 'hash-of-a-disabled-user' })
    expect(await repos.calendarFeeds.hasFeed(gone.id)).toBe(true)
    expect(await repos.calendarFeeds.ownerByTokenHash('hash-of-a-disabled-user')).toBeNull()
  })

  it('when the digest is turned off and on, then the choice is read back', async () => {
    const clerk = await seed.user('clerk')
    expect(await repos.calendarFeeds.digestOptOut(clerk.id)).toBe(false)
    await repos.calendarFeeds.setDigestOptOut(clerk.id, true)
    expect(await repos.calendarFeeds.digestOptOut(clerk.id)).toBe(true)
    await repos.calendarFeeds.setDigestOptOut(clerk.id, false)
    expect(await repos.calendarFeeds.digestOptOut(clerk.id)).toBe(false)
  })
})
