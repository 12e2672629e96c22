import { paths } from '../../../server/paths'
import type { CurrentUser, Role } from '../../../server/roles'
import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { decode } from '../../support/html'
import { currentUser, makeOrder, makeOrderParties, makePerson } from '../cases/caseSupport'

// "Who has seen this record" (DPA 2018 s.62): on a person's page, for those who see every case.

let ctx: TestContext
let clerk: CurrentUser
let parties: Awaited<ReturnType<typeof makeOrderParties>>

const text = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ')
const rowsOf = (html: string) =>
  [
    ...(/data-qa="person-audit"[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(
      /<tr[\s\S]*?<\/tr>/g,
    ),
  ].map(m => text(m[0]).trim())

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  clerk = await currentUser(ctx, (await makeUser(ctx.services, 'clerk', { name: 'Cleo Clerk' })).id)
  parties = await makeOrderParties(ctx)
})

afterAll(() => ctx.close())

describe('who has seen this record', () => {
  it.each([
    ['clerk', true],
    ['admin', true],
  ] as [Role, boolean][])(
    'when a %s opens a person’s page, then it links to who has seen this record',
    async (role, linked) => {
      const person = await makePerson(ctx, clerk)
      const user = await makeUser(ctx.services, role)
      const agent = await signIn(ctx.app, user.email)

      const page = await agent.get(paths.people.show(person.id))

      expect(page.status).toBe(200)
      expect(page.text.includes(`href="${paths.people.audit(person.id)}"`)).toBe(linked)
    },
  )

  it.each(['probation', 'provider'] as Role[])(
    'ASVS 16.3.2: when a %s user who may see the person opens their page, then there is no link, and the audit page itself is 403 (recorded)',
    async role => {
      const person = await makePerson(ctx, clerk)
      const user =
        role === 'probation'
          ? parties.officer
          : await makeUser(ctx.services, 'provider', { organisationId: parties.provider.id })
      await makeOrder(ctx, clerk, person.id, parties)
      const agent = await signIn(ctx.app, user.email)

      const page = await agent.get(paths.people.show(person.id))
      const audit = await agent.get(paths.people.audit(person.id))
      const refused = await ctx
        .db('audit_event')
        .where({ user_id: user.id, action: 'access_refused' })
        .orderBy('id', 'desc')
        .first()

      expect(page.status).toBe(200)
      expect(page.text).not.toContain(paths.people.audit(person.id))
      expect(audit.status).toBe(403)
      expect(JSON.parse(refused.detail)).toEqual({ method: 'GET', path: paths.people.audit(person.id), status: 403 })
    },
  )

  it('ASVS 16.2.1: when the clerk opens it, then it lists who viewed or changed the person’s records, newest first, with names, roles and what they did; other people’s events are not there', async () => {
    const person = await makePerson(ctx, clerk, { name: 'Pat Seen' })
    const other = await makePerson(ctx, clerk, { name: 'Oscar Other' })
    ctx.clock.set('2026-03-03T10:00:00Z')
    await makeOrder(ctx, clerk, person.id, parties)
    ctx.clock.set('2026-03-04T11:30:00Z')
    const officer = await signIn(ctx.app, parties.officer.email)
    expect((await officer.get(paths.people.show(person.id))).status).toBe(200)
    await ctx.services.cases.person(clerk, other.id)
    const agent = await signIn(ctx.app, (await makeUser(ctx.services, 'clerk', { name: 'Carl Checker' })).email)

    const page = await agent.get(paths.people.audit(person.id))
    const recorded = await ctx
      .db('audit_event')
      .where({ action: 'view_person_audit', person_id: person.id })
      .first('role', 'subject_id', 'ip')

    expect(page.status).toBe(200)
    expect(text(page.text)).toContain('Pat Seen')
    expect(text(page.text)).toContain('Showing 1 to 3 of 3 events')
    expect(rowsOf(page.text)).toEqual([
      `4 March 2026 at 11:30am ${parties.officer.name} Probation officer Viewed a person’s record Their record`,
      expect.stringMatching(/^3 March 2026 at 10am Cleo Clerk Court clerk Recorded an order Order CR\d+$/),
      '2 March 2026 at 9am Cleo Clerk Court clerk Added a person Their record',
    ])
    expect(page.text).not.toContain('Oscar Other')
    expect(recorded).toEqual({ role: 'clerk', subject_id: person.id, ip: expect.stringMatching(/127\.0\.0\.1/) })
  })

  it('when more than 50 events concern the person, then they are shown 50 a page with GOV.UK pagination', async () => {
    const person = await makePerson(ctx, clerk)
    for (let i = 0; i < 54; i++)
      await ctx.repos.audit.insert(
        { userId: clerk.id, action: 'view_person', personId: person.id, subjectType: 'person', subjectId: person.id },
        ctx.clock.now().toISOString(),
      )
    const agent = await signIn(ctx.app, (await makeUser(ctx.services, 'admin')).email)

    const first = await agent.get(paths.people.audit(person.id))
    const second = await agent.get(`${paths.people.audit(person.id)}?page=2`)

    expect(text(first.text)).toContain('Showing 1 to 50 of 55 events')
    expect(rowsOf(first.text)).toHaveLength(50)
    expect(decode(first.text)).toContain(`href="${paths.people.audit(person.id)}?page=2" rel="next"`)
    // The first page's own read is one of them now: the page is itself audited.
    expect(text(second.text)).toContain('Showing 51 to 56 of 56 events')
    expect(rowsOf(second.text)).toHaveLength(6)
  })

  it('when the person does not exist, then 404 (and the refusal is recorded)', async () => {
    const user = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, user.email)

    const res = await agent.get(paths.people.audit('00000000-0000-4000-8000-000000000000'))
    const refused = await ctx.db('audit_event').where({ user_id: user.id, action: 'access_refused' })

    expect(res.status).toBe(404)
    expect(refused).toHaveLength(1)
  })
})
