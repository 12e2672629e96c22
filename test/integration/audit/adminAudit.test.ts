import { paths } from '../../../server/paths'
import type { CurrentUser, Role } from '../../../server/roles'
import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { decode, errorSummary } from '../../support/html'
import { currentUser, makePerson } from '../cases/caseSupport'

// The administrator's audit log (DPA 2018 s.62): filtered by person, user, action and dates, 50 a
// page, in words; and the same as CSV. Only administrators read it (ASVS 5.0 16.4.2).

let ctx: TestContext
let admin: { id: string; email: string; name: string }
let clerk: CurrentUser
let officer: CurrentUser
let ada: { id: string; name: string; crn: string }
let bea: { id: string; name: string; crn: string }

const agentOf = (email: string) => signIn(ctx.app, email)
const at = (iso: string) => ctx.clock.set(iso)
const text = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ')
/** The audit table's rows as text, one string a row. */
const tableRows = (html: string) =>
  [
    ...(/data-qa="audit"[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<tr[\s\S]*?<\/tr>/g),
  ].map(m => text(m[0]).trim())

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  admin = await makeUser(ctx.services, 'admin', { name: 'Alex Admin' })
  clerk = await currentUser(ctx, (await makeUser(ctx.services, 'clerk', { name: 'Cleo Clerk' })).id)
  officer = await currentUser(ctx, (await makeUser(ctx.services, 'probation', { name: 'Olu Officer' })).id)
  ada = await makePerson(ctx, clerk, { name: 'Ada Lovelace' })
  bea = await makePerson(ctx, clerk, { name: 'Bea Brown' })
  // Reads on three days: the clerk reads Ada on 2 March, Bea on 10 March; Ada's notes on 20 March.
  await ctx.services.cases.person(clerk, ada.id)
  at('2026-03-10T10:00:00Z')
  await ctx.services.cases.person(clerk, bea.id)
  at('2026-03-20T10:00:00Z')
  await ctx.services.notes.list(clerk, ada.id)
  at('2026-03-25T09:00:00Z')
})

afterAll(() => ctx.close())

