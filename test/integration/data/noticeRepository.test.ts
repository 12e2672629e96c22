import { createTestDb, type TestDb } from '../../support/testDb'
import { createNotifyRepositories, type NotifyRepositories } from '../../../server/data/notifyRepositories'
import { notifySeed } from './notifySeed'

// The notice repository behind the emails about a review or a sitting, on SQLite and (with TEST_DATABASE_URL)
// PostgreSQL.

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

describe('the notice repository', () => {
  it('when a review is listed, then its notice names its sitting’s court; when not, its order’s court', async () => {
    const [orderCourt, sittingCourt] = [await seed.court(), await seed.court()]
    const officer = await seed.user('probation')
    const req = await seed.requirement(orderCourt.id, { officerId: officer.id })
    const sitting = await seed.sitting(sittingCourt.id, '2026-04-07T09:00:00.000Z')
    const listed = await seed.review(req.id, {
      sittingId: sitting,
      startsAt: '2026-04-07T09:00:00.000Z',
      reportDueAt: '2026-04-02T16:00:00.000Z',
    })
    const unlisted = await seed.review(req.id, { status: 'unlisted', reviewDate: '2026-05-05' })

    expect(await repos.notices.review(listed)).toEqual({
      reviewId: listed,
      startsAt: '2026-04-07T09:00:00.000Z',
      reportDueAt: '2026-04-02T16:00:00.000Z',
      reviewDate: '2026-04-07',
      courtName: sittingCourt.name,
      officerEmail: officer.email,
      personId: req.personId,
      courtId: orderCourt.id,
    })
    expect(await repos.notices.review(unlisted)).toEqual(
      expect.objectContaining({ startsAt: null, reviewDate: '2026-05-05', courtName: orderCourt.name }),
    )
    expect(await repos.notices.review('no-such-review')).toBeNull()
  })

  it('when the officer is disabled, then the notice has no address for them', async () => {
    const court = await seed.court()
    const officer = await seed.user('probation', { disabled: true })
    const req = await seed.requirement(court.id, { officerId: officer.id })
    const review = await seed.review(req.id, { status: 'unlisted' })
    expect((await repos.notices.review(review))?.officerEmail).toBeNull()
  })

  it('then a court’s clerks are its linked enabled clerks, or every enabled clerk when none is linked', async () => {
    const [linkedCourt, lonelyCourt] = [await seed.court(), await seed.court()]
    const linked = await seed.user('clerk', { courtIds: [linkedCourt.id] })
    await seed.user('clerk', { courtIds: [linkedCourt.id], disabled: true })
    const elsewhere = await seed.user('clerk')
    const disabled = await seed.user('clerk', { disabled: true })
    expect(await repos.notices.courtClerkEmails(linkedCourt.id)).toEqual([linked.email])
    const everyone = await repos.notices.courtClerkEmails(lonelyCourt.id)
    expect(everyone).toEqual(expect.arrayContaining([linked.email, elsewhere.email]))
    expect(everyone).not.toContain(disabled.email)
  })

  it('when a pack is issued for a sitting, then its notice has the court, the time and the enabled bench', async () => {
    const court = await seed.court()
    const [a, b] = [await seed.user('sentencer'), await seed.user('sentencer')]
    const off = await seed.user('sentencer', { disabled: true })
    const sitting = await seed.sitting(court.id, '2026-04-07T09:00:00.000Z', { benchUserIds: [a.id, b.id, off.id] })
    const notice = await repos.notices.sitting(sitting)
    expect({ ...notice, benchEmails: notice?.benchEmails.sort() }).toEqual({
      sittingId: sitting,
      startsAt: '2026-04-07T09:00:00.000Z',
      courtName: court.name,
      benchEmails: [a.email, b.email].sort(),
    })
    expect(await repos.notices.sitting('no-such-sitting')).toBeNull()
  })
})
