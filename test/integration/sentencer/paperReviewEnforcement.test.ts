import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeOrganisation, makeUser } from '../../support/factories'
import { qa, textOf } from '../sittings/sittingWorld'
import { makeWorld, type ApiReview } from '../scheduling/schedulingWorld'
import { newId } from '../../../server/utils/ids'

/**
 * Issue 21, point 5 on the paper review page: the single justice deciding on the papers sees the same
 * "Enforcement and changes" as the pack: amendments since the last review apart from the earlier ones,
 * and applications before the court.
 */

let ctx: TestContext

beforeAll(async () => {
  // Monday 2 March 2026, 3pm in London: the review hearing that moves the case to paper reviews.
  ctx = await createTestContext({ now: '2026-03-02T15:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

it('when a paper review’s requirement was amended and an application is open, then the page shows them as the pack does', async () => {
  const world = await makeWorld(ctx)
  const justice = await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] })
  const sitting = await world.addSitting('2026-03-02')
  const made = await world.addOrder({ madeOn: '2026-02-02', months: 6 })
  expect(made.reviews[0].sittingId).toBe(sitting.id)
  const held = await world.clerkApi.post(`/reviews/${made.reviews[0].id}/outcome`, {
    attended: true,
    progress: 'satisfactory',
    decision: 'continue_paper',
  })
  expect(held.status).toBe(201)
  const paper = held.body.nextReview as ApiReview
  expect(paper.mode).toBe('paper')

  const newProvider = await makeOrganisation(ctx.services, 'provider', 'Humankind Recovery')
  const amend = (madeOn: string, changes: Record<string, { from: unknown; to: unknown }>, consent: boolean) =>
    ctx.repos.amendments.insert({
      id: newId(),
      requirementId: made.requirementId,
      reviewId: null,
      applicationId: null,
      madeOn,
      changes,
      consent,
      reason: `Reason of ${madeOn}`,
      madeBy: world.clerk.id,
      madeAt: `${madeOn}T11:00:00.000Z`,
    })
  await amend('2026-02-16', { residential: { from: false, to: true } }, true)
  await amend('2026-03-02', { providerOrganisationId: { from: world.providerOrg.id, to: newProvider.id } }, true)
  await ctx.repos.amendments.insertApplication({
    id: newId(),
    requirementId: made.requirementId,
    kind: 'early_revocation',
    reason: 'Every test negative since January',
    proposed: null,
    madeBy: world.officer.id,
    madeAt: '2026-03-02T14:00:00.000Z',
    hearingReviewId: null,
  })

  const page = await (await signIn(ctx.app, justice.email)).get(`/paper-reviews/${paper.id}`)
  expect(page.status).toBe(200)
  const section = textOf(qa(page.text, 'enforcement'))
  expect(section).not.toBe('')
  const since = textOf(qa(page.text, 'amendments-since'))
  expect(since).toContain('Amendments: Since the last review on 2 March 2026')
  expect(since).toContain(`Treatment provider ${world.providerOrg.name} Humankind Recovery`)
  expect(since).toContain('The person consented')
  expect(since).not.toContain('Residential')
  const earlier = textOf(qa(page.text, 'amendments-earlier'))
  expect(earlier).toContain('16 February 2026')
  expect(earlier).toContain('Residential treatment No Yes')
  expect(textOf(qa(page.text, 'applications'))).toBe(
    'Before the court To revoke early for good progress, made 2 March 2026: Every test negative since January',
  )
  expect(qa(page.text, 'warrants')).toBe('')
})
