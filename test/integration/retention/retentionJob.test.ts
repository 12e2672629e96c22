import fc from 'fast-check'
import { DateTime } from 'luxon'
import { createTestContext, type TestContext } from '../../support/testApp'
import { newId } from '../../../server/utils/ids'
import { sharedRows } from './retentionWorld'
import { wipePersonRows } from './retentionWipe'

// The daily retention job (Data Protection Act 2018 s.39(1): kept no longer than necessary; s.47(1):
// erased without undue delay; s.47(2): restricted instead while needed as evidence; s.62: erasure
// logged). Over random histories, periods and days: it removes exactly what has passed its date, keeps
// everything of a person under a legal hold, anonymises a person only once every kind has passed,
// deletes audit rows older than the audit period (not a held person's), writes its audit line, and a
// second run changes nothing.

let ctx: TestContext
let shared: Awaited<ReturnType<typeof sharedRows>>

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-12-08T12:00:00Z' })
  shared = await sharedRows(ctx.db, '2005-01-03T10:00:00.000Z')
})

afterAll(async () => {
  await ctx.close()
})

interface PersonSpec {
  lastEnd: string
  tests: number
  notes: number
  reports: number
  packs: number
  held: boolean
}

const day = fc
  .integer({ min: 0, max: 365 * 20 })
  .map(n => DateTime.fromISO('2008-01-01').plus({ days: n }).toISODate()!)
const personSpec: fc.Arbitrary<PersonSpec> = fc.record({
  lastEnd: day,
  tests: fc.nat(3),
  notes: fc.nat(2),
  reports: fc.nat(2),
  packs: fc.nat(1),
  held: fc.boolean(),
})
const years = fc.integer({ min: 1, max: 12 })

const wipe = () => wipePersonRows(ctx.db)

async function makePerson(spec: PersonSpec, i: number) {
  const at = '2005-01-03T10:00:00.000Z'
  const person = newId()
  await ctx.db('person').insert({
    id: person,
    name: `Person ${i}`,
    date_of_birth: '1990-01-01',
    crn: `P${String(i).padStart(6, '0')}`,
    created_at: at,
    updated_at: at,
  })
  const order = newId()
  await ctx.db('sentence_order').insert({
    id: order,
    person_id: person,
    court_id: shared.court,
    kind: 'community',
    made_on: '2005-01-03',
    ends_on: spec.lastEnd,
    case_reference: `C${i}`,
    created_at: at,
    updated_at: at,
  })
  const requirement = newId()
  await ctx.db('requirement').insert({
    id: requirement,
    order_id: order,
    kind: 'DRR',
    months: 12,
    starts_on: '2005-01-03',
    ends_on: spec.lastEnd,
    created_at: at,
    updated_at: at,
  })
  const reviews = []
  for (let n = 0; n < Math.max(spec.reports, spec.packs, 1); n += 1) {
    const id = newId()
    reviews.push(id)
    await ctx.db('review').insert({
      id,
      requirement_id: requirement,
      sequence: n + 1,
      target_date: '2005-02-03',
      mode: 'hearing',
      status: 'held',
      review_date: '2005-02-03',
      created_at: at,
      updated_at: at,
    })
  }
  for (let n = 0; n < spec.tests; n += 1)
    await ctx.db('drug_test').insert({
      id: newId(),
      person_id: person,
      taken_on: '2005-02-01',
      method: 'urine',
      results: '{"opiates":"negative"}',
      entered_by: shared.user,
      created_at: at,
    })
  for (let n = 0; n < spec.notes; n += 1)
    await ctx.db('progress_note').insert({
      id: newId(),
      person_id: person,
      author_id: shared.user,
      at,
      category: 'contact',
      text: 'Phoned',
    })
  for (let n = 0; n < spec.reports; n += 1)
    await ctx.db('progress_report').insert({
      id: newId(),
      review_id: reviews[n],
      author_id: shared.user,
      status: 'submitted',
      created_at: at,
      updated_at: at,
    })
  for (let n = 0; n < spec.packs; n += 1)
    await ctx.db('hearing_pack').insert({
      id: newId(),
      review_id: reviews[n],
      version: 1,
      issued_at: at,
      issued_by: shared.user,
      content_hash: 'h',
      html: '<p>pack</p>',
    })
  if (spec.held)
    await ctx.db('legal_hold').insert({
      id: newId(),
      person_id: person,
      reason: 'Appeal pending',
      placed_by: shared.user,
      placed_at: at,
    })
  return person
}

const count = async (table: string, column: string, ids: string[]) =>
  Number((await ctx.db(table).whereIn(column, ids).count({ n: '*' }).first())?.n ?? 0)

