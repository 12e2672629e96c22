import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { queriesDuring } from '../../support/queries'
import { createPackRepository, type IssuedPackRow } from '../../../server/data/packRepository'
import { createBenchNoteRepository } from '../../../server/data/benchNoteRepository'
import { createUnitOfWork } from '../../../server/data/unitOfWork'
import { newId } from '../../../server/utils/ids'

// The hearing's repositories on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set).

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

async function court(kind: 'magistrates' | 'crown' = 'magistrates') {
  const id = newId()
  await db('court').insert({ id, name: `Court ${next()}`, code: `C${next()}`, kind, created_at: AT })
  return id
}

async function organisation(kind: 'probation' | 'provider') {
  const id = newId()
  await db('organisation').insert({ id, name: `Org ${next()}`, kind, created_at: AT })
  return id
}

async function user(name: string, role = 'sentencer') {
  const id = newId()
  await db('app_user').insert({ id, email: `u${next()}@example.test`, name, role, password_hash: 'x', ...stamps })
  return id
}

/** A person with an order and a requirement, at `courtId`. */
async function requirement(courtId: string, options: { officerId?: string; providerId?: string } = {}) {
  const personId = newId()
  const orderId = newId()
  const id = newId()
  const crn = `X${next()}`.padEnd(7, '0')
  await db('person').insert({ id: personId, name: `Person ${crn}`, date_of_birth: '1990-01-31', crn, ...stamps })
  await db('sentence_order').insert({
    id: orderId,
    person_id: personId,
    court_id: courtId,
    kind: 'suspended',
    made_on: '2026-01-05',
    ends_on: '2027-01-04',
    case_reference: `REF-${crn}`,
    psr_text: null,
    ...stamps,
  })
  await db('requirement').insert({
    id,
    order_id: orderId,
    kind: 'DRR',
    months: 12,
    responsible_officer_id: options.officerId ?? null,
    provider_organisation_id: options.providerId ?? null,
    review_mode: 'paper',
    starts_on: '2026-01-05',
    ends_on: '2027-01-04',
    breach_proceedings: true,
    ...stamps,
  })
  return { id, personId, orderId, crn }
}

async function review(requirementId: string, sequence: number) {
  const id = newId()
  await db('review').insert({
    id,
    requirement_id: requirementId,
    sequence,
    target_date: '2026-02-03',
    mode: 'hearing',
    status: 'held',
    review_date: '2026-02-03',
    ...stamps,
  })
  return id
}

async function sitting(courtId: string) {
  const id = newId()
  await db('sitting').insert({
    id,
    court_id: courtId,
    date: '2026-04-07',
    start_time: '10:00',
    starts_at: '2026-04-07T09:00:00.000Z',
    courtroom: '1',
    capacity: 6,
    slot_minutes: 20,
    ...stamps,
  })
  return id
}

const issued = (sittingId: string, clerk: string, version: number): IssuedPackRow => ({
  id: newId(),
  sittingId,
  version,
  issuedAt: `2026-04-0${version}T09:00:00.000Z`,
  issuedBy: clerk,
  contentHash: `${version}`.repeat(64),
  html: `<p>version ${version}</p>`,
  summary: { cases: [{ reviewId: 'r', name: `Name ${version}`, hash: 'h' }] },
})

