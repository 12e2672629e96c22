import type { Knex } from 'knex'
import type { ProgressDeps } from './deps'
import {
  SUBSTANCES,
  CSV_COLUMNS,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_ROWS,
  canonicalResults,
  checkCells,
  csvLine,
  csvTemplate,
  drugTestInput,
  parseCsv,
  providerUpdateInput,
  testKey,
  toDrugTest,
  toUpdate,
  type DrugTest,
  type ProviderUpdate,
  type Raw,
  type UploadPreview,
  type UploadRow,
} from './providerData'
import type { CurrentUser } from '../../roles'
import type { PersonRow } from '../../data/caseRepository'
import { scopeRequirements, type CaseScope } from '../../data/caseRepository'
import { OPEN_STATUSES, toReview, type ReviewRow } from '../../data/reviewRepository'
import { caseScopeFor } from '../scope'
import { ConflictError, NotFoundError, ValidationError } from '../../errors'
import { newId, sha256 } from '../../utils/ids'
import { formatDate } from '../../utils/dates'
import { parse } from '../validation'

export * from './providerData'

export function createProviderService(deps: ProgressDeps) {
  const { db, clock, audit, cases, reviews } = deps
  const now = () => clock.now().toISOString()

  /** A review whose requirement is referred to the provider's organisation; anything else is a 404. */
  async function providerReview(user: CurrentUser, reviewId: string, trx: Knex = db) {
    const review = user.role === 'provider' && user.organisationId ? await reviews.find(reviewId, trx) : null
    const requirement = review ? await cases.requirement(review.requirementId, trx) : null
    if (!review || !requirement || requirement.providerOrganisationId !== user.organisationId)
      throw new NotFoundError('Review not found')
    const order = await cases.order(requirement.orderId, trx)
    const person = order ? await cases.person(order.personId, { kind: 'all' }, trx) : null
    if (!person) throw new NotFoundError('Review not found')
    return { review, requirement, person, organisationId: user.organisationId! }
  }

  /** A person the user may read tests for (clerk and admin every person; officers and providers their own). */
  async function readablePerson(user: CurrentUser, personId: string): Promise<PersonRow> {
    const person = await cases.person(personId, await caseScopeFor(user, db))
    if (!person) throw new NotFoundError('Person not found')
    return person
  }

  /** Only those who test people (providers) or hold the case (probation) add tests. */
  async function writableScope(user: CurrentUser): Promise<CaseScope> {
    if (user.role !== 'provider' && user.role !== 'probation') return { kind: 'none' }
    return caseScopeFor(user, db)
  }

  /** People (by CRN) the scope may add tests for, in one query per 500 CRNs. */
  // A test is dated within the person's order: a date after it ends is a typing mistake. (Dates are
  // not checked against today, so a system may send tests in whatever order it records them.)
  const afterOrder = (endsOn: string) => `Date taken must be on or before the order ends on ${formatDate(endsOn)}`
  async function lastOrderEnd(personId: string): Promise<string | null> {
    const row = await db('sentence_order').where('person_id', personId).max({ endsOn: 'ends_on' }).first()
    return (row?.endsOn as string) ?? null
  }

  async function peopleByCrn(crns: string[], scope: CaseScope, trx: Knex) {
    const out = new Map<string, { id: string; name: string; endsOn: string }>()
    if (scope.kind === 'none') return out
    for (let i = 0; i < crns.length; i += 500) {
      const q = trx('person as p')
        .join('sentence_order as o', 'o.person_id', 'p.id')
        .join('requirement as q', 'q.order_id', 'o.id')
        .whereIn('p.crn', crns.slice(i, i + 500))
        .groupBy('p.id', 'p.name', 'p.crn')
        .select('p.id', 'p.name', 'p.crn')
        .max({ endsOn: 'o.ends_on' })
      for (const r of await scopeRequirements(q, scope))
        out.set(r.crn as string, { id: r.id as string, name: r.name as string, endsOn: r.endsOn as string })
    }
    return out
  }

  /** Keys of tests already stored for these people, in the date range the rows cover. */
  async function storedKeys(rows: { personId: string; takenOn: string }[], trx: Knex) {
    const keys = new Set<string>()
    if (rows.length === 0) return keys
    const ids = [...new Set(rows.map(r => r.personId))]
    const dates = rows.map(r => r.takenOn).sort()
    for (let i = 0; i < ids.length; i += 500) {
      const stored = await trx('drug_test')
        .whereIn('person_id', ids.slice(i, i + 500))
        .whereBetween('taken_on', [dates[0], dates[dates.length - 1]])
      for (const r of stored) keys.add(testKey(toDrugTest(r)))
    }
    return keys
  }

  function insertRow(
    user: CurrentUser,
    t: Omit<DrugTest, 'id' | 'organisationId' | 'enteredBy' | 'createdAt'>,
    at: string,
  ) {
    return {
      id: newId(),
      person_id: t.personId,
      taken_on: t.takenOn,
      method: t.method,
      results: JSON.stringify(canonicalResults(t.results)),
      other_substance: t.otherSubstance,
      organisation_id: user.organisationId,
      entered_by: user.id,
      upload_id: t.uploadId,
      created_at: at,
    }
  }

  return {
    template: csvTemplate,

    /**
     * The provider's home: people with an active requirement referred to the organisation, each with
     * their next open review and whether the organisation's update for it is in. Three queries.
     */
    async clients(user: CurrentUser) {
      const org = user.role === 'provider' ? user.organisationId : null
      if (!org) return []
      const active = (q: Knex.QueryBuilder) => q.where('q.provider_organisation_id', org).where('q.status', 'active')
      const people = await active(
        db('person as p')
          .join('sentence_order as o', 'o.person_id', 'p.id')
          .join('requirement as q', 'q.order_id', 'o.id'),
      ).distinct('p.id', 'p.name', 'p.crn')
      // Each person's earliest open review only (a window function: both SQLite and PostgreSQL have them).
      const ranked = active(db('review as r').join('requirement as q', 'q.id', 'r.requirement_id'))
        .join('sentence_order as o', 'o.id', 'q.order_id')
        .whereIn('r.status', OPEN_STATUSES)
        .select(
          'r.*',
          'o.person_id as person_id',
          db.raw('row_number() over (partition by o.person_id order by r.review_date, r.sequence, r.id) as rn'),
        )
      const open: Raw[] = await db.select('*').from(ranked.as('x')).where('x.rn', 1)
      const updates = await active(
        db('provider_update as u')
          .join('review as r', 'r.id', 'u.review_id')
          .join('requirement as q', 'q.id', 'r.requirement_id'),
      )
        .where('u.organisation_id', org)
        .whereIn('r.status', OPEN_STATUSES)
        .select('u.review_id', 'u.updated_at')
      const updatedAt = new Map((updates as Raw[]).map(u => [u.review_id as string, u.updated_at as string]))
      const next = new Map<string, ReviewRow>()
      for (const r of open) next.set(r.person_id as string, toReview(r))
      return people
        .map(p => {
          const review = next.get(p.id as string) ?? null
          return {
            person: { id: p.id as string, name: p.name as string, crn: p.crn as string },
            review,
            reportDueAt: review?.reportDueAt ?? null,
            update: review ? { wanted: true, receivedAt: updatedAt.get(review.id) ?? null } : null,
          }
        })
        .sort(
          (a, b) =>
            (a.reportDueAt ?? '9999').localeCompare(b.reportDueAt ?? '9999') ||
            a.person.name.localeCompare(b.person.name),
        )
    },

    /** The review and the organisation's update so far, for the update form. */
    async updateFor(user: CurrentUser, reviewId: string) {
      const c = await providerReview(user, reviewId)
      const row = await db('provider_update').where({ review_id: reviewId, organisation_id: c.organisationId }).first()
      return { review: c.review, person: c.person, requirement: c.requirement, update: row ? toUpdate(row) : null }
    },

    /** One update per review per organisation: saving again replaces it (and bumps its version). */
    async saveUpdate(user: CurrentUser, reviewId: string, input: unknown): Promise<ProviderUpdate> {
      const c = await providerReview(user, reviewId)
      const u = parse(providerUpdateInput, input)
      const at = now()
      const values = {
        author_id: user.id,
        treatment_view: u.treatmentView,
        engagement: u.engagement?.trim() || null,
        appointments_offered: u.appointmentsOffered,
        appointments_kept: u.appointmentsKept,
        updated_at: at,
      }
      return db.transaction(async trx => {
        await trx('provider_update')
          .insert({
            id: newId(),
            review_id: reviewId,
            organisation_id: c.organisationId,
            created_at: at,
            version: 1,
            ...values,
          })
          .onConflict(['review_id', 'organisation_id'])
          .merge({ ...values, version: trx.raw('?? + 1', ['provider_update.version']) })
        const row = await trx('provider_update')
          .where({ review_id: reviewId, organisation_id: c.organisationId })
          .first()
        await audit.record(
          {
            userId: user.id,
            action: 'provider-update.save',
            subjectType: 'review',
            subjectId: reviewId,
            detail: { version: Number(row.version) },
          },
          at,
          trx,
        )
        return toUpdate(row)
      })
    },

    async tests(user: CurrentUser, personId: string): Promise<{ person: PersonRow; tests: DrugTest[] }> {
      const person = await readablePerson(user, personId)
      const rows = await db('drug_test')
        .where('person_id', person.id)
        .orderBy([
          { column: 'taken_on', order: 'desc' },
          { column: 'created_at', order: 'desc' },
        ])
      return { person, tests: rows.map(toDrugTest) }
    },

    /** Whether the user may add tests for this person (the "Add a test" link; the add itself checks again). */
    async canAddTests(user: CurrentUser, personId: string): Promise<boolean> {
      return (await cases.person(personId, await writableScope(user))) !== null
    },

    async person(user: CurrentUser, personId: string, forWriting = false): Promise<PersonRow> {
      const person = forWriting
        ? await cases.person(personId, await writableScope(user))
        : await readablePerson(user, personId)
      if (!person) throw new NotFoundError('Person not found')
      return person
    },

    async addTest(user: CurrentUser, personId: string, input: unknown): Promise<DrugTest> {
      const person = await cases.person(personId, await writableScope(user))
      if (!person) throw new NotFoundError('Person not found')
      const t = parse(drugTestInput, input)
      const endsOn = await lastOrderEnd(personId)
      if (endsOn && t.takenOn > endsOn) throw new ValidationError([{ field: 'takenOn', message: afterOrder(endsOn) }])
      const at = now()
      const row = insertRow(
        user,
        {
          personId: person.id,
          takenOn: t.takenOn,
          method: t.method,
          results: t.results,
          otherSubstance: t.otherSubstance || null,
          uploadId: null,
        },
        at,
      )
      await db.transaction(async trx => {
        await trx('drug_test').insert(row)
        await audit.record(
          {
            userId: user.id,
            action: 'drug-test.add',
            subjectType: 'person',
            subjectId: person.id,
            detail: { testId: row.id },
          },
          at,
          trx,
        )
      })
      return toDrugTest(row)
    },

    /**
     * Checks every row of an uploaded CSV; stores nothing. A file that is not the template's shape
     * is refused whole (ValidationError on `file`); otherwise each row is accepted or rejected with a reason.
     */
    async previewUpload(user: CurrentUser, csvText: string): Promise<UploadPreview> {
      const refuse = (message: string) => new ValidationError([{ field: 'file', message }], message)
      if (Buffer.byteLength(csvText, 'utf8') > MAX_UPLOAD_BYTES) throw refuse('The file must be 2 MB or smaller')
      const parsed = parseCsv(csvText)
      if ('error' in parsed) throw refuse(`The file is not a CSV file: ${parsed.error}`)
      const rows = parsed.rows
        .map((cells, i) => ({ cells, line: i + 1 }))
        .filter(r => r.cells.some(c => c.trim() !== ''))
      if (rows.length === 0) throw refuse('The file is empty')
      const header = rows[0].cells.map(c => c.trim().toLowerCase())
      if (header.join(',') !== CSV_COLUMNS.join(','))
        throw refuse(`The first row must name the columns ${CSV_COLUMNS.join(',')}: download the template`)
      const data = rows.slice(1)
      if (data.length === 0) throw refuse('The file has no tests in it, only the column names')
      if (data.length > MAX_UPLOAD_ROWS)
        throw refuse(`The file has ${data.length} tests; upload ${MAX_UPLOAD_ROWS} or fewer at a time`)

      const checked = data.map(r => ({
        line: r.line,
        crn: (r.cells[0] ?? '').trim(),
        check: checkCells(r.cells, r.line),
      }))
      const crns = [...new Set(checked.flatMap(c => ('row' in c.check ? [c.check.row.crn] : [])))]
      const people = await peopleByCrn(crns, await writableScope(user), db)
      const candidates = checked.flatMap(c => {
        const person = 'row' in c.check ? people.get(c.check.row.crn) : undefined
        return 'row' in c.check && person ? [{ ...c.check.row, personId: person.id, name: person.name }] : []
      })
      const stored = await storedKeys(candidates, db)

      const accepted: UploadRow[] = []
      const rejected: UploadPreview['rejected'] = []
      const seen = new Map<string, number>()
      for (const c of checked) {
        if ('reason' in c.check) {
          rejected.push({ line: c.line, crn: c.crn, reason: c.check.reason })
          continue
        }
        const person = people.get(c.check.row.crn)
        // Someone else's client and no such person read the same: the file must not reveal which.
        if (!person) {
          rejected.push({ line: c.line, crn: c.crn, reason: 'Unknown CRN' })
          continue
        }
        if (c.check.row.takenOn > person.endsOn) {
          rejected.push({ line: c.line, crn: c.crn, reason: afterOrder(person.endsOn) })
          continue
        }
        const row: UploadRow = { ...c.check.row, personId: person.id, name: person.name }
        const key = testKey(row)
        if (seen.has(key)) rejected.push({ line: c.line, crn: c.crn, reason: `Duplicate of line ${seen.get(key)}` })
        else if (stored.has(key)) rejected.push({ line: c.line, crn: c.crn, reason: 'This test is already recorded' })
        else {
          seen.set(key, c.line)
          accepted.push(row)
        }
      }
      const token = sha256(`${user.id}:${now()}:${newId()}`).slice(0, 32)
      return { token, accepted, rejected }
    },

    /**
     * Stores the accepted rows of a preview in one transaction with one upload id: all or nothing.
     * Every row is checked again (scope and duplicates), since the data may have changed since preview.
     */
    async confirmUpload(user: CurrentUser, preview: Pick<UploadPreview, 'token' | 'accepted'>) {
      if (preview.accepted.length === 0) throw new ConflictError('There are no accepted tests to store')
      const uploadId = newId()
      const at = now()
      const scope = await writableScope(user)
      await db.transaction(async trx => {
        const people = await peopleByCrn([...new Set(preview.accepted.map(r => r.crn))], scope, trx)
        if (preview.accepted.some(r => people.get(r.crn)?.id !== r.personId))
          throw new ConflictError(
            'Some people in the file are no longer yours to record tests for. Nothing was stored; upload the file again',
          )
        const stored = await storedKeys(preview.accepted, trx)
        const again = preview.accepted.find(r => stored.has(testKey(r)))
        if (again)
          throw new ConflictError(
            `Line ${again.line} is already recorded (perhaps by someone else since the preview). Nothing was stored; upload the file again`,
          )
        const rows = preview.accepted.map(r => insertRow(user, { ...r, uploadId }, at))
        for (let i = 0; i < rows.length; i += 200) await trx('drug_test').insert(rows.slice(i, i + 200))
        await audit.record(
          {
            userId: user.id,
            action: 'drug-test.upload',
            subjectType: 'upload',
            subjectId: uploadId,
            detail: { count: rows.length },
          },
          at,
          trx,
        )
      })
      return { uploadId, count: preview.accepted.length }
    },

    /** A person's tests in the template's columns, with formula-looking cells made inert. */
    async exportCsv(user: CurrentUser, personId: string): Promise<{ person: PersonRow; csv: string }> {
      const { person, tests } = await this.tests(user, personId)
      const lines = tests.map(t =>
        csvLine([person.crn, t.takenOn, t.method, ...SUBSTANCES.map(s => t.results[s] ?? ''), t.otherSubstance]),
      )
      await audit.record(
        { userId: user.id, action: 'drug-test.export', subjectType: 'person', subjectId: person.id },
        now(),
      )
      return { person, csv: csvTemplate() + lines.join('') }
    },
  }
}

export type ProviderService = ReturnType<typeof createProviderService>
