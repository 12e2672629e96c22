import request from 'supertest'
import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { decode, errorSummary, qa, textOf } from '../sittings/sittingWorld'
import { toCurrentUser } from '../../../server/services/authService'
import type { CurrentUser } from '../../../server/roles'
import { NotFoundError } from '../../../server/errors'
import { HOME_BY_ROLE } from '../../../server/paths'
import { paperHelpers, START } from './paperWorld'

// Bench notes: private to the bench of a hearing, or the sentencers of the court for a paper review.

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: START })
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => ctx.clock.set(START))

const { sentencerWorld, paperCase } = paperHelpers(() => ctx)

describe('bench notes', () => {
  const HOSTILE = '<script>alert(1)</script>'

  it('when the bench adds a note, then it is listed escaped, audited, and private to the bench', async () => {
    const { world, justice } = await sentencerWorld()
    const sitting = await world.addSitting('2026-04-16', { benchUserIds: [justice.id] })
    const made = await world.addOrder({ madeOn: '2026-03-16', months: 6 })
    const review = made.reviews[0]
    expect(review.sittingId).toBe(sitting.id)

    const agent = await signIn(ctx.app, justice.email)
    const empty = await submitForm(agent, `/reviews/${review.id}/bench-notes`, { text: '   ' })
    expect(empty.status).toBe(303)
    expect(errorSummary((await agent.get(`/reviews/${review.id}/bench-notes`)).text)).toEqual(['#text: Enter the note'])

    const added = await submitForm(agent, `/reviews/${review.id}/bench-notes`, { text: `${HOSTILE}\nSecond line` })
    expect(added.status).toBe(303)
    const page = await agent.get(`/reviews/${review.id}/bench-notes`)
    expect(page.status).toBe(200)
    expect(page.text).not.toContain(HOSTILE)
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(decode(qa(page.text, 'note-text'))).toContain(`${HOSTILE}<br>Second line`)
    expect(await ctx.services.audit.list({ subjectId: review.id, action: 'add_bench_note' })).toHaveLength(1)
    expect(
      (await ctx.services.audit.list({ subjectId: review.id, action: 'view_bench_notes' })).length,
    ).toBeGreaterThan(0)

    // Every other role is refused, admins included; a sentencer not on the bench gets a 404.
    for (const role of ['clerk', 'probation', 'provider', 'admin'] as const) {
      const user =
        role === 'clerk' ? world.clerk : role === 'probation' ? world.officer : await makeUser(ctx.services, role)
      const other = await signIn(ctx.app, user.email)
      const get = await other.get(`/reviews/${review.id}/bench-notes`)
      expect(get.status).toBe(403)
      expect(get.text).not.toContain('alert(1)')
      const post = await submitForm(
        other,
        HOME_BY_ROLE[role],
        { text: 'Not allowed' },
        `/reviews/${review.id}/bench-notes`,
      )
      expect(post.status).toBe(403)
    }
    const notOnBench = await signIn(ctx.app, world.magistrate2.email)
    expect((await notOnBench.get(`/reviews/${review.id}/bench-notes`)).status).toBe(404)
    expect(await ctx.db('bench_note').where({ review_id: review.id })).toHaveLength(1)

    // Never shown anywhere else: not on the court list, the person's page or the report.
    const clerk = await signIn(ctx.app, world.clerk.email)
    for (const url of [`/sittings/${sitting.id}`, `/people/${made.person.id}`]) {
      const res = await clerk.get(url)
      expect(res.status).toBe(200)
      expect(decode(res.text)).not.toContain('alert(1)')
    }
    const list = await agent.get(`/sittings/${sitting.id}`)
    expect(list.status).toBe(200)
    expect(decode(list.text)).not.toContain('alert(1)')
  })

  it('when a review is on paper, then the sentencers of its court may keep notes on it, and no one else', async () => {
    const { world, justice, outsider } = await sentencerWorld()
    const c = await paperCase(world)
    const agent = await signIn(ctx.app, justice.email)
    expect(
      (await submitForm(agent, `/reviews/${c.paper.id}/bench-notes`, { text: 'Watch the next report.' })).status,
    ).toBe(303)
    const page = await agent.get(`/reviews/${c.paper.id}/bench-notes`)
    expect(textOf(qa(page.text, 'bench-notes'))).toContain('Watch the next report.')
    expect(textOf(qa(page.text, 'bench-notes'))).toContain('Review 2')

    const other = await signIn(ctx.app, outsider.email)
    expect((await other.get(`/reviews/${c.paper.id}/bench-notes`)).status).toBe(404)
    await expect(
      ctx.services.bench.notes(toCurrentUser(world.clerk) as CurrentUser, c.paper.id),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect((await request(ctx.app).get(`/reviews/${c.paper.id}/bench-notes`)).status).not.toBe(200)
  })
})
