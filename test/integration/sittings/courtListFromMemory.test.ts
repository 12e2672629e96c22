import { startSecondInstance, type SecondInstance } from '../../support/secondInstance'
import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeSittingWorld, qa, textOf } from './sittingWorld'

// Issue 24: the court list and the pack are kept in memory between reads. Two instances of the app on
// one database, as behind a load balancer: what one keeps is read again after a change made anywhere
// (the other instance, the worker, a job, SQL by hand), who may read it is checked on every read, and
// every read is audited, from memory or not.
let a: TestContext
let b: SecondInstance

beforeAll(async () => {
  a = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  b = startSecondInstance(a)
})

afterAll(async () => {
  await b.close()
  await a.close()
})

afterEach(() => a.clock.set('2026-03-02T09:00:00Z'))

const readsOf = (queries: string[], table: string) =>
  queries.filter(q => q.includes(`from \`${table}\``) || q.includes(`from "${table}"`))

describe('the court list from memory', () => {
  it('when nothing changes, then a second read runs none of the list’s queries; a change made on the other instance shows on the next read', async () => {
    const world = await makeSittingWorld(a)
    const sitting = await world.addSitting('2026-04-02')
    const listed = await world.addCase('Nia Before')
    const clerkOnB = await signIn(b.app, world.clerk.email)
    b.queries.length = 0
    expect(textOf(qa((await clerkOnB.get(`/sittings/${sitting.id}`)).text, 'court-list'))).toContain('Nia Before')
    expect(readsOf(b.queries, 'review').length).toBeGreaterThan(0)

    b.queries.length = 0
    const again = await clerkOnB.get(`/sittings/${sitting.id}`)
    expect(textOf(qa(again.text, 'court-list'))).toContain('Nia Before')
    expect(readsOf(b.queries, 'review')).toEqual([])
    // The version it compares with is the one read in the session's statement: not read again.
    expect(b.queries.filter(q => /cache_version/.test(q))).toHaveLength(1)
    expect(b.queries.filter(q => /cache_version/.test(q))[0]).toMatch(/from [`"]session[`"]/)

    await a.services.cases.updatePerson(
      world.clerkUser,
      listed.person.id,
      { name: 'Nia After', dateOfBirth: '1990-05-17', crn: listed.person.crn },
      listed.person.version,
    )
    const changed = await clerkOnB.get(`/sittings/${sitting.id}`)
    expect(textOf(qa(changed.text, 'court-list'))).toContain('Nia After')
    expect(changed.text).not.toContain('Nia Before')
  })

  it('when the data is changed by hand in SQL, then the next read shows it (the database raises the version itself)', async () => {
    const world = await makeSittingWorld(a)
    const sitting = await world.addSitting('2026-04-02')
    const listed = await world.addCase('Oli Typed')
    const clerkOnB = await signIn(b.app, world.clerk.email)
    await clerkOnB.get(`/sittings/${sitting.id}`)
    await a.db('person').where({ id: listed.person.id }).update({ name: 'Oli Corrected' })
    expect(textOf(qa((await clerkOnB.get(`/sittings/${sitting.id}`)).text, 'court-list'))).toContain('Oli Corrected')
  })

  it('when the list is read three times, from memory or not, then three reads are audited with the people on it', async () => {
    const world = await makeSittingWorld(a)
    const sitting = await world.addSitting('2026-04-02')
    const listed = await world.addCase('Pat Audited')
    const clerkOnB = await signIn(b.app, world.clerk.email)
    for (let i = 0; i < 3; i += 1) expect((await clerkOnB.get(`/sittings/${sitting.id}`)).status).toBe(200)
    const rows = await a.db('audit_event').where({ action: 'view_court_list', subject_id: sitting.id })
    expect(rows).toHaveLength(3)
    for (const row of rows) expect(JSON.parse(row.detail).personIds).toEqual([listed.person.id])
  })

  it('when a magistrate not on the bench asks for a list kept in memory, then it is not found; once put on the bench, they read it', async () => {
    const world = await makeSittingWorld(a)
    const sitting = await world.addSitting('2026-04-02')
    await world.addCase('Quinn Bench')
    const clerkOnB = await signIn(b.app, world.clerk.email)
    await clerkOnB.get(`/sittings/${sitting.id}`)
    const magistrateOnB = await signIn(b.app, world.magistrateB.email)
    expect((await magistrateOnB.get(`/sittings/${sitting.id}`)).status).toBe(404)
    expect((await magistrateOnB.get(`/sittings/${sitting.id}/pack`)).status).toBe(404)

    await a.db('sitting_bench').insert({ sitting_id: sitting.id, user_id: world.magistrateB.id })
    expect((await magistrateOnB.get(`/sittings/${sitting.id}`)).status).toBe(200)
    expect((await magistrateOnB.get(`/sittings/${sitting.id}/pack`)).status).toBe(200)
  })
})

/**
 * A sitting with one case whose report is due at 09:10, ten minutes after the tests' clock: the same
 * session reads before and after the time passes.
 */
async function aCaseDueSoon(name: string) {
  const world = await makeSittingWorld(a)
  const sitting = await world.addSitting('2026-04-02')
  const listed = await world.addCase(name)
  const review = (await a.repos.reviews.forSitting(sitting.id)).find(r => r.requirementId === listed.requirement.id)!
  await a.db('review').where({ id: review.id }).update({ report_due_at: '2026-03-02T09:10:00.000Z' })
  return { world, sitting, review }
}

describe('the court list’s cases, made once while nothing they show changes', () => {
  it('when read again, then they are the same frozen objects; when a report’s due time passes, they are made again and say it is late', async () => {
    const { world, sitting, review } = await aCaseDueSoon('Kit Same')

    const clerk = await signIn(a.app, world.clerk.email)
    const pageBefore = textOf(qa((await clerk.get(`/sittings/${sitting.id}`)).text, 'court-list'))
    expect(pageBefore).not.toMatch(/late|overdue/i)
    const first = await a.services.listing.courtList(world.clerkUser, sitting.id)
    const second = await a.services.listing.courtList(world.clerkUser, sitting.id)
    expect(second.cases).toBe(first.cases)
    expect(Object.isFrozen(first.cases[0])).toBe(true)
    expect(first.cases.find(c => c.review.id === review.id)!.reportStatus).toBe('not_started')

    a.clock.set('2026-03-02T09:10:00.001Z')
    const later = await a.services.listing.courtList(world.clerkUser, sitting.id)
    expect(later.cases).not.toBe(first.cases)
    expect(later.cases.find(c => c.review.id === review.id)!.reportStatus).toBe('late')
    // And the page made from them says so: not the page kept from before.
    expect(textOf(qa((await clerk.get(`/sittings/${sitting.id}`)).text, 'court-list'))).toMatch(/late|overdue/i)
  })
})

describe('the hearing pack from memory', () => {
  it('when a report is not in by its due time, then the pack says it is overdue once the time passes, with nothing else changed', async () => {
    const { world, sitting } = await aCaseDueSoon('Rae Waiting')
    const magistrateOnB = await signIn(b.app, world.magistrateA.email)

    const before = await magistrateOnB.get(`/sittings/${sitting.id}/pack`)
    expect(before.text).toContain('No progress report has been submitted yet.')
    const version = await a.db('cache_version').where({ name: 'case_data' }).first('version')
    a.clock.set('2026-03-02T09:10:00.001Z')
    const after = await magistrateOnB.get(`/sittings/${sitting.id}/pack`)
    expect(after.text).toContain('is overdue')
    expect(after.text).not.toContain('No progress report has been submitted yet.')
    // Nothing in the case data changed between the two reads: the time alone did it.
    expect(await a.db('cache_version').where({ name: 'case_data' }).first('version')).toEqual(version)
  })

  it('when the pack is read again with nothing changed, then it is the same document, read from memory, and each read is audited', async () => {
    const world = await makeSittingWorld(a)
    const sitting = await world.addSitting('2026-04-02')
    await world.addCase('Sam Twice')
    const magistrateOnB = await signIn(b.app, world.magistrateA.email)
    b.queries.length = 0
    const first = await magistrateOnB.get(`/sittings/${sitting.id}/pack`)
    expect(readsOf(b.queries, 'review').length).toBeGreaterThan(0)
    b.queries.length = 0
    const second = await magistrateOnB.get(`/sittings/${sitting.id}/pack`)
    expect(readsOf(b.queries, 'review')).toEqual([])
    const content = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'))
    expect(content(second.text)).toBe(content(first.text))
    expect(await a.db('audit_event').where({ action: 'view_pack', subject_id: sitting.id })).toHaveLength(2)
  })
})
