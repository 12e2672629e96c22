import { paths } from '../../../server/paths'
import type { CurrentUser } from '../../../server/roles'
import { AUDIT_ACTIONS } from '../../../server/content/auditActions'
import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { decode } from '../../support/html'
import { currentUser, makePerson } from '../cases/caseSupport'

// The admin's audit page shows words in every column, never the codes the rows are stored with.

let ctx: TestContext
let admin: { id: string; email: string }
let clerk: CurrentUser
let officerEmail: string
let ada: { id: string; name: string; crn: string }

const text = (html: string) =>
  decode(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
/** The audit table's cells, row by row. */
const tableCells = (html: string) =>
  [
    ...(/data-qa="audit"[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<tr[\s\S]*?<\/tr>/g),
  ].map(row => [...row[0].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(cell => text(cell[1])))
/** A stored code shows itself by its joins: view_person, drug-test.add, ::ffff:127.0.0.1. */
const CODE = /\b[a-z]+(?:[_.][a-z]+)+\b|::ffff:/

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  admin = await makeUser(ctx.services, 'admin', { name: 'Alex Admin' })
  clerk = await currentUser(ctx, (await makeUser(ctx.services, 'clerk', { name: 'Cleo Clerk' })).id)
  officerEmail = (await makeUser(ctx.services, 'probation', { name: 'Olu Officer' })).email
  ada = await makePerson(ctx, clerk, { name: 'Ada Lovelace' })
  // Through the pages, as people use them: a clerk reads Ada's record; an officer asks for it and is refused.
  await (await signIn(ctx.app, clerk.email)).get(paths.people.show(ada.id))
  await (await signIn(ctx.app, officerEmail)).get(paths.people.show(ada.id))
  // A file of drug tests, and a review since removed: subjects with no facts of their own.
  await ctx.db('audit_event').insert([
    {
      at: '2026-03-02T09:00:01.000Z',
      user_id: clerk.id,
      role: 'clerk',
      action: 'drug-test.upload',
      subject_type: 'upload',
      subject_id: '01a24e85-0000-7000-8000-000000000001',
      ip: '::ffff:10.1.2.3',
      detail: JSON.stringify({ count: 16 }),
    },
    {
      at: '2026-03-02T09:00:02.000Z',
      user_id: clerk.id,
      role: 'clerk',
      action: 'view_review',
      subject_type: 'review',
      subject_id: '01a24e85-0000-7000-8000-000000000002',
      person_id: ada.id,
      ip: '::ffff:10.1.2.3',
    },
  ])
})

afterAll(() => ctx.close())

describe('the audit log in words', () => {
  it('when the admin reads the log, then every column is words: who and their role, what, the person, the record and the address', async () => {
    const page = await (await signIn(ctx.app, admin.email)).get(paths.admin.audit)

    const rows = tableCells(page.text)
    expect(rows.length).toBeGreaterThan(4)
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(CODE)
    const lines = rows.map(r => r.join(' | '))
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^.* \| Olu Officer Probation officer \| Was refused access \| {2}\| Asked to see \/people\/[^ ]+: not found, or not theirs to see \(404\) \| 127\.0\.0\.1$/,
      ),
    )
    expect(lines).toContainEqual(
      expect.stringMatching(
        /Cleo Clerk Court clerk \| Viewed a person’s record \| Ada Lovelace .* \| Their record \| 127\.0\.0\.1$/,
      ),
    )
    expect(lines).toContainEqual(
      expect.stringMatching(/Uploaded drug tests \| {2}\| A file of 16 drug tests \| 10\.1\.2\.3$/),
    )
    expect(lines).toContainEqual(
      expect.stringMatching(/Viewed a review \| Ada Lovelace .* \| A review no longer recorded \|/),
    )
  })

  it('when the admin filters by action, then every action recorded is offered by its words', async () => {
    const actions = Object.keys(AUDIT_ACTIONS)
    await ctx.db('audit_event').insert(
      actions.map((action, i) => ({
        at: `2026-03-01T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`,
        user_id: admin.id,
        role: 'admin',
        action,
      })),
    )

    const page = await (await signIn(ctx.app, admin.email)).get(paths.admin.audit)

    const select = /<select[^>]*name="action"[^>]*>([\s\S]*?)<\/select>/.exec(page.text)?.[1] ?? ''
    const options = [...select.matchAll(/<option value="([^"]*)"[^>]*>([\s\S]*?)<\/option>/g)].map(m => [
      m[1],
      text(m[2]),
    ])
    expect(options.length).toBeGreaterThan(actions.length)
    for (const [value, words] of options) {
      expect(words).not.toMatch(CODE)
      if (value) expect(words).toBe(AUDIT_ACTIONS[value])
    }
  })
})