describe('the audit log page', () => {
  it.each(['clerk', 'probation', 'provider', 'sentencer'] as Role[])(
    'ASVS 16.4.2 / 16.3.2: when a %s user opens the audit log or its CSV, then 403, nothing of it is shown, and the refusal is recorded',
    async role => {
      const user = await makeUser(ctx.services, role)
      const agent = await agentOf(user.email)

      const page = await agent.get(paths.admin.audit)
      const csv = await agent.get(paths.admin.auditCsv)
      const refused = await ctx
        .db('audit_event')
        .where({ user_id: user.id, action: 'access_refused' })
        .orderBy('id')
        .select('role', 'detail')

      expect([page.status, csv.status]).toEqual([403, 403])
      expect(page.text).not.toContain('Ada Lovelace')
      expect(csv.text).not.toContain('Ada Lovelace')
      expect(refused.map(r => [r.role, JSON.parse(r.detail)])).toEqual([
        [role, { method: 'GET', path: paths.admin.audit, status: 403 }],
        [role, { method: 'GET', path: paths.admin.auditCsv, status: 403 }],
      ])
    },
  )

  it('ASVS 16.2.1: when the admin filters by a person chosen from a search by name, then only that person’s events are shown, in words (who, role, what, the person, the record), newest first', async () => {
    const agent = await agentOf(admin.email)

    const search = await agent.get(`${paths.admin.audit}?personSearch=lovelace`)
    const choose = /data-qa="person-matches"[\s\S]*?href="([^"]+)"/.exec(search.text)?.[1]
    const page = await agent.get(decode(choose!))

    expect(text(search.text)).toContain('Ada Lovelace')
    expect(decode(choose!)).toBe(`${paths.admin.audit}?person=${ada.id}`)
    expect(text(page.text)).toContain(`Ada Lovelace (${ada.crn})`)
    expect(text(page.text)).toContain('Showing 1 to 3 of 3 events')
    expect(tableRows(page.text)).toEqual([
      `20 March 2026 at 10am Cleo Clerk Court clerk Viewed progress notes Ada Lovelace ${ada.crn} Their record`,
      `2 March 2026 at 9am Cleo Clerk Court clerk Viewed a person’s record Ada Lovelace ${ada.crn} Their record`,
      `2 March 2026 at 9am Cleo Clerk Court clerk Added a person Ada Lovelace ${ada.crn} Their record`,
    ])
    expect(page.text).not.toContain(`>${clerk.id}<`)
  })

  it('when the admin filters by user, by action and by dates, then each narrows the events, and the actions offered are those recorded', async () => {
    const agent = await agentOf(admin.email)

    const byUser = await agent.get(`${paths.admin.audit}?user=${officer.id}`)
    const byAction = await agent.get(`${paths.admin.audit}?action=view_person&user=${clerk.id}`)
    const byDates = await agent.get(
      `${paths.admin.audit}?user=${clerk.id}&from[day]=10&from[month]=3&from[year]=2026&to[day]=19&to[month]=3&to[year]=2026`,
    )
    const actions = [...byUser.text.matchAll(/<option value="([^"]*)"/g)].map(m => m[1])

    expect(text(byUser.text)).toContain('No events')
    expect(tableRows(byAction.text).map(r => r.split(' Court clerk ')[1])).toEqual([
      `Viewed a person’s record Bea Brown ${bea.crn} Their record`,
      `Viewed a person’s record Ada Lovelace ${ada.crn} Their record`,
    ])
    expect(tableRows(byDates.text)).toEqual([
      `10 March 2026 at 10am Cleo Clerk Court clerk Viewed a person’s record Bea Brown ${bea.crn} Their record`,
    ])
    expect(actions).toEqual(expect.arrayContaining(['', 'create_person', 'view_person', 'view_notes', 'view_audit']))
    expect(actions).not.toContain('view_court_list')
  })

  it('when the dates cannot be read, then the error summary names each field, the typed values are kept, and no events are shown', async () => {
    const agent = await agentOf(admin.email)

    const page = await agent.get(
      `${paths.admin.audit}?from[day]=31&from[month]=2&from[year]=2026&to[day]=1&to[month]=&to[year]=2026`,
    )
    const backwards = await agent.get(
      `${paths.admin.audit}?from[day]=10&from[month]=3&from[year]=2026&to[day]=9&to[month]=3&to[year]=2026`,
    )

    expect(page.status).toBe(200)
    expect(errorSummary(page.text)).toEqual([
      '#from-day: From date must be a real date',
      '#to-day: To date must include a month',
    ])
    expect(page.text).toMatch(/id="from-day" name="from\[day\]" type="text" value="31"/)
    expect(page.text).not.toContain('data-qa="audit"')
    expect(errorSummary(backwards.text)).toEqual(['#to-day: To date must be the same as or after the from date'])
  })

  it('when there are more than 50 events, then they are shown 50 a page with GOV.UK pagination: "Showing 51 to 100 of 120 events"', async () => {
    const bulk = await makeUser(ctx.services, 'clerk', { name: 'Bulk Reader' })
    for (let i = 0; i < 120; i++)
      await ctx.repos.audit.insert(
        { userId: bulk.id, action: 'view_person', personId: ada.id, subjectType: 'person', subjectId: ada.id },
        `2026-03-0${1 + (i % 9)}T08:00:00.000Z`,
      )
    const agent = await agentOf(admin.email)

    const first = await agent.get(`${paths.admin.audit}?user=${bulk.id}`)
    const second = await agent.get(`${paths.admin.audit}?user=${bulk.id}&page=2`)
    const last = await agent.get(`${paths.admin.audit}?user=${bulk.id}&page=3`)
    const links = [...decode(second.text).matchAll(/class="govuk-link govuk-pagination__link" href="([^"]+)"/g)].map(
      m => m[1],
    )

    expect(text(first.text)).toContain('Showing 1 to 50 of 120 events')
    expect(text(second.text)).toContain('Showing 51 to 100 of 120 events')
    expect(text(last.text)).toContain('Showing 101 to 120 of 120 events')
    expect([tableRows(first.text).length, tableRows(second.text).length, tableRows(last.text).length]).toEqual([
      50, 50, 20,
    ])
    expect(second.text).toContain('aria-current="page"')
    expect(links).toEqual([
      `${paths.admin.audit}?user=${bulk.id}`,
      `${paths.admin.audit}?user=${bulk.id}`,
      `${paths.admin.audit}?user=${bulk.id}&page=2`,
      `${paths.admin.audit}?user=${bulk.id}&page=3`,
      `${paths.admin.audit}?user=${bulk.id}&page=3`,
    ])
  })

  it('ASVS 16.3.2: when the admin reads the log, then the read is recorded with the filter (ids and dates only) and the person it names', async () => {
    const agent = await agentOf(admin.email)

    await agent.get(
      `${paths.admin.audit}?person=${bea.id}&action=view_person&from[day]=1&from[month]=3&from[year]=2026`,
    )
    const row = await ctx
      .db('audit_event')
      .where({ user_id: admin.id, action: 'view_audit' })
      .orderBy('id', 'desc')
      .first()

    expect(row).toEqual(expect.objectContaining({ role: 'admin', person_id: bea.id }))
    expect(JSON.parse(row.detail)).toEqual({ action: 'view_person', from: '2026-03-01', page: 1, count: 1 })
  })
})

