import { createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { errorSummary } from '../../support/html'
import { expectProblem, fieldsOf, makeWorld } from '../scheduling/schedulingWorld'
import { qa, textOf } from '../sittings/sittingWorld'
import {
  checked,
  formOf,
  HEARING_DAY,
  offered,
  outcomeHelpers,
  requirementOf,
  summaryFields,
  weeklySittings,
  WORDS,
} from './outcomeWorld'

/**
 * Sentencing Act 2020 Sch 9 paras 21-22 at both doors (the JSON API and the clerk's pages): what the
 * law refuses changes nothing: an unlawful outcome, an order starting on paper, an outcome before its day.
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

const { apiAs, aWorldWithACase, outcomeRows, reviewRow } = outcomeHelpers(() => ctx)

describe('refused at both doors, and nothing changes', () => {
  const REFUSED = [
    {
      name: 'continue_paper with progress poor (Sch 9 para 22(6))',
      body: { attended: true, progress: 'poor', decision: 'continue_paper' },
      fields: ['decision', 'progress'],
    },
    {
      name: 'continue_paper with the person absent (Sch 9 para 22(6))',
      body: { attended: false, progress: 'good', decision: 'continue_paper' },
      fields: ['attended', 'decision'],
    },
    {
      name: 'amend with consentToAmendment true when the person did not attend (Sch 9 para 22(2)-(3)(a))',
      body: {
        attended: false,
        progress: 'satisfactory',
        decision: 'amend',
        amendment: 'Testing twice a week',
        consentToAmendment: true,
      },
      fields: ['attended', 'decision'],
    },
    {
      name: 'require_attendance at a hearing the person attended (Sch 9 para 22(7))',
      body: { attended: true, progress: 'poor', decision: 'require_attendance' },
      fields: ['decision'],
    },
  ]

  it.each(REFUSED)(
    'when the clerk records $name, then the API answers 422 naming each field, the page’s error summary names them and keeps what was typed, and nothing is recorded',
    async ({ body, fields }) => {
      const { world, order, r1 } = await aWorldWithACase()
      const before = await world.reviewsOf(order.requirementId)

      const problem = expectProblem(
        await world.clerkApi.post(`/reviews/${r1.id}/outcome`, { ...body, benchComments: WORDS }),
        422,
      )
      const agent = await signIn(ctx.app, world.clerk.email)
      const form = await agent.get(`/reviews/${r1.id}/outcome`)
      const posted = await submitForm(
        agent,
        `/reviews/${r1.id}/outcome`,
        formOf({ ...body, benchComments: WORDS, benchUserIds: world.magistrate1.id }),
      )
      const page = await agent.get(`/reviews/${r1.id}/outcome`)

      expect(fieldsOf(problem)).toEqual(fields)
      expect(problem.errors!.some(e => e.message.includes('Sentencing Act 2020 Sch 9'))).toBe(true)
      expect(posted.status).toBe(303)
      expect(posted.headers.location).toBe(`/reviews/${r1.id}/outcome`)
      expect(summaryFields(page.text).sort()).toEqual(fields.map(f => `#${f}`))
      expect(errorSummary(page.text).join('\n')).toContain('Sentencing Act 2020 Sch 9')
      expect(page.text).toContain(WORDS)
      expect(checked(page.text, 'progress')).toEqual([body.progress])
      expect(checked(page.text, 'attended')).toEqual([body.attended ? 'yes' : 'no'])
      expect(checked(page.text, 'benchUserIds')).toEqual([world.magistrate1.id])
      if (body.decision === 'require_attendance') {
        // A hearing never offers it: the form cannot send it, and a hand-made post is refused as above.
        expect(offered(form.text, 'decision')).not.toContain('require_attendance')
      } else expect(checked(page.text, 'decision')).toEqual([body.decision])
      if (body.decision === 'amend') {
        expect(page.text).toContain('Testing twice a week')
        expect(checked(page.text, 'consentToAmendment')).toEqual(['yes'])
      }
      expect(await outcomeRows(r1.id)).toHaveLength(0)
      expect((await reviewRow(r1.id)).status).toBe('scheduled')
      expect(await world.reviewsOf(order.requirementId)).toEqual(before)
    },
  )

  it('when an order asks to start with reviews on paper, then the API answers 422 naming requirements.0.reviewMode (Sch 9 para 21(2)) and stores nothing; the order form does not ask, and a hand-made reviewMode=paper still starts at hearings', async () => {
    const world = await makeWorld(ctx)
    await weeklySittings(world)
    const person = await world.addPerson()
    const body = world.orderBody(person.id, { madeOn: '2028-01-05', months: 4, reviewMode: 'paper' })

    const refused = expectProblem(await world.clerkApi.post('/orders', body), 422)
    const dryRun = expectProblem(await world.clerkApi.post('/orders?dryRun=true', body), 422)

    expect(fieldsOf(refused)).toEqual(['requirements.0.reviewMode'])
    expect(refused.errors![0].message).toContain('Sch 9 para 21(2)')
    expect(fieldsOf(dryRun)).toEqual(['requirements.0.reviewMode'])
    expect(await ctx.db('sentence_order').where({ person_id: person.id })).toHaveLength(0)

    const agent = await signIn(ctx.app, world.clerk.email)
    const formUrl = `/people/${person.id}/orders/new`
    const form = await agent.get(formUrl)
    expect(form.status).toBe(200)
    expect(form.text).not.toContain('name="reviewMode"')
    const res = await submitForm(agent, formUrl, {
      courtId: world.court.id,
      kind: 'community',
      'madeOn[day]': '5',
      'madeOn[month]': '1',
      'madeOn[year]': '2028',
      'endsOn[day]': '',
      'endsOn[month]': '',
      'endsOn[year]': '',
      caseReference: 'CASE-PAPER-1',
      requirementKind: 'DRR',
      months: '4',
      reviewIntervalMonths: '1',
      reviewMode: 'paper',
      residential: 'no',
      providerOrganisationId: world.providerOrg.id,
      responsibleOfficerId: world.officer.id,
      willingToComply: 'yes',
      psrText: '',
    })
    expect(res.status).toBe(303)
    // The clerk checks the plan, then records the order.
    expect(res.headers.location).toBe(`/people/${person.id}/orders/check`)
    const recorded = await submitForm(agent, res.headers.location, {})
    expect(recorded.headers.location).toBe(`/people/${person.id}`)
    const requirement = requirementOf((await world.clerkApi.get(`/people/${person.id}`)).body)
    expect(requirement.reviewMode).toBe('hearing')
    expect(requirement.reviews.length).toBeGreaterThan(0)
    expect(requirement.reviews.every(r => r.mode === 'hearing')).toBe(true)
  })

  it('when an outcome is sent for a hearing four days away, then it is refused on both doors naming reviewDate, the review stays scheduled and not Heard, the page shows not-yet and the court list offers no Record outcome', async () => {
    ctx.clock.set('2028-02-04T10:00:00Z')
    const { world, order, r1 } = await aWorldWithACase()
    const before = await world.reviewsOf(order.requirementId)

    const problem = expectProblem(
      await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
        attended: true,
        progress: 'good',
        decision: 'continue_hearing',
      }),
      422,
    )
    const agent = await signIn(ctx.app, world.clerk.email)
    const form = await agent.get(`/reviews/${r1.id}/outcome`)
    const posted = await submitForm(agent, `/reviews/${r1.id}/outcome`, {
      attended: 'yes',
      progress: 'good',
      decision: 'continue_hearing',
      benchComments: WORDS,
    })
    const page = await agent.get(`/reviews/${r1.id}/outcome`)
    const list = await agent.get(`/sittings/${r1.sittingId}`)
    const row = qa(list.text, `case-${r1.id}`)

    expect(fieldsOf(problem)).toEqual(['reviewDate'])
    expect(problem.detail).toContain('Tuesday 8 February 2028')
    expect(form.status).toBe(200)
    expect(textOf(qa(form.text, 'not-yet'))).toContain('This review is heard on Tuesday 8 February 2028')
    expect(qa(form.text, 'outcome-form')).toBe('')
    expect(posted.status).toBe(303)
    // The page says why instead: the form is not offered before the hearing's day.
    expect(errorSummary(page.text)).toEqual([])
    expect(textOf(qa(page.text, 'not-yet'))).toContain('Its outcome can be recorded from that day')
    expect(qa(page.text, 'outcome-form')).toBe('')
    expect(row).not.toBe('')
    expect(qa(row, 'outcome')).toBe('')
    expect(row).not.toContain('Record outcome')
    expect(row).not.toContain('Heard')
    expect(textOf(qa(row, 'outcome-later'))).toBe('Outcome from the day of the hearing')
    expect(await outcomeRows(r1.id)).toHaveLength(0)
    expect((await reviewRow(r1.id)).status).toBe('scheduled')
    expect(await world.reviewsOf(order.requirementId)).toEqual(before)

    // On the day, the same outcome is accepted and the list offers the link.
    ctx.clock.set(HEARING_DAY)
    const onTheDay = await signIn(ctx.app, world.clerk.email)
    const listed = qa((await onTheDay.get(`/sittings/${r1.sittingId}`)).text, `case-${r1.id}`)
    expect(qa(listed, 'outcome')).toContain(`href="/reviews/${r1.id}/outcome"`)
    const clerk = await apiAs(world.clerk.email)
    const res = await clerk.post(`/reviews/${r1.id}/outcome`, {
      attended: true,
      progress: 'good',
      decision: 'continue_hearing',
    })
    expect(res.status).toBe(201)
  })
})
