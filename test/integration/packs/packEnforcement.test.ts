import request from 'supertest'
import { apiToken, createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeCourt, makeOrganisation } from '../../support/factories'
import { queriesDuring } from '../../support/queries'
import { addDays } from '../../../server/utils/dates'
import { newId } from '../../../server/utils/ids'
import { bearer, makeWorld, open, type World } from '../scheduling/schedulingWorld'
import { qa, textOf } from '../progress/progressWorld'

/**
 * Issue 21, point 5: each case of the hearing pack shows its open warrants, breach proceedings, the
 * amendments since the last review apart from the earlier ones, and what the court did at each hearing
 * the person missed; read once per table however many cases the pack holds.
 */

let ctx: TestContext
let world: World
let dateOf: Record<string, string>
let order: Awaited<ReturnType<World['addOrder']>>
let nextReview: { id: string; sittingId: string }
let otherCourt: { id: string; name: string }
let newProvider: { id: string; name: string }

const amend = (requirementId: string, madeOn: string, changes: Record<string, { from: unknown; to: unknown }>) =>
  ctx.repos.amendments.insert({
    id: newId(),
    requirementId,
    reviewId: null,
    applicationId: null,
    madeOn,
    changes,
    consent: true,
    reason: `Amended on ${madeOn}`,
    madeBy: world.clerk.id,
    madeAt: `${madeOn}T11:00:00.000Z`,
  })

beforeAll(async () => {
  ctx = await createTestContext()
  // Tuesday 8 February 2028, the evening of the first review hearing.
  ctx.clock.set('2028-02-08T16:00:00Z')
  world = await makeWorld(ctx)
  dateOf = {}
  for (let date = '2028-02-08'; date <= '2028-06-27'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date)).id] = date
  otherCourt = await makeCourt(ctx.services, { name: 'Bradford Magistrates’ Court' })
  newProvider = await makeOrganisation(ctx.services, 'provider', 'Humankind Recovery')

  // A 5-month DRR made on 5 January 2028: the person misses the first review on 8 February.
  order = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1 })
  const missed = order.reviews[0]
  expect(dateOf[missed.sittingId!]).toBe('2028-02-08')
  const warrant = await world.clerkApi.post(`/reviews/${missed.id}/non-attendance`, { action: 'warrant', bail: true })
  expect(warrant.status).toBe(201)

  // The same evening the officer lays a breach.
  const officer = await apiToken(ctx.app, world.officer.email)
  const breach = await request(ctx.app)
    .post(`/api/v1/requirements/${order.requirementId}/breaches`)
    .set(bearer(officer))
    .send({ failure: 'Missed three appointments with the provider', occurredOn: '2028-02-08', details: null })
  expect(breach.status).toBe(201)

  // One amendment before the missed review (history), one after it (since the last review).
  await amend(order.requirementId, '2028-01-20', { months: { from: 4, to: 5 } })
  await amend(order.requirementId, '2028-02-10', {
    providerOrganisationId: { from: world.providerOrg.id, to: newProvider.id },
    responsibleCourtId: { from: world.court.id, to: otherCourt.id },
  })

  const later = open(await world.reviewsOf(order.requirementId)).find(
    r => r.sittingId && dateOf[r.sittingId] > '2028-02-10',
  )
  if (!later?.sittingId) throw new Error('no later review listed')
  nextReview = { id: later.id, sittingId: later.sittingId }
})

afterAll(async () => {
  await ctx.close()
})

