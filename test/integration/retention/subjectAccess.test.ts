import request from 'supertest'
import { unzipSync, strFromU8 } from 'fflate'
import { apiToken, createTestContext, signIn, usePdfRenderer, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { bearer } from '../scheduling/schedulingWorld'
import { PERSON_LINKED_TABLES } from '../../../server/data/personLinkedTables'
import { PDF_UNAVAILABLE, createPdfRenderer } from '../../../server/services/hearing/pdfRenderer'
import { newId } from '../../../server/utils/ids'
import { fillPerson, sharedRows, tableNames } from './retentionWorld'

// Subject access (Data Protection Act 2018 s.45): an administrator downloads everything held about one
// person, as a ZIP of a readable PDF and JSON. Two people share a sitting, and each has a row in every
// person-linked table (made from the schema, so a table added later is covered too): the export holds
// every one of A's, and not one value of B's.

let ctx: TestContext
let admin: { id: string; email: string }
let clerk: { id: string; email: string }
let shared: Awaited<ReturnType<typeof sharedRows>>
let a: Map<string, string>
let b: Map<string, string>
const A = 'QXAAAAA'
const B = 'QXBBBBB'

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-12-08T10:00:00Z' })
  admin = await makeUser(ctx.services, 'admin')
  clerk = await makeUser(ctx.services, 'clerk')
  shared = await sharedRows(ctx.db, '2026-11-03T10:00:00.000Z')
  a = await fillPerson(ctx.db, shared, A, { document: { content: Buffer.from('%PDF-1.4 A’s report') } })
  b = await fillPerson(ctx.db, shared, B, { document: { content: Buffer.from('%PDF-1.4 B’s report') } })
  // A pack of the whole sitting holds both people's cases; the audit log has rows about each.
  await ctx.db('hearing_pack').insert({
    id: newId(),
    sitting_id: shared.sitting,
    review_id: null,
    version: 1,
    issued_at: '2026-11-02T10:00:00.000Z',
    issued_by: shared.user,
    content_hash: 'h',
    html: `<p>${A}</p><p>${B}</p>`,
  })
  for (const [personId, marker] of [
    [a.get('person')!, A],
    [b.get('person')!, B],
  ])
    await ctx.db('audit_event').insert({
      at: '2026-11-04T10:00:00.000Z',
      user_id: shared.user,
      role: 'clerk',
      action: 'view_person',
      person_id: personId,
      subject_type: 'person',
      subject_id: personId,
      ip: '10.9.8.7',
      detail: JSON.stringify({ marker }),
    })
})

beforeAll(async () => {
  // A court list read names both people in one row (ids in its detail).
  await ctx.db('audit_event').insert({
    at: '2026-11-05T10:00:00.000Z',
    user_id: clerk.id,
    role: 'clerk',
    action: 'view_court_list',
    person_id: null,
    subject_type: 'sitting',
    subject_id: 'sitting-1',
    detail: JSON.stringify({ count: 2, personIds: [a.get('person'), b.get('person')] }),
  })
})

afterAll(async () => {
  usePdfRenderer(null)
  await ctx.close()
})

const zipOf = (res: request.Response) => unzipSync(new Uint8Array(res.body as Buffer))
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = []
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () => done(null, Buffer.concat(chunks)))
  })

/** The export of one person, asked for on the API by the administrator. */
const exportAsAdmin = async (personId: string) =>
  binary(
    request(ctx.app)
      .get(`/api/v1/people/${personId}/export`)
      .set(bearer(await apiToken(ctx.app, admin.email))),
  )

