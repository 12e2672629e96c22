import request from 'supertest'
import { apiToken, createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeCourt, makeUser } from '../../support/factories'
import { qa, textOf } from '../progress/progressWorld'
import { bearer, makeWorld, type ApiReview } from '../scheduling/schedulingWorld'

// The person's own words for a review on the papers (Sentencing Act 2020 Sch 9 para 21(3), 22(6)):
// a single justice of the court reads them first on the paper review page.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

const api = async (email: string, method: 'get' | 'put', path: string, body?: object) => {
  const req = request(ctx.app)
    [method](`/api/v1${path}`)
    .set(bearer(await apiToken(ctx.app, email)))
  return body ? req.send(body) : req
}

it('when the officer takes down the person’s words for a paper review, then the court’s single justice reads them first on its page, and a magistrate of another court cannot', async () => {
  const world = await makeWorld(ctx)
  const justice = await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] })
  const outsider = await makeUser(ctx.services, 'sentencer', { courtIds: [(await makeCourt(ctx.services)).id] })
  await world.addSitting('2026-03-02')
  const made = await world.addOrder({ madeOn: '2026-02-02', months: 6 })
  ctx.clock.set('2026-03-02T15:00:00Z')
  const held = await world.clerkApi.post(`/reviews/${made.reviews[0].id}/outcome`, {
    attended: true,
    progress: 'satisfactory',
    decision: 'continue_paper',
  })
  expect(held.status).toBe(201)
  const paper = held.body.nextReview as ApiReview
  expect(paper.mode).toBe('paper')

  const saved = await api(world.officer.email, 'put', `/reviews/${paper.id}/statement`, {
    text: 'Working again since February.',
  })
  expect(saved.status).toBe(200)

  const page = await (await signIn(ctx.app, justice.email)).get(`/paper-reviews/${paper.id}`)
  expect(page.status).toBe(200)
  const words = qa(page.text, 'statement')
  expect(textOf(words)).toContain('The person’s own words , given before this review.')
  expect(textOf(words)).toContain('Working again since February.')
  // First: before the things to look at and the report (not yet in).
  const at = (name: string) => page.text.indexOf(`data-qa="${name}"`)
  expect(at('warnings')).toBeGreaterThan(0)
  expect(at('statement')).toBeLessThan(at('warnings'))
  expect(at('statement')).toBeLessThan(at('no-report'))

  expect((await api(justice.email, 'get', `/reviews/${paper.id}/statement`)).status).toBe(200)
  expect((await api(outsider.email, 'get', `/reviews/${paper.id}/statement`)).status).toBe(404)
})