describe('the audit log as CSV', () => {
  it('ASVS 16.2.1: when the admin downloads the filtered log, then it is a CSV attachment of the same events, in words, and the download is itself recorded', async () => {
    const agent = await agentOf(admin.email)

    const res = await agent.get(`${paths.admin.auditCsv}?person=${ada.id}&user=${clerk.id}`)
    const lines = res.text.split('\r\n')
    const recorded = await ctx
      .db('audit_event')
      .where({ user_id: admin.id, action: 'export_audit' })
      .orderBy('id', 'desc')
      .first()

    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe('attachment; filename=audit-log-2026-03-25.csv')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(lines[0]).toBe('When (UTC),User,Role,What,Action,Person,CRN,Record,Address,User id,Person id')
    expect(lines.slice(1, -1)).toEqual([
      `2026-03-20T10:00:00.000Z,Cleo Clerk,Court clerk,Viewed progress notes,view_notes,Ada Lovelace,${ada.crn},Their record,,${clerk.id},${ada.id}`,
      `2026-03-02T09:00:00.000Z,Cleo Clerk,Court clerk,Viewed a person’s record,view_person,Ada Lovelace,${ada.crn},Their record,,${clerk.id},${ada.id}`,
      `2026-03-02T09:00:00.000Z,Cleo Clerk,Court clerk,Added a person,create_person,Ada Lovelace,${ada.crn},Their record,,${clerk.id},${ada.id}`,
    ])
    expect(lines[lines.length - 1]).toBe('')
    expect(recorded).toEqual(expect.objectContaining({ role: 'admin', person_id: ada.id }))
    expect(JSON.parse(recorded.detail)).toEqual({ userId: clerk.id, count: 3 })
  })

  it('ASVS 1.2.10: when a name or any cell starts with = + - @, a tab or a carriage return, then the CSV makes it inert with a leading quote (and quotes what needs quoting)', async () => {
    const evil = await makeUser(ctx.services, 'clerk', { name: 'Plain' })
    await ctx.db('app_user').where({ id: evil.id }).update({ name: '=HYPERLINK("http://x","y")' })
    const person = await makePerson(ctx, clerk, { name: 'Eve Example' })
    await ctx.db('person').where({ id: person.id }).update({ name: '@SUM(1+1)' })
    for (const [name, ip] of [
      ['+cmd', '-1+1'],
      ['\tTabbed', '\r1'],
    ] as const) {
      const u = await makeUser(ctx.services, 'clerk', { name: 'Plain' })
      await ctx.db('app_user').where({ id: u.id }).update({ name })
      await ctx.repos.audit.insert(
        { userId: u.id, action: 'view_person', personId: person.id, ip },
        '2026-03-24T09:00:00.000Z',
      )
    }
    await ctx.repos.audit.insert(
      { userId: evil.id, action: 'view_person', personId: person.id },
      '2026-03-24T09:00:00.000Z',
    )
    const agent = await agentOf(admin.email)

    const res = await agent.get(`${paths.admin.auditCsv}?person=${person.id}&action=view_person`)

    expect(res.text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(res.text.split(",'@SUM(1+1),")).toHaveLength(4)
    expect(res.text).toContain(`'\tTabbed`)
    expect(res.text).toContain(`"'\r1"`)
    expect(res.text).toContain("'+cmd,")
    expect(res.text).toContain(",'-1+1,")
    expect(res.text).not.toMatch(/(^|,)[=+\-@\t]/m)
  })

  it('when the CSV’s dates cannot be read, then it sends the admin to the page that says why', async () => {
    const agent = await agentOf(admin.email)

    const res = await agent.get(`${paths.admin.auditCsv}?from[day]=99&from[month]=1&from[year]=2026`)

    expect(res.status).toBe(303)
    expect(decodeURIComponent(res.headers.location)).toBe(
      `${paths.admin.audit}?from[day]=99&from[month]=1&from[year]=2026`,
    )
  })
})
