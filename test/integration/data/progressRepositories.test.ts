import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { queriesDuring } from '../../support/queries'
import { createReportRepository, type ReportContent, type ReportFields } from '../../../server/data/reportRepository'
import { createProviderUpdateRepository } from '../../../server/data/providerUpdateRepository'
import { createDrugTestRepository, type DrugTest } from '../../../server/data/drugTestRepository'
import { createNoteRepository } from '../../../server/data/noteRepository'
import { createCaseloadRepository } from '../../../server/data/caseloadRepository'
import { createUnitOfWork } from '../../../server/data/unitOfWork'
import { newId } from '../../../server/utils/ids'

// The progress area's repositories on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set).

const AT = '2026-03-02T09:00:00.000Z'
const stamps = { created_at: AT, updated_at: AT }

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

let n = 0
const next = () => `${(n += 1)}`.padStart(4, '0')

async function court() {
  const id = newId()
  await db('court').insert({ id, name: `Court ${next()}`, code: `C${next()}`, created_at: AT })
  return id
}

async function organisation(kind: 'probation' | 'provider') {
  const id = newId()
  await db('organisation').insert({ id, name: `Org ${next()}`, kind, created_at: AT })
  return id
}

async function user(name: string, role: string, organisationId: string | null = null) {
  const id = newId()
  await db('app_user').insert({
    id,
    email: `u${next()}@example.test`,
    name,
    role,
    organisation_id: organisationId,
    password_hash: 'x',
    ...stamps,
  })
  return id
}

async function person(name = `Person ${next()}`) {
  const id = newId()
  const crn = `X${next()}`.padEnd(7, '0')
  await db('person').insert({ id, name, date_of_birth: '1990-01-31', crn, ...stamps })
  return { id, crn, name }
}

/** An order and a requirement for `personId` at `courtId`. */
async function requirement(
  courtId: string,
  personId: string,
  options: { officerId?: string; providerId?: string; status?: string; endsOn?: string } = {},
) {
  const orderId = newId()
  const id = newId()
  await db('sentence_order').insert({
    id: orderId,
    person_id: personId,
    court_id: courtId,
    kind: 'community',
    made_on: '2026-01-05',
    ends_on: options.endsOn ?? '2027-01-04',
    case_reference: `REF-${next()}`,
    ...stamps,
  })
  await db('requirement').insert({
    id,
    order_id: orderId,
    kind: 'DRR',
    months: 12,
    responsible_officer_id: options.officerId ?? null,
    provider_organisation_id: options.providerId ?? null,
    starts_on: '2026-01-05',
    ends_on: options.endsOn ?? '2027-01-04',
    status: options.status ?? 'active',
    ...stamps,
  })
  return { id, orderId }
}

async function sitting(courtId: string, date: string, startsAt = `${date}T09:00:00.000Z`) {
  const id = newId()
  await db('sitting').insert({
    id,
    court_id: courtId,
    date,
    start_time: '10:00',
    starts_at: startsAt,
    courtroom: '1',
    capacity: 6,
    slot_minutes: 20,
    ...stamps,
  })
  return id
}

async function review(
  requirementId: string,
  sequence: number,
  options: { date?: string; status?: string; mode?: string; sittingId?: string; slotIndex?: number } = {},
) {
  const id = newId()
  const date = options.date ?? '2026-04-07'
  await db('review').insert({
    id,
    requirement_id: requirementId,
    sequence,
    target_date: date,
    mode: options.mode ?? 'hearing',
    status: options.status ?? 'scheduled',
    sitting_id: options.sittingId ?? null,
    slot_index: options.slotIndex ?? null,
    review_date: date,
    report_due_at: `${date}T08:00:00.000Z`,
    ...stamps,
  })
  return id
}

const CONTENT: ReportContent = {
  attendance: 'Attended all',
  appointmentsOffered: 4,
  appointmentsKept: 3,
  engagement: 'Good',
  treatment: 'Stable',
  testing: 'Negative',
  newOffending: null,
  recommendation: 'continue',
  proposedAmendment: null,
}

const fields = (over: Partial<ReportFields> = {}): ReportFields => ({
  ...CONTENT,
  dueAt: '2026-04-03T17:00:00.000Z',
  status: 'draft',
  submittedAt: null,
  submittedVersion: 0,
  updatedAt: AT,
  ...over,
})

/** A case listed in a sitting: court, officer, person, requirement and its review in place 0. */
async function listedCase(date = '2026-04-07') {
  const c = await court()
  const officer = await user('Olive Officer', 'probation')
  const p = await person()
  const q = await requirement(c, p.id, { officerId: officer })
  const s = await sitting(c, date)
  const r = await review(q.id, 1, { date, sittingId: s, slotIndex: 0 })
  return { court: c, officer, person: p, requirement: q, sitting: s, review: r }
}

