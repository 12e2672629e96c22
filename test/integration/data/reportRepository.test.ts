import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { queriesDuring } from '../../support/queries'
import { createReportRepository } from '../../../server/data/reportRepository'
import { createUnitOfWork } from '../../../server/data/unitOfWork'
import { newId } from '../../../server/utils/ids'
import { AT, CONTENT, fields, progressSeed } from './progressSeed'

// The progress report repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set).

let testDb: TestDb
let db: Knex

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
})
afterAll(async () => testDb.destroy())

const { court, user, person, requirement, sitting, review, listedCase } = progressSeed(() => db)

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
    expect(await reports().update(id, 0, fields({ status: 'submitted', submittedAt: AT, submittedVersion: 1 }))).toBe(
      true,
    )
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
        {
          id: newId(),
          reviewId: r,
          authorId: officer,
          ...fields({ status, submittedAt: status === 'draft' ? null : AT }),
        },
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
