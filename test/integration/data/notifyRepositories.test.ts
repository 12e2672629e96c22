import { createTestDb, type TestDb } from '../../support/testDb'
import { createNotifyRepositories, type NotifyRepositories } from '../../../server/data/notifyRepositories'
import { createAuditRepository, type AuditRepository } from '../../../server/data/auditRepository'
import type { OutboxMessage } from '../../../server/data/outboxRepository'
import { createUnitOfWork } from '../../../server/data/unitOfWork'
import { notifySeed } from './notifySeed'

// The repositories behind email and calendars, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

let t: TestDb
let repos: NotifyRepositories
let audit: AuditRepository
let seed: ReturnType<typeof notifySeed>

beforeAll(async () => {
  t = await createTestDb()
  repos = createNotifyRepositories(t.db)
  audit = createAuditRepository(t.db)
  seed = notifySeed(t.db)
})

afterAll(async () => {
  await t.destroy()
})

const draft = (to: string, extra: Partial<OutboxMessage> = {}): OutboxMessage => ({
  to,
  template: 'report-chase',
  subject: 'A chase',
  context: { court: 'A court' },
  essential: true,
  ...extra,
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
    expect(mine(linked.id).map(r => r.courtId).sort()).toEqual([a.id, b.id].sort())
    expect(mine(everywhere.id)).toEqual([{ userId: everywhere.id, email: everywhere.email, courtId: null }])
    for (const u of [optedOut, disabled, officer]) expect(mine(u.id)).toEqual([])
  })
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

describe('the outbox repository', () => {
  it('when drafts are queued, then they are stored and read back as drafts, with nothing rendered', async () => {
    const at = '2026-03-02T09:00:00.000Z'
    const invite = { method: 'REQUEST' as const, hearings: [], stamp: at }
    expect(await repos.outbox.enqueue([draft('a@example.test', { cc: ['c@example.test'], invite })], at)).toBe(1)
    const [row] = (await repos.outbox.list({ limit: 500 })).filter(r => r.to === 'a@example.test')
    expect(row).toEqual(
      expect.objectContaining({
        to: 'a@example.test',
        cc: ['c@example.test'],
        template: 'report-chase',
        subject: 'A chase',
        context: { court: 'A court' },
        essential: true,
        invite,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at,
        giveUpAt: '2026-03-03T09:00:00.000Z',
        rendered: null,
      }),
    )
    expect(await repos.outbox.find(row.id)).toEqual(row)
  })

  it('when a dedupe key is taken, then the second message is skipped and the key is reported taken', async () => {
    const at = '2026-03-02T09:00:00.000Z'
    const key = `reminder:${Date.now()}`
    expect(await repos.outbox.enqueue([draft('d@example.test', { dedupeKey: key })], at)).toBe(1)
    expect(await repos.outbox.enqueue([draft('d@example.test', { dedupeKey: key })], at)).toBe(0)
    expect(await repos.outbox.takenDedupeKeys([key, `${key}-free`])).toEqual(new Set([key]))
    expect(await repos.outbox.takenDedupeKeys([])).toEqual(new Set())
  })

  it('when a row was stored already rendered, then it is read with what was rendered', async () => {
    const at = '2026-03-02T09:00:00.000Z'
    await t.db('email_outbox').insert({
      id: 'legacy-row',
      to_address: 'legacy@example.test',
      template: 'report-chase',
      subject: 'Old',
      payload: JSON.stringify({ text: 'Written', html: '<p>Written</p>' }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
    })
    expect((await repos.outbox.find('legacy-row'))?.rendered).toEqual({
      text: 'Written',
      html: '<p>Written</p>',
      calendar: undefined,
    })
  })
})

describe('the audit repository', () => {
  it('when rows are inserted, then they are listed newest first with the user’s name, filtered as asked', async () => {
    const user = await seed.user('clerk')
    const subjectId = `subject-${Date.now()}`
    await audit.insert({ userId: user.id, action: 'view_case', subjectType: 'case', subjectId }, '2026-03-02T09:00:00Z')
    await audit.insert(
      { userId: user.id, action: 'chase_report', subjectId, ip: '10.0.0.1', detail: { n: 1 } },
      '2026-03-02T09:01:00Z',
    )
    const rows = await audit.list({ subjectId })
    expect(rows.map(r => r.action)).toEqual(['chase_report', 'view_case'])
    expect(rows[0]).toEqual(
      expect.objectContaining({
        at: '2026-03-02T09:01:00Z',
        userId: user.id,
        action: 'chase_report',
        subjectType: null,
        ip: '10.0.0.1',
        detail: { n: 1 },
      }),
    )
    expect(rows[0].userName).toMatch(/^clerk /)
    expect((await audit.list({ subjectId, action: 'view_case' })).map(r => r.action)).toEqual(['view_case'])
    expect(await audit.list({ subjectId, limit: 1 })).toHaveLength(1)
  })

  it('when an insert’s transaction is rolled back, then the row goes with it', async () => {
    const subjectId = `rolled-back-${Date.now()}`
    await expect(
      createUnitOfWork(t.db).run(async tx => {
        await audit.insert({ userId: null, action: 'view_case', subjectId }, '2026-03-02T09:00:00Z', tx)
        expect(await audit.list({ subjectId }, tx)).toHaveLength(1)
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await audit.list({ subjectId })).toEqual([])
  })
})