describe('the report repository', () => {
  const reports = () => createReportRepository(db)

  it('when a report is saved, submitted and amended, then it reads back whole, with its versions oldest first', async () => {
    const k = await listedCase()
    const id = newId()
    await reports().insert({ id, reviewId: k.review, authorId: k.officer, ...fields() }, AT)
    await reports().insertVersion(
      {
        id: newId(),
        reportId: id,
        versionNumber: 1,
        submittedAt: AT,
        submittedBy: k.officer,
        late: false,
        content: CONTENT,
      },
      undefined,
    )
    const amended = { ...CONTENT, attendance: 'Missed one' }
    expect(
      await reports().update(id, 0, fields({ status: 'submitted', submittedAt: AT, submittedVersion: 1 })),
    ).toBe(true)
    expect(await reports().update(id, 1, fields({ ...amended, status: 'submitted', submittedVersion: 2 }))).toBe(true)
    await reports().insertVersion({
      id: newId(),
      reportId: id,
      versionNumber: 2,
      submittedAt: '2026-04-06T09:00:00.000Z',
      submittedBy: k.officer,
      late: true,
      content: amended,
    })

    expect(await reports().forReview(k.review)).toEqual({
      ...amended,
      id,
      reviewId: k.review,
      authorId: k.officer,
      status: 'submitted',
      dueAt: '2026-04-03T17:00:00.000Z',
      submittedAt: null,
      submittedVersion: 2,
      updatedAt: AT,
    })
    const versions = await reports().versions(id)
    expect(versions.map(v => [v.versionNumber, v.late, v.submittedByName, v.content.attendance])).toEqual([
      [1, false, 'Olive Officer', 'Attended all'],
      [2, true, 'Olive Officer', 'Missed one'],
    ])
    expect((await reports().submittedVersions([k.review])).get(k.review)?.versionNumber).toBe(2)
    expect(await reports().statesFor([k.review])).toEqual(
      new Map([[k.review, { status: 'submitted', submittedAt: null, dueAt: '2026-04-03T17:00:00.000Z' }]]),
    )
  })

  it('when a save was read before another submission, then its update changes nothing and says so', async () => {
    const k = await listedCase()
    const id = newId()
    await reports().insert({ id, reviewId: k.review, authorId: k.officer, ...fields({ submittedVersion: 1 }) }, AT)

    const changed = await reports().update(id, 0, fields({ attendance: 'Stale', submittedVersion: 1 }))

    expect(changed).toBe(false)
    expect((await reports().forReview(k.review))?.attendance).toBe('Attended all')
  })

  it('when a second report is inserted for the same review, then the unique key refuses it', async () => {
    const k = await listedCase()
    await reports().insert({ id: newId(), reviewId: k.review, authorId: k.officer, ...fields() }, AT)

    const second = reports().insert({ id: newId(), reviewId: k.review, authorId: k.officer, ...fields() }, AT)

    const err = await second.catch((e: unknown) => e)
    expect(createUnitOfWork(db).isUniqueViolation(err)).toBe(true)
  })

  it('when the recommendation is not to amend, then a proposed amendment is not stored', async () => {
    const k = await listedCase()
    await reports().insert(
      { id: newId(), reviewId: k.review, authorId: k.officer, ...fields({ proposedAmendment: 'Fewer tests' }) },
      AT,
    )

    expect((await reports().forReview(k.review))?.proposedAmendment).toBeNull()
  })

  it('when a review has no report, then it reads as null and has no state', async () => {
    const k = await listedCase()

    expect(await reports().forReview(k.review)).toBeNull()
    expect((await reports().statesFor([k.review])).size).toBe(0)
  })

  it('when asked which reports a court awaits, then gives listed hearings without a submitted report, in sitting order and place, in one query', async () => {
    const c = await court()
    const officer = await user('Owen Officer', 'probation')
    const later = await sitting(c, '2026-05-05')
    const earlier = await sitting(c, '2026-05-04')
    const make = async (sittingId: string, slotIndex: number, over: { mode?: string; status?: string } = {}) => {
      const p = await person()
      const q = await requirement(c, p.id, { officerId: officer })
      return { person: p, review: await review(q.id, 1, { date: '2026-05-04', sittingId, slotIndex, ...over }) }
    }
    const second = await make(earlier, 1)
    const first = await make(earlier, 0)
    const draft = await make(later, 0)
    const submitted = await make(later, 1)
    await make(later, 2, { mode: 'paper' })
    await make(later, 3, { status: 'held' })
    const outside = await sitting(c, '2026-06-01')
    await make(outside, 0)
    for (const [r, status] of [
      [draft.review, 'draft'],
      [submitted.review, 'submitted'],
    ] as const)
      await reports().insert(
        { id: newId(), reviewId: r, authorId: officer, ...fields({ status, submittedAt: status === 'draft' ? null : AT }) },
        AT,
      )

    let rows: Awaited<ReturnType<ReturnType<typeof reports>['awaited']>> = []
    const sql = await queriesDuring(db, async () => {
      rows = await reports().awaited({ courtId: c, from: '2026-05-01', to: '2026-05-31' })
    })

    expect(sql).toHaveLength(1)
    expect(rows.map(r => r.review.id)).toEqual([first.review, second.review, draft.review])
    expect(rows[0]).toMatchObject({
      sittingDate: '2026-05-04',
      courtroom: '1',
      personId: first.person.id,
      personName: first.person.name,
      crn: first.person.crn,
      officerName: 'Owen Officer',
      report: null,
    })
    expect(rows[2].report).toEqual({ status: 'draft', submittedAt: null })
  })

  it('when a report has been chased twice, then the latest chase is given with who chased it', async () => {
    const k = await listedCase()
    const other = await listedCase()
    const clerk = await user('Clara Clerk', 'clerk')
    for (const at of ['2026-04-01T09:00:00.000Z', '2026-04-02T09:00:00.000Z'])
      await db('audit_event').insert({
        at,
        user_id: clerk,
        action: 'chase_report',
        subject_type: 'review',
        subject_id: k.review,
      })

    const chases = await reports().latestChases([k.review, other.review])

    expect(chases).toEqual(new Map([[k.review, { at: '2026-04-02T09:00:00.000Z', byName: 'Clara Clerk' }]]))
    expect((await reports().latestChases([])).size).toBe(0)
  })

  it('when a review is chased, then its court is its sitting’s, else its order’s; an unknown review is null', async () => {
    const k = await listedCase()
    const elsewhere = await court()
    const moved = await sitting(elsewhere, '2026-04-08')
    const listedElsewhere = await review(k.requirement.id, 2, { sittingId: moved, slotIndex: 0 })
    const unlisted = await review(k.requirement.id, 3, { status: 'unlisted' })

    expect(await reports().chaseTarget(listedElsewhere)).toEqual({ reviewId: listedElsewhere, courtId: elsewhere })
    expect(await reports().chaseTarget(unlisted)).toEqual({ reviewId: unlisted, courtId: k.court })
    expect(await reports().chaseTarget(newId())).toBeNull()
  })
})

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