describe('the daily retention job', () => {
  it('when it runs on any day over any history, then it removes exactly what has passed its date, keeps held people’s, and logs counts', async () => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(personSpec, { minLength: 1, maxLength: 4 }),
        fc.record({ drug_tests: years, notes: years, reports: years, packs: years, case_record: years, audit: years }),
        fc.integer({ min: 0, max: 365 * 25 }),
        fc.array(fc.record({ about: fc.nat(4), ageDays: fc.integer({ min: 0, max: 365 * 14 }) }), { maxLength: 5 }),
        async (specs, periods, offset, auditRows) => {
          runs += 1
          await wipe()
          for (const [kind, n] of Object.entries(periods))
            await ctx.db('retention_setting').where({ kind }).update({ years: n })
          const today = DateTime.fromISO('2010-01-01').plus({ days: offset })
          ctx.clock.set(`${today.toISODate()}T12:00:00Z`)
          const people = []
          for (const [i, spec] of specs.entries()) people.push(await makePerson(spec, i))
          const marker = `test_event_${runs}`
          const events = []
          for (const row of auditRows) {
            const personId = people[row.about] ?? null
            const at = today.minus({ days: row.ageDays }).toISODate()!
            await ctx.db('audit_event').insert({ at: `${at}T12:00:00.000Z`, action: marker, person_id: personId })
            events.push({ at, personId })
          }

          const result = await ctx.services.retentionJob.run()

          const passed = (spec: PersonSpec, n: number) => DateTime.fromISO(spec.lastEnd).plus({ years: n }) < today
          const expected = { drug_tests: 0, notes: 0, reports: 0, packs: 0 }
          let anonymised = 0
          let held = 0
          for (const [i, spec] of specs.entries()) {
            const id = [people[i]]
            const allPassed = passed(
              spec,
              Math.max(
                ...Object.entries(periods)
                  .filter(([k]) => k !== 'audit')
                  .map(([, n]) => n),
              ),
            )
            const gone = (kind: keyof typeof expected) => !spec.held && (allPassed || passed(spec, periods[kind]))
            const left = {
              drug_tests: gone('drug_tests') ? 0 : spec.tests,
              notes: gone('notes') ? 0 : spec.notes,
              reports: gone('reports') ? 0 : spec.reports,
              packs: gone('packs') ? 0 : spec.packs,
            }
            expect({
              drug_tests: await count('drug_test', 'person_id', id),
              notes: await count('progress_note', 'person_id', id),
              reports: await ctx
                .db('progress_report as p')
                .join('review as r', 'r.id', 'p.review_id')
                .join('requirement as q', 'q.id', 'r.requirement_id')
                .join('sentence_order as o', 'o.id', 'q.order_id')
                .where('o.person_id', people[i])
                .count({ n: '*' })
                .first()
                .then(r => Number(r?.n ?? 0)),
              packs: await ctx
                .db('hearing_pack as h')
                .join('review as r', 'r.id', 'h.review_id')
                .join('requirement as q', 'q.id', 'r.requirement_id')
                .join('sentence_order as o', 'o.id', 'q.order_id')
                .where('o.person_id', people[i])
                .count({ n: '*' })
                .first()
                .then(r => Number(r?.n ?? 0)),
            }).toEqual(left)
            expected.drug_tests += spec.tests - left.drug_tests
            expected.notes += spec.notes - left.notes
            expected.reports += spec.reports - left.reports
            expected.packs += spec.packs - left.packs
            const person = await ctx.db('person').where({ id: people[i] }).first()
            const isAnonymised = !spec.held && allPassed
            expect({ anonymised: Boolean(person.anonymised_at), name: person.name === 'Anonymised person' }).toEqual({
              anonymised: isAnonymised,
              name: isAnonymised,
            })
            // The case record went with the identity, and nothing else of theirs is left.
            expect(await count('sentence_order', 'person_id', id)).toBe(isAnonymised ? 0 : 1)
            if (isAnonymised) anonymised += 1
            // Held and something due: the case record is due only with everything else, so the
            // shortest of the other kinds decides.
            const minimum = Math.min(periods.drug_tests, periods.notes, periods.reports, periods.packs)
            if (spec.held && passed(spec, minimum)) held += 1
          }
          // Audit rows older than the period go, unless they are about a held person.
          const cutoff = today.minus({ years: periods.audit }).toISODate()!
          const heldIds = new Set(people.filter((_, i) => specs[i].held))
          const keptEvents = events.filter(e => !(e.at < cutoff) || (e.personId && heldIds.has(e.personId)))
          expect(Number((await ctx.db('audit_event').where({ action: marker }).count({ n: '*' }).first())?.n)).toBe(
            keptEvents.length,
          )
          // What it did, in counts and kinds, in its result and its audit line.
          expect(result).toEqual(
            expect.objectContaining({
              deleted: expect.objectContaining({ ...expected, audit: expect.any(Number) }),
              peopleAnonymised: anonymised,
              peopleHeld: held,
            }),
          )
          expect(result.deleted.audit).toBeGreaterThanOrEqual(events.length - keptEvents.length)
          const line = await ctx.db('audit_event').where({ action: 'retention_run' }).orderBy('id', 'desc').first()
          expect(JSON.parse(line.detail)).toEqual(expect.objectContaining({ deleted: result.deleted }))
          expect(line.user_id).toBeNull()
          // Idempotent: a second run the same day finds nothing more to do.
          const again = await ctx.services.retentionJob.run()
          expect(Object.values(again.deleted).every(n => n === 0)).toBe(true)
          expect(again.peopleAnonymised).toBe(0)
        },
      ),
      { numRuns: 25 },
    )
  }, 600_000)
})
