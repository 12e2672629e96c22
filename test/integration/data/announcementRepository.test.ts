import { createTestDb, type TestDb } from '../../support/testDb'
import { createNotifyRepositories, type NotifyRepositories } from '../../../server/data/notifyRepositories'
import { notifySeed } from './notifySeed'

// The announcement repository behind the calendar invites sent by email, on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL.

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

describe('the announcement repository', () => {
  async function aCase() {
    const court = await seed.court()
    const officer = await seed.user('probation')
    const providerOrg = await seed.organisation('provider')
    const sitting = await seed.sitting(court.id, '2026-04-07T09:00:00.000Z', { courtroom: '2' })
    const req = await seed.requirement(court.id, { officerId: officer.id, providerOrganisationId: providerOrg })
    const startsAt = '2026-04-07T09:00:00.000Z'
    const reviews = {
      unannounced: await seed.review(req.id, { sittingId: sitting, startsAt }),
      announced: await seed.review(req.id, { sittingId: sitting, startsAt, calendarStartsAt: startsAt }),
      moved: await seed.review(req.id, { sittingId: sitting, startsAt, calendarStartsAt: '2026-03-31T09:00:00.000Z' }),
      vacated: await seed.review(req.id, {
        status: 'vacated',
        lastSittingId: sitting,
        calendarStartsAt: startsAt,
        calendarSequence: 1,
      }),
      neverAnnouncedVacated: await seed.review(req.id, { status: 'vacated', lastSittingId: sitting }),
    }
    return { court, officer, providerOrg, sitting, req, reviews }
  }

  it('when a change names an order, a review, a sitting or a court, then the reviews whose invites are out of date are found through it', async () => {
    const c = await aCase()
    const expected = [c.reviews.unannounced, c.reviews.moved, c.reviews.vacated].sort()
    const ids = async (type: string, id: string) =>
      (await repos.announcements.unannouncedReviews({ type, id })).map(r => r.reviewId).sort()
    expect(await ids('order', c.req.orderId)).toEqual(expected)
    expect(await ids('review', c.reviews.announced)).toEqual(expected)
    expect(await ids('sitting', c.sitting)).toEqual(expected)
    expect(await ids('court', c.court.id)).toEqual(expected)
    expect(await ids('user', c.officer.id)).toEqual([])
    expect(await repos.announcements.unannouncedReviews({})).toEqual([])

    const vacated = (await repos.announcements.unannouncedReviews({ type: 'order', id: c.req.orderId })).find(
      r => r.reviewId === c.reviews.vacated,
    )
    expect(vacated).toEqual({
      reviewId: c.reviews.vacated,
      status: 'vacated',
      startsAt: null,
      calendarStartsAt: '2026-04-07T09:00:00.000Z',
      calendarSequence: 1,
      slotMinutes: 20,
      courtroom: '2',
      courtName: c.court.name,
      officerId: c.officer.id,
      providerOrganisationId: c.providerOrg,
      attendanceMode: 'in_person',
    })
  })

  it('when what was announced is marked, then those reviews are up to date and a cancelled one forgets its time', async () => {
    const c = await aCase()
    await repos.announcements.markAnnounced([
      { reviewId: c.reviews.unannounced, calendarStartsAt: '2026-04-07T09:00:00.000Z', calendarSequence: 0 },
      { reviewId: c.reviews.moved, calendarStartsAt: '2026-04-07T09:00:00.000Z', calendarSequence: 1 },
      { reviewId: c.reviews.vacated, calendarStartsAt: null, calendarSequence: 2 },
    ])
    await repos.announcements.markAnnounced([])
    expect(await repos.announcements.unannouncedReviews({ type: 'order', id: c.req.orderId })).toEqual([])
    const rows = await t.db('review').whereIn('id', [c.reviews.moved, c.reviews.vacated]).orderBy('calendar_sequence')
    expect(rows.map(r => [r.calendar_starts_at, Number(r.calendar_sequence)])).toEqual([
      ['2026-04-07T09:00:00.000Z', 1],
      [null, 2],
    ])
  })

  it('then the recipients are the enabled officers named and every enabled worker of the providers named', async () => {
    const org = await seed.organisation('provider')
    const otherOrg = await seed.organisation('provider')
    const officer = await seed.user('probation')
    await seed.user('probation', { disabled: true })
    const worker = await seed.user('provider', { organisationId: org })
    await seed.user('provider', { organisationId: org, disabled: true })
    await seed.user('provider', { organisationId: otherOrg })
    const rows = await repos.announcements.recipients([officer.id], [org])
    expect(rows.sort((a, b) => a.role.localeCompare(b.role))).toEqual([
      { id: officer.id, email: officer.email, role: 'probation', organisationId: null },
      { id: worker.id, email: worker.email, role: 'provider', organisationId: org },
    ])
    expect(await repos.announcements.recipients([], [])).toEqual([])
  })
})