describe('the pack: enforcement and changes', () => {
  it('when a case has a warrant, a breach and amendments, then its pack shows each, and warns of the open warrant', async () => {
    const clerk = await signIn(ctx.app, world.clerk.email)
    const res = await clerk.get(`/reviews/${nextReview.id}/pack`)
    expect(res.status).toBe(200)
    const html = res.text

    expect(textOf(qa(html, 'case-warnings'))).toContain(
      'Warrant open: issued 8 February 2028 after the person missed the hearing on 8 February 2028 (backed for bail), not yet executed.',
    )
    const section = textOf(qa(html, 'case-enforcement'))
    expect(section).toMatch(/^Enforcement and changes/)
    expect(textOf(qa(html, 'case-warrants'))).toBe(
      'Open Issued 8 February 2028 after the hearing on 8 February 2028 was missed. Backed for bail.',
    )
    expect(textOf(qa(html, 'case-breaches'))).toBe(
      'Before the court Missed three appointments with the provider , on 8 February 2028.',
    )
    expect(textOf(qa(html, 'case-missed'))).toBe(
      '8 February 2028 : Warrant issued (backed for bail), not yet executed.',
    )
    const since = textOf(qa(html, 'case-amendments-since'))
    expect(since).toContain('Amendments: Since the last review on 8 February 2028')
    expect(since).toContain('10 February 2028 · The person consented')
    expect(since).toContain(`Treatment provider ${world.providerOrg.name} Humankind Recovery`)
    expect(since).toContain(`Responsible court ${world.court.name} Bradford Magistrates’ Court`)
    expect(since).toContain('Reason: Amended on 2028-02-10')
    expect(since).not.toContain(newProvider.id)
    const earlier = textOf(qa(html, 'case-amendments-earlier'))
    expect(earlier).toContain('20 January 2028')
    expect(earlier).toContain('Length 4 months 5 months')
    expect(earlier).not.toContain('Treatment provider')
    // The section follows the order summary, before the earlier reviews.
    const at = (name: string) => html.indexOf(`data-qa="${name}"`)
    expect(at('case-summary')).toBeLessThan(at('case-enforcement'))
    expect(at('case-enforcement')).toBeLessThan(at('case-timeline'))
  })

  it('when a case has nothing to show, then its pack has no section', async () => {
    const quiet = await world.addOrder({ madeOn: '2028-01-05', months: 5, interval: 1 })
    const clerk = await signIn(ctx.app, world.clerk.email)
    const html = (await clerk.get(`/reviews/${quiet.reviews[0].id}/pack`)).text
    expect(html).toContain('data-qa="case-summary"')
    expect(html).not.toContain('data-qa="case-enforcement"')
  })

  it('when more cases with their own warrants, breaches and amendments join the sitting, then the pack reads no more queries', async () => {
    const count = async () =>
      (await queriesDuring(ctx.db, () => ctx.services.packs.sittingPack(world.clerkUser, nextReview.sittingId))).length
    const before = await count()
    const date = dateOf[nextReview.sittingId]
    for (let i = 0; i < 3; i += 1) {
      // Made a month before the sitting: the first review lands in it.
      const other = await world.addOrder({ madeOn: addDays(date, -31), months: 5, interval: 1 })
      await amend(other.requirementId, addDays(date, -20), {
        providerOrganisationId: { from: world.providerOrg.id, to: newProvider.id },
        responsibleCourtId: { from: world.court.id, to: otherCourt.id },
      })
      await ctx.db('breach').insert({
        id: newId(),
        requirement_id: other.requirementId,
        failure: 'Missed an appointment',
        occurred_on: addDays(date, -10),
        laid_by: world.officer.id,
        laid_at: `${addDays(date, -9)}T10:00:00.000Z`,
        status: 'open',
        version: 1,
      })
      await ctx.repos.enforcement.insertWarrant(
        {
          id: newId(),
          requirementId: other.requirementId,
          missedReviewId: other.reviews[0].id,
          issuedOn: addDays(date, -7),
          issuedBy: world.clerk.id,
          issuedByBench: [],
          bail: false,
          status: 'open',
        },
        `${addDays(date, -7)}T12:00:00.000Z`,
      )
    }
    const listed = await ctx.db('review').where({ sitting_id: nextReview.sittingId }).count({ n: '*' }).first()
    expect(Number(listed?.n)).toBeGreaterThanOrEqual(4)
    // The first read after the changes reads the pack again, in as many queries as before.
    expect(await count()).toBe(before)
    const pack = await ctx.services.packs.sittingPack(world.clerkUser, nextReview.sittingId)
    expect(pack.html.match(/data-qa="case-enforcement"/g)?.length).toBeGreaterThanOrEqual(4)
    // With nothing changed since, it comes from memory: the case-data version and the audit row.
    expect(await count()).toBe(2)
  })
})