describe('the drug test repository', () => {
  const tests = () => createDrugTestRepository(db)
  const test = (personId: string, takenOn: string, enteredBy: string, over: Partial<DrugTest> = {}): DrugTest => ({
    id: newId(),
    personId,
    takenOn,
    method: 'urine',
    results: { opiates: 'negative' },
    otherSubstance: null,
    organisationId: null,
    enteredBy,
    uploadId: null,
    createdAt: AT,
    version: 1,
    correctedAt: null,
    withdrawn: null,
    ...over,
  })

  it('when 250 tests are stored, then it takes two statements and they read back latest first, results in one order', async () => {
    const p = await person()
    const worker = await user('Tess', 'provider')
    const many = Array.from({ length: 250 }, (_, i) =>
      test(p.id, `2026-0${1 + (i % 3)}-10`, worker, { createdAt: `2026-03-02T09:${`${i % 60}`.padStart(2, '0')}:00.000Z` }),
    )
    many[0] = { ...many[0], takenOn: '2026-04-01', results: { other: 'positive', cocaine: 'positive' }, otherSubstance: 'Spice' }

    const sql = await queriesDuring(db, () => tests().insert(many))
    const read = await tests().forPerson(p.id)

    expect(sql.filter(s => /insert/i.test(s))).toHaveLength(2)
    expect(read).toHaveLength(250)
    expect(read[0]).toEqual({ ...many[0], results: { cocaine: 'positive', other: 'positive' } })
    expect(Object.keys(read[0].results)).toEqual(['cocaine', 'other'])
    const order = read.map(t => `${t.takenOn} ${t.createdAt}`)
    expect(order).toEqual([...order].sort().reverse())
  })

  it('when asked for tests between two dates, then both ends are included, earliest first, with the organisation’s name', async () => {
    const p = await person()
    const org = await organisation('provider')
    const worker = await user('Tess', 'provider', org)
    await tests().insert([
      test(p.id, '2026-02-28', worker),
      test(p.id, '2026-03-10', worker, { organisationId: org, results: { cannabis: 'positive' } }),
      test(p.id, '2026-03-01', worker),
      test(p.id, '2026-03-11', worker),
    ])

    const evidence = await tests().takenBetween(p.id, '2026-03-01', '2026-03-10')

    expect(evidence.map(t => t.takenOn)).toEqual(['2026-03-01', '2026-03-10'])
    expect(evidence[1]).toMatchObject({ method: 'urine', results: { cannabis: 'positive' }, otherSubstance: null })
    expect(evidence[1].organisationName).toMatch(/^Org /)
    expect(evidence[0].organisationName).toBeNull()
  })

  it('when asked for several people’s tests between two dates, then gives each in range and no one else’s', async () => {
    const [a, b, c] = [await person(), await person(), await person()]
    const worker = await user('Tess', 'provider')
    await tests().insert([
      test(a.id, '2026-03-01', worker),
      test(b.id, '2026-03-05', worker),
      test(b.id, '2026-03-06', worker),
      test(c.id, '2026-03-03', worker),
    ])

    const found = await tests().forPeopleBetween([a.id, b.id], '2026-03-01', '2026-03-05')

    expect(found.map(t => `${t.personId === a.id ? 'a' : 'b'} ${t.takenOn}`).sort()).toEqual([
      'a 2026-03-01',
      'b 2026-03-05',
    ])
    expect(await tests().forPeopleBetween([], '2026-03-01', '2026-03-05')).toEqual([])
  })

  it('when people are looked up by CRN, then only those in scope are found, each with their last order’s end', async () => {
    const c = await court()
    const org = await organisation('provider')
    const officer = await user('Olive', 'probation')
    const mine = await person()
    const theirs = await person()
    await requirement(c, mine.id, { providerId: org, officerId: officer, endsOn: '2026-12-31' })
    await requirement(c, mine.id, { endsOn: '2027-06-30' })
    await requirement(c, theirs.id, { providerId: await organisation('provider') })
    const crns = [mine.crn, theirs.crn, 'Z999999']

    const asProvider = await tests().peopleByCrn(crns, { kind: 'provider', organisationId: org })
    const asOfficer = await tests().peopleByCrn(crns, { kind: 'officer', userIds: [officer] })
    const asNobody = await tests().peopleByCrn(crns, { kind: 'none' })

    expect(asProvider).toEqual(new Map([[mine.crn, { id: mine.id, name: mine.name, endsOn: '2026-12-31' }]]))
    expect([...asOfficer.keys()]).toEqual([mine.crn])
    expect(asNobody.size).toBe(0)
    expect((await tests().peopleByCrn(crns, { kind: 'all' })).get(mine.crn)?.endsOn).toBe('2027-06-30')
  })

  it('when asked when a person’s orders end, then gives the last day of the last, or null without one', async () => {
    const c = await court()
    const p = await person()
    await requirement(c, p.id, { endsOn: '2026-12-31' })
    await requirement(c, p.id, { endsOn: '2027-02-01' })

    expect(await tests().lastOrderEnd(p.id)).toBe('2027-02-01')
    expect(await tests().lastOrderEnd((await person()).id)).toBeNull()
  })
})

describe('the note repository', () => {
  const notes = () => createNoteRepository(db)

  it('when notes are added, then they read back newest first, exactly as written, with author and organisation', async () => {
    const p = await person()
    const org = await organisation('provider')
    const worker = await user('Pat Provider', 'provider', org)
    const officer = await user('Olive Officer', 'probation')
    const text = '  Line one\nLine two 🙂  '
    await notes().insert({ id: newId(), personId: p.id, authorId: worker, organisationId: org, at: '2026-03-01T09:00:00.000Z', category: 'contact', text })
    await notes().insert({ id: newId(), personId: p.id, authorId: officer, organisationId: null, at: '2026-03-02T09:00:00.000Z', category: 'testing', text: 'Later' })
    await notes().insert({ id: newId(), personId: (await person()).id, authorId: officer, organisationId: null, at: AT, category: 'other', text: 'Someone else' })

    const read = await notes().forPerson(p.id)

    expect(read.map(r => [r.text, r.category, r.authorName])).toEqual([
      ['Later', 'testing', 'Olive Officer'],
      [text, 'contact', 'Pat Provider'],
    ])
    expect(read[0].organisationName).toBeNull()
    expect(read[1].organisationName).toMatch(/^Org /)
  })
})

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