describe('GET /api/v1/people/{id}/export', () => {
  it('when an admin asks, then the ZIP holds a PDF and JSON with every person-linked table’s rows for them and nobody else’s', async () => {
    const res = await exportAsAdmin(a.get('person')!)
    expect(res.status).toBe(200)
    expect(res.type).toBe('application/zip')
    expect(res.headers['content-disposition']).toContain(`subject-access-${a.get('person')}`)
    const files = zipOf(res)
    expect(strFromU8(files['everything-we-hold.pdf'].slice(0, 5))).toBe('%PDF-')
    const text = strFromU8(files['everything-we-hold.json'])
    const doc = JSON.parse(text)
    const present = new Set(await tableNames(ctx.db))
    const given = new Map<string, unknown[]>(
      doc.tables.map((t: { table: string; rows: unknown[] }) => [t.table, t.rows]),
    )
    const disclosed = PERSON_LINKED_TABLES.filter(e => present.has(e.table) && e.disclose === true)
    const empty = disclosed.filter(e => !(given.get(e.table) ?? []).length).map(e => e.table)
    expect(empty).toEqual([])
    expect(given.get('person')).toHaveLength(1)
    // The same JSON on either database: booleans are true and false, not SQLite's 0 and 1.
    expect((given.get('requirement') as { residential: unknown }[])[0].residential).toBe(false)
    // Every one of A's rows made above is there, by id.
    for (const [table, id] of a)
      if (table !== 'bench_note')
        expect({ table, has: JSON.stringify(given.get(table)).includes(id) }).toEqual({ table, has: true })
    // Nothing of B's: not their words, not one of their ids.
    expect(text).not.toContain(B)
    for (const id of b.values()) expect(text).not.toContain(id)
    // Withheld, with the reason: the bench's notes (s.43(3)) and the whole sitting's pack (it holds B).
    expect(doc.withheld).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'bench_note', count: 1, reason: expect.stringContaining('s.43') }),
        expect.objectContaining({ table: 'hearing_pack (whole sittings)', count: 1 }),
      ]),
    )
    // A list that showed A among others is there, counting them, without naming the others.
    expect(given.get('audit_event (lists naming them)')).toEqual([
      expect.objectContaining({ action: 'view_court_list', detail: { peopleListed: 2 } }),
    ])
    // The staff member's address in the audit log is theirs, not A's.
    expect(text).not.toContain('10.9.8.7')
    // A's document is in the ZIP as a file; s.45(2)'s information (retention periods) is with it.
    const [file] = doc.files
    expect(strFromU8(files[file.path])).toBe('%PDF-1.4 A’s report')
    expect(doc.about.retentionYears).toEqual(expect.objectContaining({ drug_tests: 6, case_record: 7 }))
    // Recorded as disclosed, naming A.
    const audit = await ctx.db('audit_event').where({ action: 'export_subject_access', person_id: a.get('person') })
    expect(audit).toHaveLength(1)
    expect(audit[0].user_id).toBe(admin.id)
  })

  it('when the readable copy is made, then it names the staff, organisation, court and sitting a record points at, not their ids', async () => {
    let html = ''
    usePdfRenderer({
      render: async page => {
        html = page
        return Buffer.from('%PDF-1.4')
      },
      available: () => true,
      close: async () => undefined,
    })
    try {
      expect((await exportAsAdmin(a.get('person')!)).status).toBe(200)
    } finally {
      usePdfRenderer(null)
    }
    const court = await ctx.db('court').where({ id: shared.court }).first()
    const organisation = await ctx.db('organisation').where({ id: shared.organisation }).first()
    expect(html).toContain(`${court.name}, courtroom 1, 3 November 2026 at 10am`)
    expect(html).toContain(`<dd>${court.name}</dd>`)
    expect(html).toContain(`<dd>${organisation.name}</dd>`)
    expect(html).toContain('<dd>Staff member</dd>')
    for (const id of [shared.sitting, shared.court, shared.organisation, shared.user]) expect(html).not.toContain(id)
  })

  it('when a clerk asks, then 403; when the person does not exist, then 404', async () => {
    const clerkToken = await apiToken(ctx.app, clerk.email)
    const refused = await request(ctx.app)
      .get(`/api/v1/people/${a.get('person')}/export`)
      .set(bearer(clerkToken))
    expect(refused.status).toBe(403)
    expect(refused.type).toBe('application/problem+json')
    const token = await apiToken(ctx.app, admin.email)
    const missing = await request(ctx.app).get(`/api/v1/people/${newId()}/export`).set(bearer(token))
    expect(missing.status).toBe(404)
  })

  it('when Chromium is not installed, then 503 with the pack’s message, on the API and the page', async () => {
    usePdfRenderer(createPdfRenderer({ executablePath: '/nonexistent/chromium' }))
    try {
      const token = await apiToken(ctx.app, admin.email)
      const api = await request(ctx.app)
        .get(`/api/v1/people/${a.get('person')}/export`)
        .set(bearer(token))
      expect(api.status).toBe(503)
      expect(api.body.detail).toBe(PDF_UNAVAILABLE)
      const agent = await signIn(ctx.app, admin.email)
      const page = await agent.get(`/people/${a.get('person')}/subject-access.zip`)
      expect(page.status).toBe(503)
      expect(page.text).toContain('PDF is not available')
    } finally {
      usePdfRenderer(null)
    }
  })
})

describe('the person page', () => {
  it('when an admin opens it, then it offers the download, which is a ZIP; a clerk sees no button and is refused it', async () => {
    const agent = await signIn(ctx.app, admin.email)
    const page = await agent.get(`/people/${a.get('person')}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Download everything we hold (subject access)')
    const zip = await binary(agent.get(`/people/${a.get('person')}/subject-access.zip`))
    expect(zip.status).toBe(200)
    expect(Object.keys(zipOf(zip))).toEqual(
      expect.arrayContaining(['everything-we-hold.pdf', 'everything-we-hold.json']),
    )

    const clerkAgent = await signIn(ctx.app, clerk.email)
    expect((await clerkAgent.get(`/people/${a.get('person')}`)).text).not.toContain('subject access')
    expect((await clerkAgent.get(`/people/${a.get('person')}/subject-access.zip`)).status).toBe(403)
  })
})
