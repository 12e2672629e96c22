import type { Knex } from 'knex'
import { createTestDb, type TestDb } from '../../support/testDb'
import { createAuditRepository, type AuditRepository } from '../../../server/data/auditRepository'
import { newId } from '../../../server/utils/ids'
import { notifySeed } from './notifySeed'

// The audit repository on a real database (SQLite; PostgreSQL when TEST_DATABASE_URL is set): who
// (and their role), which person, the filters of the audit pages, and rows nobody can change.

let testDb: TestDb
let db: Knex
let audit: AuditRepository
let seed: ReturnType<typeof notifySeed>

beforeAll(async () => {
  testDb = await createTestDb()
  db = testDb.db
  audit = createAuditRepository(db)
  seed = notifySeed(db)
})
afterAll(async () => testDb.destroy())

const AT = '2026-03-02T09:00:00.000Z'
const lastRow = () => db('audit_event').orderBy('id', 'desc').first()

async function aCase() {
  const court = await seed.court()
  const requirement = await seed.requirement(court.id)
  const sitting = await seed.sitting(court.id, '2026-04-07T09:00:00.000Z', { courtroom: '2' })
  const review = await seed.review(requirement.id, { sittingId: sitting, reviewDate: '2026-04-07' })
  const uploader = await seed.user('clerk')
  const document = newId()
  await db('document').insert({
    id: document,
    order_id: requirement.orderId,
    kind: 'psr',
    filename: 'psr.pdf',
    media_type: 'application/pdf',
    size: 4,
    content: Buffer.from('%PDF'),
    uploaded_by: uploader.id,
    uploaded_at: AT,
  })
  return { court, requirement, sitting, review, document }
}

describe('writing an audit row', () => {
  it('ASVS 16.2.1: when the role is not given, then it is the user’s role when they acted; nobody signed in has none', async () => {
    const officer = await seed.user('probation')

    await audit.insert({ userId: officer.id, action: 'view_person' }, AT)
    const mine = await lastRow()
    await audit.insert({ userId: null, action: 'sign_in_failed' }, AT)
    const nobody = await lastRow()
    await audit.insert({ userId: officer.id, role: 'clerk', action: 'view_person' }, AT)
    const given = await lastRow()

    expect([mine.role, nobody.role, given.role]).toEqual(['probation', null, 'clerk'])
  })

  it('when the person is not given, then it is worked out from a person, order, requirement, review or document subject; a sitting or a list names no one; a given person wins', async () => {
    const c = await aCase()
    const user = await seed.user('clerk')
    const subjects: [string, string][] = [
      ['person', c.requirement.personId],
      ['order', c.requirement.orderId],
      ['requirement', c.requirement.id],
      ['review', c.review],
      ['document', c.document],
      ['sitting', c.sitting],
      ['review', newId()],
    ]

    const people = []
    for (const [subjectType, subjectId] of subjects) {
      await audit.insert({ userId: user.id, action: 'test_subject', subjectType, subjectId }, AT)
      people.push((await lastRow()).person_id)
    }
    await audit.insert(
      { userId: user.id, action: 'view_court_list', personId: null, subjectType: 'review', subjectId: c.review },
      AT,
    )
    const listed = (await lastRow()).person_id
    const other = newId()
    await audit.insert(
      { userId: user.id, action: 'view_person', personId: other, subjectType: 'review', subjectId: c.review },
      AT,
    )
    const given = (await lastRow()).person_id

    const p = c.requirement.personId
    expect(people).toEqual([p, p, p, p, p, null, null])
    expect([listed, given]).toEqual([null, other])
  })
})

describe('audit rows written at the same moment (the reads of several pages at once)', () => {
  it('when many are written together, then each is committed by the time it answers, and one the database refuses loses none of the others', async () => {
    const user = await seed.user('clerk')
    const action = `view_together_${newId().slice(0, 8)}`
    // The sixth has no action, which every audit row must have.
    const writes = Array.from({ length: 12 }, (_, i) =>
      audit.insert({ userId: user.id, action: i === 5 ? (null as unknown as string) : action, detail: { i } }, AT).then(
        () => 'written',
        () => 'refused',
      ),
    )

    const answers = await Promise.all(writes)
    const rows = await db('audit_event').where({ action }).select('detail')

    expect(answers.filter(a => a === 'refused')).toHaveLength(1)
    expect(answers[5]).toBe('refused')
    expect(rows.map(r => JSON.parse(r.detail).i).sort((a: number, b: number) => a - b)).toEqual([
      0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11,
    ])
  })
})

