import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { addCalendarMonths } from '../../../server/utils/dates'
import { expectProblem, fieldsOf, open, type ApiReview } from '../scheduling/schedulingWorld'
import { qa, textOf } from '../sittings/sittingWorld'
import { aCase, checked, HEARING_DAY, offered, outcomeHelpers, requirementOf, summaryFields } from './outcomeWorld'

/**
 * Sentencing Act 2020 Sch 9 paras 21-22 at both doors (the JSON API and the clerk's pages): what the
 * law allows and what it does to the requirement: breach proceedings, who sat, completed and revoked,
 * and a correction held to the same rules.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

beforeEach(() => {
  ctx.clock.set(HEARING_DAY)
})

const { aWorldWithACase, outcomeRows, reviewRow } = outcomeHelpers(() => ctx)

describe('breach proceedings keep the order live (Sch 10 para 1)', () => {
  it('when the court refers a breach, then the requirement stays active with breachProceedings true, its later reviews stay listed, and the person page, court list and hearing pack warn of it', async () => {
    const { world, dateOf, order, r1 } = await aWorldWithACase()
    const other = await aCase(world, dateOf)

    const res = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
      attended: false,
      progress: 'poor',
      decision: 'breach_referral',
      benchComments: null,
    })

    expect(res.status).toBe(201)
    const next = res.body.nextReview as ApiReview
    expect(next).toEqual(expect.objectContaining({ mode: 'hearing', status: 'scheduled', sequence: 2 }))
    expect(dateOf[next.sittingId!] >= addCalendarMonths('2028-02-08', 1)).toBe(true)
    const person = await world.clerkApi.get(`/people/${order.person.id}`)
    const requirement = requirementOf(person.body)
    expect({ status: requirement.status, breachProceedings: requirement.breachProceedings }).toEqual({
      status: 'active',
      breachProceedings: true,
    })
    expect(requirement.reviews.find(r => r.id === r1.id)?.status).toBe('did_not_attend')
    const later = open(requirement.reviews)
    expect(later.length).toBeGreaterThan(0)
    for (const r of later) expect(r).toEqual(expect.objectContaining({ status: 'scheduled', mode: 'hearing' }))
    expect(requirementOf((await world.clerkApi.get(`/people/${other.order.person.id}`)).body).breachProceedings).toBe(
      false,
    )

    const agent = await signIn(ctx.app, world.clerk.email)
    const personPage = await agent.get(`/people/${order.person.id}`)
    expect(textOf(qa(personPage.text, 'breach-proceedings'))).toContain('Breach proceedings')
    expect(qa((await agent.get(`/people/${other.order.person.id}`)).text, 'breach-proceedings')).toBe('')
    const list = await agent.get(`/sittings/${next.sittingId}`)
    expect(textOf(qa(qa(list.text, `case-${next.id}`), 'breach-proceedings'))).toBe('Breach proceedings')
    const otherNext = (await world.reviewsOf(other.order.requirementId)).find(r => r.sequence === 2)!
    expect(otherNext.sittingId).toBe(next.sittingId)
    expect(qa(qa(list.text, `case-${otherNext.id}`), 'breach-proceedings')).toBe('')
    const pack = await world.clerkApi.get(`/sittings/${next.sittingId}/pack`)
    expect(pack.status).toBe(200)
    expect(pack.type).toBe('text/html')
    expect(pack.text).toContain('Breach proceedings')
    expect(pack.text.match(/a breach of this requirement is before the court/g)).toHaveLength(1)
  })
})

describe('who sat', () => {
  it('when no bench is named, then who sat is the sitting’s rostered bench; when named, it is who was named', async () => {
    const { world, dateOf, r1 } = await aWorldWithACase()
    const second = await aCase(world, dateOf)

    const byDefault = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
      attended: true,
      progress: 'good',
      decision: 'continue_hearing',
    })
    const named = await world.clerkApi.post(`/reviews/${second.r1.id}/outcome`, {
      attended: true,
      progress: 'good',
      decision: 'continue_hearing',
      benchUserIds: [world.magistrate2.id, world.magistrate1.id],
    })

    expect(byDefault.status).toBe(201)
    expect(byDefault.body.outcome.benchUserIds).toEqual([world.magistrate1.id])
    expect(named.status).toBe(201)
    expect(named.body.outcome.benchUserIds).toEqual([world.magistrate1.id, world.magistrate2.id].sort())
    const stored = await ctx.db('outcome_bench').where({ outcome_id: named.body.outcome.id }).pluck('user_id')
    expect(stored.sort()).toEqual([world.magistrate1.id, world.magistrate2.id].sort())
  })

  it('when who sat names someone who is not an active magistrate or judge, then it is 400 naming benchUserIds and nothing is recorded', async () => {
    const { world, r1 } = await aWorldWithACase()
    const disabled = await makeUser(ctx.services, 'sentencer')
    await ctx.db('app_user').where({ id: disabled.id }).update({ disabled: true })

    for (const id of [world.clerk.id, world.officer.id, disabled.id, '00000000-0000-4000-8000-000000000000']) {
      const problem = expectProblem(
        await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
          attended: true,
          progress: 'good',
          decision: 'continue_hearing',
          benchUserIds: [world.magistrate1.id, id],
        }),
        400,
      )
      expect(fieldsOf(problem)).toEqual(['benchUserIds'])
    }
    expect(await outcomeRows(r1.id)).toHaveLength(0)
    expect((await reviewRow(r1.id)).status).toBe('scheduled')
  })

  it('when the clerk opens the form, then who sat is checkboxes with the roster ticked; ticking another is what is recorded', async () => {
    const { world, r1 } = await aWorldWithACase()
    const justice = await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] })
    const agent = await signIn(ctx.app, world.clerk.email)

    const form = await agent.get(`/reviews/${r1.id}/outcome`)
    const res = await submitForm(agent, `/reviews/${r1.id}/outcome`, {
      attended: 'yes',
      progress: 'good',
      decision: 'continue_hearing',
      benchUserIds: justice.id,
    })
    const check = await agent.get(res.headers.location)
    const confirmed = await submitForm(agent, res.headers.location, {})

    expect(offered(form.text, 'benchUserIds').sort()).toEqual([world.magistrate1.id, justice.id].sort())
    expect(checked(form.text, 'benchUserIds')).toEqual([world.magistrate1.id])
    expect(res.headers.location).toBe(`/reviews/${r1.id}/outcome/check`)
    expect(textOf(qa(check.text, 'check-answers'))).toContain(`Who sat ${justice.name}`)
    expect(confirmed.status).toBe(303)
    expect(confirmed.headers.location).toBe(`/sittings/${r1.sittingId}`)
    expect((await ctx.services.outcomes.outcomeFor(r1.id))?.benchUserIds).toEqual([justice.id])
  })
})

describe('completed and revoked end the requirement', () => {
  it.each(['completed', 'revoked'] as const)(
    'when the court decides %s, then the requirement is closed with that status and its later reviews are vacated',
    async decision => {
      const { world, order, r1 } = await aWorldWithACase()

      const res = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
        attended: true,
        progress: decision === 'completed' ? 'good' : 'poor',
        decision,
      })

      expect(res.status).toBe(201)
      expect(res.body.nextReview).toBeNull()
      const requirement = requirementOf((await world.clerkApi.get(`/people/${order.person.id}`)).body)
      expect({ status: requirement.status, breachProceedings: requirement.breachProceedings }).toEqual({
        status: decision,
        breachProceedings: false,
      })
      expect(open(requirement.reviews)).toEqual([])
      const later = requirement.reviews.filter(r => r.id !== r1.id)
      expect(later.length).toBeGreaterThan(0)
      for (const r of later)
        expect({ status: r.status, sittingId: r.sittingId }).toEqual({ status: 'vacated', sittingId: null })
    },
  )
})

describe('a correction', () => {
  it('when the clerk corrects an outcome, then it is held to the same rules, and a lawful change keeps the earlier versions in the history (a breach referral set and cleared again)', async () => {
    const { world, order, r1 } = await aWorldWithACase()
    const recorded = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
      attended: false,
      progress: 'poor',
      decision: 'continue_hearing',
      benchComments: 'A summons will follow.',
    })
    expect(recorded.status).toBe(201)
    const before = await world.reviewsOf(order.requirementId)
    const agent = await signIn(ctx.app, world.clerk.email)
    const edit = `/reviews/${r1.id}/outcome/edit`
    const correction = (fields: Record<string, unknown>, version: number) =>
      submitForm(agent, edit, { benchComments: 'A summons will follow.', ...fields, version: String(version) })

    // To paper with the person absent and progress poor: refused, nothing changes.
    const refused = await correction(
      { attended: 'no', progress: 'poor', decision: 'continue_paper', reason: 'Recorded wrongly' },
      1,
    )
    expect(refused.headers.location).toBe(edit)
    const page = await agent.get(edit)
    expect(summaryFields(page.text).sort()).toEqual(['#attended', '#decision', '#progress'])
    expect(page.text).toContain('Recorded wrongly')
    expect(checked(page.text, 'decision')).toEqual(['continue_paper'])
    expect(Number((await outcomeRows(r1.id))[0].version)).toBe(1)
    expect(await ctx.db('outcome_history').where({ outcome_id: recorded.body.outcome.id })).toHaveLength(0)
    expect(await world.reviewsOf(order.requirementId)).toEqual(before)
    expect(
      expectProblem(
        await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
          attended: false,
          progress: 'poor',
          decision: 'continue_paper',
        }),
        409,
      ).detail,
    ).toContain('already been recorded')

    // To a breach referral: lawful; the order stays live, in breach proceedings.
    const toBreach = await correction(
      { attended: 'no', progress: 'poor', decision: 'breach_referral', reason: 'The bench referred the breach' },
      1,
    )
    expect(toBreach.status).toBe(303)
    expect(toBreach.headers.location).toBe(`/sittings/${r1.sittingId}`)
    let requirement = requirementOf((await world.clerkApi.get(`/people/${order.person.id}`)).body)
    expect({ status: requirement.status, breachProceedings: requirement.breachProceedings }).toEqual({
      status: 'active',
      breachProceedings: true,
    })

    // And back: the proceedings it began end; both earlier versions are kept.
    const back = await correction(
      { attended: 'no', progress: 'poor', decision: 'continue_hearing', reason: 'The referral was withdrawn' },
      2,
    )
    expect(back.status).toBe(303)
    requirement = requirementOf((await world.clerkApi.get(`/people/${order.person.id}`)).body)
    expect({ status: requirement.status, breachProceedings: requirement.breachProceedings }).toEqual({
      status: 'active',
      breachProceedings: false,
    })
    const row = (await outcomeRows(r1.id))[0]
    expect({ decision: row.decision, version: Number(row.version) }).toEqual({
      decision: 'continue_hearing',
      version: 3,
    })
    const history = await ctx.db('outcome_history').where({ outcome_id: row.id }).orderBy('version')
    expect(history.map(h => [Number(h.version), JSON.parse(h.content).decision, h.reason])).toEqual([
      [1, 'continue_hearing', 'The bench referred the breach'],
      [2, 'breach_referral', 'The referral was withdrawn'],
    ])
    expect(open(requirement.reviews).length).toBeGreaterThan(0)
  })
})
