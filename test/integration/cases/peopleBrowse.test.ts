import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { qa, textOf } from '../sittings/sittingWorld'
import { clerkUser, decode, makeOrder, makeOrderParties, makePerson, signInAs } from './caseSupport'
import type { CurrentUser } from '../../../server/roles'

// Each test file has its own database: the people below are everyone there is to browse.
let ctx: TestContext
let clerk: CurrentUser

beforeAll(async () => {
  ctx = await createTestContext()
  clerk = await clerkUser(ctx)
  for (const [name, crn] of [
    ['Marcus Greene', 'X724455'],
    ['Mark Greenwood', 'X724999'],
    ['Anna Marcus', 'X100001'],
    ['Siân Pritchard', 'X603917'],
    ['Percy 100% Proof', 'X100002'],
  ])
    await makePerson(ctx, clerk, { name, crn })
})

afterAll(async () => {
  await ctx.close()
})

/** The names in the results table, in the order shown. */
const namesOn = (html: string) =>
  [...qa(html, 'search-results').matchAll(/<a class="govuk-link" href="\/people\/[^"]+">([^<]*)<\/a>/g)].map(m =>
    decode(m[1]),
  )

/** By surname (the last word), then the whole name: what the list promises. */
const bySurname = (a: string, b: string) => {
  const last = (n: string) => n.split(' ').pop()!.toLowerCase()
  return last(a) < last(b) ? -1 : last(a) > last(b) ? 1 : a < b ? -1 : a > b ? 1 : 0
}

describe('finding people by name in any order', () => {
  it.each([
    ['marcus greene', ['Marcus Greene']],
    ['greene marcus', ['Marcus Greene']],
    ['  GREENE,   Marcus ', ['Marcus Greene']],
    ['gree marc', ['Marcus Greene']],
    ['green', ['Marcus Greene', 'Mark Greenwood']],
    ['marcus', ['Marcus Greene', 'Anna Marcus']],
    ['x7244', ['Marcus Greene']],
    ['X724', ['Marcus Greene', 'Mark Greenwood']],
    ['greene x724455', ['Marcus Greene']],
    ['siân', ['Siân Pritchard']],
    ['100%', ['Percy 100% Proof']],
    ['%', ['Percy 100% Proof']],
    ['_', []],
    ['greene pritchard', []],
  ])('when a clerk searches for “%s”, then they find %j, by surname', async (term, expected) => {
    const { agent } = await signInAs(ctx, 'clerk')

    const res = await agent.get(`/people?q=${encodeURIComponent(term)}`)

    expect(res.status).toBe(200)
    expect(namesOn(res.text)).toEqual(expected)
    if (!expected.length) expect(res.text).toContain('data-qa="no-results"')
  })
})

describe('browsing everyone', () => {
  it('when a clerk opens People with no search, then everyone is listed by surname, 25 a page, with GOV.UK pagination, and each page is audited', async () => {
    const given = ['Ava', 'Ben', 'Cara', 'Dev', 'Eli', 'Fay']
    const surnames = ['Adams', 'Baker', 'Clarke', 'Dunn', 'Evans']
    for (const [i, g] of given.entries())
      for (const s of surnames.slice(0, i % 2 ? 5 : 4)) await makePerson(ctx, clerk, { name: `${g} ${s}` })
    const everyone = (await ctx.db('person').pluck('name')).sort(bySurname)
    const { user, agent } = await signInAs(ctx, 'clerk')

    const first = await agent.get('/people')
    const second = await agent.get('/people?page=2')
    const pastTheEnd = await agent.get('/people?page=99')
    const nonsense = await agent.get('/people?page=banana')
    const audits = await ctx.db('audit_event').where({ user_id: user.id, action: 'list_people' }).orderBy('id')

    expect(everyone.length).toBe(32)
    expect(namesOn(first.text)).toEqual(everyone.slice(0, 25))
    expect(namesOn(second.text)).toEqual(everyone.slice(25))
    expect(textOf(qa(first.text, 'showing'))).toBe('Showing 1 to 25 of 32 people')
    expect(textOf(qa(second.text, 'showing'))).toBe('Showing 26 to 32 of 32 people')
    expect(first.text).toMatch(/<nav class="govuk-pagination" aria-label="Pages of people">/)
    expect(decode(first.text)).toContain('href="/people?page=2" rel="next"')
    expect(decode(second.text)).toContain('href="/people" rel="prev"')
    expect(second.text).toMatch(/aria-current="page"[^>]*>\s*2\s*</)
    expect(namesOn(pastTheEnd.text)).toEqual(everyone.slice(25))
    expect(namesOn(nonsense.text)).toEqual(everyone.slice(0, 25))
    expect(first.text).toContain('data-qa="search-term"')
    expect(audits).toHaveLength(4)
    const shownFirst = JSON.parse(audits[0].detail)
    expect(shownFirst).toEqual(expect.objectContaining({ count: 25, page: 1 }))
    expect(shownFirst.personIds).toHaveLength(25)
    expect(JSON.parse(audits[2].detail)).toEqual(expect.objectContaining({ count: 7, page: 2 }))
  })

  it('when a probation officer or a provider browses, then only the people of their cases are listed; a sentencer may not browse', async () => {
    const parties = await makeOrderParties(ctx)
    const mine = await makePerson(ctx, clerk, { name: 'Olive Ownership' })
    const theirs = await makePerson(ctx, clerk, { name: 'Theo Elsewhere' })
    await makeOrder(ctx, clerk, mine.id, parties)
    await makeOrder(ctx, clerk, theirs.id, await makeOrderParties(ctx))
    const providerWorker = await makeUser(ctx.services, 'provider', { organisationId: parties.provider.id })

    const officerPage = await (await signIn(ctx.app, parties.officer.email)).get('/people')
    const providerPage = await (await signIn(ctx.app, providerWorker.email)).get('/people')
    const { agent: sentencer } = await signInAs(ctx, 'sentencer')

    expect(namesOn(officerPage.text)).toEqual(['Olive Ownership'])
    expect(textOf(qa(officerPage.text, 'showing'))).toBe('Showing 1 to 1 of 1 people')
    expect(namesOn(providerPage.text)).toEqual(['Olive Ownership'])
    expect((await sentencer.get('/people')).status).toBe(403)
  })
})