describe('the pack repository', () => {
  const packs = () => createPackRepository(db)

  it('when asked for requirements, then gives each with its order, person, court, officer and provider', async () => {
    const c = await court('crown')
    const officer = await user('Olive Officer', 'probation')
    const provider = await organisation('provider')
    const q = await requirement(c, { officerId: officer, providerId: provider })
    const bare = await requirement(c)
    await db('sentence_order').where({ id: q.orderId }).update({ psr_text: 'Background & risk' })

    const rows = await packs().requirements([q.id, bare.id])

    const row = rows.find(r => r.id === q.id)
    expect(row).toEqual({
      id: q.id,
      kind: 'DRR',
      months: 12,
      startsOn: '2026-01-05',
      endsOn: '2027-01-04',
      reviewMode: 'paper',
      breachProceedings: true,
      orderId: q.orderId,
      orderKind: 'suspended',
      madeOn: '2026-01-05',
      orderEndsOn: '2027-01-04',
      caseReference: `REF-${q.crn}`,
      psrText: 'Background & risk',
      courtName: expect.stringMatching(/^Court /),
      courtKind: 'crown',
      personId: q.personId,
      personName: `Person ${q.crn}`,
      dateOfBirth: '1990-01-31',
      crn: q.crn,
      pnc: null,
      officerName: 'Olive Officer',
      providerName: expect.stringMatching(/^Org /),
    })
    expect(rows.find(r => r.id === bare.id)).toEqual(
      expect.objectContaining({ officerName: null, providerName: null, psrText: null }),
    )
  })

  it('when given no ids, then answers empty without a query', async () => {
    const p = packs()
    const sql = await queriesDuring(db, async () => {
      expect(await p.requirements([])).toEqual([])
      expect(await p.reportVersions([])).toEqual([])
      expect(await p.providerUpdates([])).toEqual([])
      expect(await p.outcomes([])).toEqual([])
      expect(await p.drugTests([])).toEqual([])
      expect(await p.ordersWithPsr([])).toEqual([])
      expect(await p.userNames([])).toEqual([])
    })
    expect(sql).toEqual([])
  })

  it('when a report has versions, then gives them oldest first with their content, for the reviews asked for only', async () => {
    const q = await requirement(await court())
    const [r1, r2] = [await review(q.id, 1), await review(q.id, 2)]
    const author = await user('Author', 'probation')
    for (const [reviewId, versions] of [
      [r1, 2],
      [r2, 1],
    ] as const) {
      const reportId = newId()
      await db('progress_report').insert({ id: reportId, review_id: reviewId, author_id: author, status: 'submitted', ...stamps })
      for (let v = versions; v >= 1; v -= 1)
        await db('progress_report_version').insert({
          id: newId(),
          report_id: reportId,
          version_number: v,
          submitted_at: `2026-02-0${v}T10:00:00.000Z`,
          submitted_by: author,
          late: v === 1,
          content: JSON.stringify({ attendance: `Version ${v}`, appointmentsOffered: 4 }),
        })
    }

    const rows = await packs().reportVersions([r1])

    expect(rows).toEqual([
      {
        reviewId: r1,
        versionNumber: 1,
        submittedAt: '2026-02-01T10:00:00.000Z',
        late: true,
        content: { attendance: 'Version 1', appointmentsOffered: 4 },
      },
      {
        reviewId: r1,
        versionNumber: 2,
        submittedAt: '2026-02-02T10:00:00.000Z',
        late: false,
        content: { attendance: 'Version 2', appointmentsOffered: 4 },
      },
    ])
  })

  it('when providers have written, then gives their updates oldest first with the organisation named', async () => {
    const q = await requirement(await court())
    const r = await review(q.id, 1)
    const author = await user('Worker', 'provider')
    const [first, second] = [await organisation('provider'), await organisation('provider')]
    await db('provider_update').insert({
      id: newId(),
      review_id: r,
      organisation_id: second,
      author_id: author,
      treatment_view: 'Later view',
      engagement: null,
      appointments_offered: null,
      appointments_kept: null,
      created_at: '2026-02-02T00:00:00.000Z',
      updated_at: '2026-02-03T00:00:00.000Z',
    })
    await db('provider_update').insert({
      id: newId(),
      review_id: r,
      organisation_id: first,
      author_id: author,
      treatment_view: 'Earlier view',
      engagement: 'Good',
      appointments_offered: 8,
      appointments_kept: 0,
      created_at: '2026-02-01T00:00:00.000Z',
      updated_at: '2026-02-01T00:00:00.000Z',
    })

    const rows = await packs().providerUpdates([r])

    expect(rows.map(u => u.treatmentView)).toEqual(['Earlier view', 'Later view'])
    expect(rows[0]).toEqual({
      reviewId: r,
      organisationName: expect.stringMatching(/^Org /),
      treatmentView: 'Earlier view',
      engagement: 'Good',
      appointmentsOffered: 8,
      appointmentsKept: 0,
      updatedAt: '2026-02-01T00:00:00.000Z',
    })
    expect(rows[1]).toEqual(expect.objectContaining({ engagement: null, appointmentsOffered: null, appointmentsKept: null }))
  })

  it('when reviews have outcomes, then gives each once with who sat (none recorded: an empty bench), in one query', async () => {
    const q = await requirement(await court())
    const [sat, unrecorded, none] = [await review(q.id, 1), await review(q.id, 2), await review(q.id, 3)]
    const [a, b] = [await user('Magistrate A'), await user('Magistrate B')]
    const clerk = await user('Clerk', 'clerk')
    const outcome = (reviewId: string, attended: boolean, comments: string | null) => ({
      id: newId(),
      review_id: reviewId,
      attended,
      progress: 'poor',
      decision: 'breach_referral',
      bench_comments: comments,
      recorded_by: clerk,
      recorded_at: AT,
      updated_at: AT,
    })
    const withBench = outcome(sat, true, 'Keep going')
    await db('outcome').insert([withBench, outcome(unrecorded, false, null)])
    await db('outcome_bench').insert([
      { outcome_id: withBench.id, user_id: a },
      { outcome_id: withBench.id, user_id: b },
    ])

    let rows: Awaited<ReturnType<ReturnType<typeof packs>['outcomes']>> = []
    const sql = await queriesDuring(db, async () => {
      rows = await packs().outcomes([sat, unrecorded, none])
    })

    expect(sql).toHaveLength(1)
    expect(rows).toHaveLength(2)
    expect(rows.find(o => o.reviewId === sat)).toEqual({
      reviewId: sat,
      attended: true,
      progress: 'poor',
      decision: 'breach_referral',
      benchComments: 'Keep going',
      benchUserIds: expect.arrayContaining([a, b]),
    })
    expect(rows.find(o => o.reviewId === sat)!.benchUserIds).toHaveLength(2)
    expect(rows.find(o => o.reviewId === unrecorded)).toEqual(
      expect.objectContaining({ attended: false, benchComments: null, benchUserIds: [] }),
    )
  })

  it('when people have drug tests, then gives them in the order taken with their results, corrected ones marked and withdrawn ones left out', async () => {
    const c = await court()
    const [p, other] = [await requirement(c), await requirement(c)]
    const enteredBy = await user('Tester', 'provider')
    const test = (personId: string, takenOn: string, results: Record<string, string>, otherSubstance: string | null = null) => ({
      id: newId(),
      person_id: personId,
      taken_on: takenOn,
      method: 'oral_fluid',
      results: JSON.stringify(results),
      other_substance: otherSubstance,
      entered_by: enteredBy,
      created_at: AT,
      version: 1,
      corrected_at: null as string | null,
      withdrawn_at: null as string | null,
      withdrawn_by: null as string | null,
      withdrawn_reason: null as string | null,
    })
    await db('drug_test').insert([
      { ...test(p.personId, '2026-02-10', { cocaine: 'positive' }), corrected_at: AT, version: 2 },
      test(p.personId, '2026-01-20', { opiates: 'negative', other: 'positive' }, 'Spice'),
      { ...test(p.personId, '2026-01-25', { opiates: 'positive' }), withdrawn_at: AT, withdrawn_by: enteredBy, withdrawn_reason: 'Wrong person' },
      test(other.personId, '2026-01-01', { cannabis: 'negative' }),
    ])

    const rows = await packs().drugTests([p.personId])

    expect(rows).toEqual([
      {
        personId: p.personId,
        takenOn: '2026-01-20',
        method: 'oral_fluid',
        results: { opiates: 'negative', other: 'positive' },
        otherSubstance: 'Spice',
        corrected: false,
      },
      {
        personId: p.personId,
        takenOn: '2026-02-10',
        method: 'oral_fluid',
        results: { cocaine: 'positive' },
        otherSubstance: null,
        corrected: true,
      },
    ])
  })

  it('when orders have documents, then names only those with a pre-sentence report, once each', async () => {
    const c = await court()
    const [withPsr, withOther, without] = [await requirement(c), await requirement(c), await requirement(c)]
    const by = await user('Clerk', 'clerk')
    const doc = (orderId: string, kind: string) => ({
      id: newId(),
      order_id: orderId,
      kind,
      filename: 'psr.pdf',
      media_type: 'application/pdf',
      size: 4,
      content: Buffer.from('%PDF'),
      uploaded_by: by,
      uploaded_at: AT,
    })
    await db('document').insert([doc(withPsr.orderId, 'psr'), doc(withPsr.orderId, 'psr'), doc(withOther.orderId, 'other')])

    expect(await packs().ordersWithPsr([withPsr.orderId, withOther.orderId, without.orderId])).toEqual([withPsr.orderId])
  })

  it('when asked for names, then gives each user asked for', async () => {
    const [a, b] = [await user('Ann Bench'), await user('Bob Bench')]
    await user('Not Asked')

    const rows = await packs().userNames([a, b])

    expect(rows.sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { id: a, name: 'Ann Bench' },
      { id: b, name: 'Bob Bench' },
    ])
  })

  it('when versions are issued, then lists them oldest first and gives the latest', async () => {
    const s = await sitting(await court())
    const clerk = await user('Clerk', 'clerk')
    const p = packs()
    const [v1, v2] = [issued(s, clerk, 1), issued(s, clerk, 2)]
    expect(await p.latestIssued(s)).toBeNull()

    expect(await p.insertIssued(v2)).toBe(true)
    expect(await p.insertIssued(v1)).toBe(true)

    expect(await p.issued(s)).toEqual([v1, v2])
    expect(await p.latestIssued(s)).toEqual(v2)
  })

  it('when a unique key refuses an issued version, then answers false rather than failing', async () => {
    const s = await sitting(await court())
    const clerk = await user('Clerk', 'clerk')
    const p = packs()
    const v1 = issued(s, clerk, 1)
    await p.insertIssued(v1)

    expect(await p.insertIssued({ ...v1, html: 'the same row again' })).toBe(false)
    expect(await p.issued(s)).toEqual([v1])
  })
})