describe('reading the audit log', () => {
  let reader: { id: string }
  let other: { id: string }
  let c: Awaited<ReturnType<typeof aCase>>

  beforeAll(async () => {
    reader = await seed.user('clerk')
    other = await seed.user('probation')
    c = await aCase()
    const p = c.requirement.personId
    const rows: [string, string, string | null, string][] = [
      [reader.id, 'view_person', p, '2026-05-01T08:00:00.000Z'],
      [reader.id, 'view_report', p, '2026-05-02T23:30:00.000Z'],
      [other.id, 'view_person', p, '2026-05-03T00:30:00.000Z'],
      [reader.id, 'view_caseload', null, '2026-05-04T12:00:00.000Z'],
      [other.id, 'access_refused', null, '2026-05-05T12:00:00.000Z'],
    ]
    for (const [userId, action, personId, at] of rows)
      await audit.insert(
        {
          userId,
          action,
          personId,
          subjectType: personId ? 'person' : undefined,
          subjectId: personId ?? undefined,
          ip: '10.0.0.9',
        },
        at,
      )
  })

  it('when filtered by person, user, action and instants, then list and count agree, newest first, with the user’s and the person’s names', async () => {
    const p = c.requirement.personId
    const person = await db('person').where({ id: p }).first()

    const byPerson = await audit.list({ personId: p })
    const byUser = await audit.list({ userId: reader.id, personId: p })
    const byAction = await audit.list({ action: 'view_person', personId: p })
    const byDates = await audit.list({ from: '2026-05-02T23:30:00.000Z', to: '2026-05-04T12:00:00.000Z' })

    expect(byPerson.map(r => r.action)).toEqual(['view_person', 'view_report', 'view_person'])
    expect(byPerson[0]).toEqual(
      expect.objectContaining({
        userId: other.id,
        role: 'probation',
        personId: p,
        personName: person.name,
        personCrn: person.crn,
        ip: '10.0.0.9',
      }),
    )
    expect(byPerson[0].userName).toMatch(/^probation /)
    expect(byUser.map(r => r.at)).toEqual(['2026-05-02T23:30:00.000Z', '2026-05-01T08:00:00.000Z'])
    expect(byAction.map(r => r.userId)).toEqual([other.id, reader.id])
    // From is included, to is not.
    expect(byDates.map(r => r.action)).toEqual(['view_person', 'view_report'])
    expect(
      await Promise.all([
        audit.count({ personId: p }),
        audit.count({ userId: reader.id, personId: p }),
        audit.count({ from: '2026-05-02T23:30:00.000Z', to: '2026-05-04T12:00:00.000Z' }),
      ]),
    ).toEqual([3, 2, 2])
  })

  it('when read a page at a time, or before an id, then the pages follow on with nothing missed or repeated', async () => {
    const p = c.requirement.personId
    const all = await audit.list({ personId: p })

    const pages = [await audit.list({ personId: p, limit: 2 }), await audit.list({ personId: p, limit: 2, offset: 2 })]
    const keyset = await audit.list({ personId: p, beforeId: all[0].id, limit: 5 })

    expect(pages.flat().map(r => r.id)).toEqual(all.map(r => r.id))
    expect(keyset.map(r => r.id)).toEqual(all.slice(1).map(r => r.id))
  })

  it('when the actions present are asked for, then each is named once, and none that is not there', async () => {
    const actions = await audit.actions()

    expect(new Set(actions).size).toBe(actions.length)
    expect(actions).not.toContain('export_audit')
    expect(actions).toEqual(expect.arrayContaining(['access_refused', 'view_caseload', 'view_person', 'view_report']))
  })

  it('when subjects are described, then each kind gets its facts, and a subject with no row gets none', async () => {
    const court = await db('court').where({ id: c.court.id }).first()
    const user = await seed.user('admin')
    const organisation = await seed.organisation('provider')

    const facts = await audit.subjectFacts([
      { type: 'review', id: c.review },
      { type: 'sitting', id: c.sitting },
      { type: 'order', id: c.requirement.orderId },
      { type: 'requirement', id: c.requirement.id },
      { type: 'court', id: c.court.id },
      { type: 'user', id: user.id },
      { type: 'organisation', id: organisation },
      { type: 'review', id: newId() },
    ])
    const order = await db('sentence_order').where({ id: c.requirement.orderId }).first()

    expect(facts.get(`review:${c.review}`)).toEqual({
      type: 'review',
      sequence: 1,
      reviewDate: '2026-04-07',
      mode: 'hearing',
    })
    expect(facts.get(`sitting:${c.sitting}`)).toEqual({
      type: 'sitting',
      date: '2026-04-07',
      courtroom: '2',
      courtName: court.name,
    })
    expect(facts.get(`order:${c.requirement.orderId}`)).toEqual({ type: 'order', caseReference: order.case_reference })
    expect(facts.get(`requirement:${c.requirement.id}`)).toEqual({ type: 'requirement', kind: 'DRR' })
    expect(facts.get(`court:${c.court.id}`)).toEqual({ type: 'court', name: court.name })
    expect(facts.get(`user:${user.id}`)).toEqual({ type: 'user', name: expect.stringMatching(/^admin /) })
    expect(facts.get(`organisation:${organisation}`)).toEqual({
      type: 'organisation',
      name: expect.stringMatching(/^provider /),
    })
    expect(facts.size).toBe(7)
  })
})

describe('audit rows are append-only', () => {
  it('ASVS 16.4.2: when the repository is read, then it offers inserting and reading only: nothing to change or delete a row', () => {
    expect(Object.keys(audit).sort()).toEqual(['actions', 'count', 'insert', 'list', 'subjectFacts'])
  })

  it('ASVS 16.4.2: when anything updates or deletes an audit row through the database, then the database refuses and the row is unchanged', async () => {
    const user = await seed.user('clerk')
    await audit.insert({ userId: user.id, action: 'view_person', ip: '10.0.0.1' }, AT)
    const row = await lastRow()
    const count = async () => Number((await db('audit_event').count({ n: '*' }).first())?.n)
    const before = await count()

    await expect(db('audit_event').where({ id: row.id }).update({ ip: '10.6.6.6' })).rejects.toThrow(/append-only/)
    await expect(db('audit_event').update({ user_id: null })).rejects.toThrow(/append-only/)
    await expect(db('audit_event').where({ id: row.id }).del()).rejects.toThrow(/append-only/)
    await expect(db('audit_event').del()).rejects.toThrow(/append-only/)
    if (testDb.kind === 'postgres') await expect(db.raw('TRUNCATE audit_event')).rejects.toThrow(/append-only/)

    expect(await db('audit_event').where({ id: row.id }).first()).toEqual(row)
    expect(await count()).toBe(before)
  })
})
