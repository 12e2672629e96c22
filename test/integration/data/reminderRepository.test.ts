import { createTestDb, type TestDb } from '../../support/testDb'
import { createNotifyRepositories, type NotifyRepositories } from '../../../server/data/notifyRepositories'
import { notifySeed } from './notifySeed'

// The reminder repository behind the report reminders and the clerks' digest, on SQLite and (with
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

describe('the reminder repository', () => {
  it('when a bank holiday is added, then it is read among the dates at once', async () => {
    expect(await repos.reminders.holidayDates()).not.toContain('2031-07-15')
    await t.db('bank_holiday').insert({ date: '2031-07-15', title: 'A day off for the tests' })
    expect(await repos.reminders.holidayDates()).toContain('2031-07-15')
  })

  it('when reports are due in a window, then the unsubmitted ones of scheduled reviews of active requirements with enabled officers are found', async () => {
    const court = await seed.court()
    const officer = await seed.user('probation')
    const disabledOfficer = await seed.user('probation', { disabled: true })
    const sitting = await seed.sitting(court.id, '2026-04-07T09:00:00.000Z')
    const active = await seed.requirement(court.id, { officerId: officer.id })
    const ended = await seed.requirement(court.id, { officerId: officer.id, status: 'completed' })
    const unstaffed = await seed.requirement(court.id, { officerId: disabledOfficer.id })
    const due = (dueAt: string, status = 'scheduled', req = active.id) =>
      seed.review(req, { sittingId: sitting, startsAt: '2026-04-07T09:00:00.000Z', reportDueAt: dueAt, status })
    const noReport = await due('2026-04-02T16:00:00.000Z')
    const draftReport = await due('2026-04-03T16:00:00.000Z')
    await seed.report(draftReport, officer.id, 'draft')
    await seed.report(await due('2026-04-03T16:00:00.000Z'), officer.id, 'submitted')
    await due('2026-04-02T16:00:00.000Z', 'vacated')
    await due('2026-04-02T16:00:00.000Z', 'scheduled', ended.id)
    await due('2026-04-02T16:00:00.000Z', 'scheduled', unstaffed.id)
    await due('2026-04-06T16:00:00.000Z') // after the window

    const rows = await repos.reminders.unsubmittedReportsDue('2026-04-01T00:00:00.000Z', '2026-04-06T00:00:00.000Z')
    const ours = rows.filter(r => r.courtId === court.id).sort((a, b) => a.reportDueAt.localeCompare(b.reportDueAt))
    expect(ours).toEqual([
      {
        reviewId: noReport,
        reportDueAt: '2026-04-02T16:00:00.000Z',
        startsAt: '2026-04-07T09:00:00.000Z',
        courtId: court.id,
        courtName: court.name,
        officerEmail: officer.email,
      },
      expect.objectContaining({ reviewId: draftReport }),
    ])
  })

  it('then the enabled clerks of the given courts are found, once per court', async () => {
    const [a, b, other] = [await seed.court(), await seed.court(), await seed.court()]
    const both = await seed.user('clerk', { courtIds: [a.id, b.id] })
    await seed.user('clerk', { courtIds: [a.id], disabled: true })
    await seed.user('probation', { courtIds: [a.id] })
    await seed.user('clerk', { courtIds: [other.id] })
    const rows = await repos.reminders.clerksAtCourts([a.id, b.id])
    expect(rows.sort((x, y) => x.courtId.localeCompare(y.courtId))).toEqual(
      [
        { courtId: a.id, email: both.email },
        { courtId: b.id, email: both.email },
      ].sort((x, y) => x.courtId.localeCompare(y.courtId)),
    )
  })

  it('when a day has open sittings, then each is counted: scheduled reviews booked and their reports missing', async () => {
    const court = await seed.court()
    const officer = await seed.user('probation')
    const req = await seed.requirement(court.id, { officerId: officer.id })
    const nine = await seed.sitting(court.id, '2030-01-08T09:00:00.000Z', { courtroom: '1', capacity: 6 })
    const two = await seed.sitting(court.id, '2030-01-08T14:00:00.000Z')
    await seed.sitting(court.id, '2030-01-08T11:00:00.000Z', { status: 'cancelled' })
    const listed = (sittingId: string, status = 'scheduled') => seed.review(req.id, { sittingId, status })
    await seed.report(await listed(nine), officer.id, 'submitted')
    await seed.report(await listed(nine), officer.id, 'draft')
    await listed(nine)
    await listed(nine, 'vacated')

    expect(await repos.reminders.openSittingsOn('2030-01-08')).toEqual([
      {
        sittingId: nine,
        courtId: court.id,
        startsAt: '2030-01-08T09:00:00.000Z',
        courtroom: '1',
        capacity: 6,
        courtName: court.name,
        booked: 3,
        missing: 2,
      },
      expect.objectContaining({ sittingId: two, booked: 0, missing: 0 }),
    ])
  })

  it('then the digest goes to enabled clerks who want it, a row per court, or one with no court', async () => {
    const [a, b] = [await seed.court(), await seed.court()]
    const linked = await seed.user('clerk', { courtIds: [a.id, b.id] })
    const everywhere = await seed.user('clerk')
    const optedOut = await seed.user('clerk', { digestOptOut: true })
    const disabled = await seed.user('clerk', { disabled: true })
    const officer = await seed.user('probation')
    const rows = await repos.reminders.digestClerks()
    const mine = (userId: string) => rows.filter(r => r.userId === userId)
    expect(
      mine(linked.id)
        .map(r => r.courtId)
        .sort(),
    ).toEqual([a.id, b.id].sort())
    expect(mine(everywhere.id)).toEqual([{ userId: everywhere.id, email: everywhere.email, courtId: null }])
    for (const u of [optedOut, disabled, officer]) expect(mine(u.id)).toEqual([])
  })
})