describe('the bench note repository', () => {
  it('when notes are written in a unit of work, then reads a person’s notes newest first with author and review', async () => {
    const notes = createBenchNoteRepository(db)
    const uow = createUnitOfWork(db)
    const c = await court()
    const [q, other] = [await requirement(c), await requirement(c)]
    const r = await review(q.id, 3)
    const author = await user('Judge Jay')
    const [older, newer] = [newId(), newId()]
    await uow.run(async tx => {
      const at = '2026-02-01T10:00:00.000Z'
      await notes.insert({ id: older, at, text: 'First', personId: q.personId, reviewId: r, authorId: author }, tx)
      const note = { id: newer, at: '2026-02-05T10:00:00.000Z', text: 'Line 1\nLine 2', reviewId: null }
      await notes.insert({ ...note, personId: q.personId, authorId: author }, tx)
    })
    const elsewhere = { id: newId(), at: '2026-02-09T10:00:00.000Z', text: 'Someone else', reviewId: null }
    await notes.insert({ ...elsewhere, personId: other.personId, authorId: author })

    const rows = await notes.forPerson(q.personId)

    expect(rows).toEqual([
      {
        id: newer,
        at: '2026-02-05T10:00:00.000Z',
        text: 'Line 1\nLine 2',
        authorName: 'Judge Jay',
        reviewId: null,
        reviewSequence: null,
        reviewDate: null,
      },
      {
        id: older,
        at: '2026-02-01T10:00:00.000Z',
        text: 'First',
        authorName: 'Judge Jay',
        reviewId: r,
        reviewSequence: 3,
        reviewDate: '2026-02-03',
      },
    ])
  })

  it('when a unit of work fails, then its note is not kept', async () => {
    const notes = createBenchNoteRepository(db)
    const q = await requirement(await court())
    const author = await user('Judge Kay')

    await expect(
      createUnitOfWork(db).run(async tx => {
        await notes.insert({ id: newId(), at: AT, text: 'Lost', personId: q.personId, reviewId: null, authorId: author }, tx)
        throw new Error('the audit row failed')
      }),
    ).rejects.toThrow('the audit row failed')

    expect(await notes.forPerson(q.personId)).toEqual([])
  })
})
