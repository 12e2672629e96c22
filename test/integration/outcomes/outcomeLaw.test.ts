import request from 'supertest'
import { apiToken, createTestContext, signIn, submitForm, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { errorSummary } from '../../support/html'
import { addCalendarMonths, addDays } from '../../../server/utils/dates'
import {
  bearer,
  expectProblem,
  fieldsOf,
  makeWorld,
  open,
  type ApiReview,
  type World,
} from '../scheduling/schedulingWorld'
import { qa, textOf } from '../sittings/sittingWorld'

/**
 * Sentencing Act 2020 Sch 9 paras 21-22 at both doors (the JSON API and the clerk's pages): what the
 * law refuses changes nothing, and what it allows moves a requirement between hearings and paper.
 */

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

// Tuesday 8 February 2028, the evening of the first review hearing.
const HEARING_DAY = '2028-02-08T16:00:00Z'

beforeEach(() => {
  ctx.clock.set(HEARING_DAY)
})

/** A bearer API for a user, with a token issued now (tokens last 12 hours, and the tests move the clock). */
async function apiAs(email: string) {
  const token = await apiToken(ctx.app, email)
  return {
    get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(bearer(token)),
    post: (path: string, body: object) => request(ctx.app).post(`/api/v1${path}`).set(bearer(token)).send(body),
    put: (path: string, body: object) => request(ctx.app).put(`/api/v1${path}`).set(bearer(token)).send(body),
  }
}

/** A weekly Tuesday review court from 8 February to 30 May 2028; returns each sitting's date by id. */
async function weeklySittings(world: World): Promise<Record<string, string>> {
  const dateOf: Record<string, string> = {}
  for (let date = '2028-02-08'; date <= '2028-05-30'; date = addDays(date, 7))
    dateOf[(await world.addSitting(date)).id] = date
  return dateOf
}

/** A 4-month DRR made on 5 January 2028, reviewed monthly: its first review is heard on 8 February. */
async function aCase(world: World, dateOf: Record<string, string>) {
  const order = await world.addOrder({ madeOn: '2028-01-05', months: 4, interval: 1 })
  const [r1] = order.reviews
  expect(dateOf[r1.sittingId!]).toBe('2028-02-08')
  return { order, r1 }
}

async function aWorldWithACase() {
  const world = await makeWorld(ctx)
  const dateOf = await weeklySittings(world)
  return { world, dateOf, ...(await aCase(world, dateOf)) }
}

const outcomeRows = (reviewId: string) => ctx.db('outcome').where({ review_id: reviewId })
const reviewRow = async (id: string) => (await ctx.repos.reviews.find(id))!
interface ApiRequirement {
  status: string
  breachProceedings: boolean
  reviewMode: string
  reviews: ApiReview[]
}
/** The first requirement of a person's first order, as GET /people/{id} gives it. */
const requirementOf = (person: { orders: { requirements: ApiRequirement[] }[] }) => person.orders[0].requirements[0]

/** Values of the radios or checkboxes called `name` that are checked on the page. */
const checked = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`name="${name}" type="(?:radio|checkbox)" value="([^"]*)" checked`, 'g'))].map(m => m[1])
const offered = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`name="${name}" type="(?:radio|checkbox)" value="([^"]*)"`, 'g'))].map(m => m[1])
const summaryFields = (html: string) => errorSummary(html).map(e => e.split(':')[0])

const WORDS = 'The bench’s words, kept as typed'

/** The API body as the form would send it. */
function formOf(body: Record<string, unknown>): Record<string, unknown> {
  const { attended, consentToAmendment, ...rest } = body
  return {
    ...rest,
    attended: attended === true ? 'yes' : attended === false ? 'no' : undefined,
    ...(consentToAmendment === true ? { consentToAmendment: 'yes' } : {}),
  }
}

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

/** Hearing 1 on 8 February continues on paper: returns the paper review that follows, with its date. */
async function toPaper(world: World, r1: ApiReview) {
  const res = await world.clerkApi.post(`/reviews/${r1.id}/outcome`, {
    attended: true,
    progress: 'satisfactory',
    decision: 'continue_paper',
  })
  expect(res.status).toBe(201)
  const paper = res.body.nextReview as ApiReview
  expect(paper).toEqual(expect.objectContaining({ mode: 'paper', sittingId: null, status: 'scheduled' }))
  const paperDate = (await reviewRow(paper.id)).reviewDate
  expect(paperDate >= addCalendarMonths('2028-02-08', 1)).toBe(true)
  return { paper, paperDate }
}

describe('require_attendance on a paper review (Sch 9 para 22(7)-(8))', () => {
  it('when the clerk records it with the sitting the court chose, then the hearing is listed there less than a month later and later reviews return to hearings; with progress still satisfactory it is refused', async () => {
    const { world, dateOf, order, r1 } = await aWorldWithACase()
    const { paper, paperDate } = await toPaper(world, r1)
    const chosen = Object.keys(dateOf).find(id => dateOf[id] > paperDate)!
    expect(dateOf[chosen] < addCalendarMonths(paperDate, 1)).toBe(true)
    ctx.clock.set(`${paperDate}T12:00:00Z`)
    const clerk = await apiAs(world.clerk.email)
    const reviewsNow = async () => (await clerk.get(`/requirements/${order.requirementId}/reviews`)).body as ApiReview[]
    const before = await reviewsNow()

    const refused = expectProblem(
      await clerk.post(`/reviews/${paper.id}/outcome`, {
        attended: false,
        progress: 'satisfactory',
        decision: 'require_attendance',
        attendSittingId: chosen,
      }),
      422,
    )
    expect(fieldsOf(refused)).toEqual(['progress'])
    expect(await outcomeRows(paper.id)).toHaveLength(0)
    expect(await reviewsNow()).toEqual(before)

    const res = await clerk.post(`/reviews/${paper.id}/outcome`, {
      attended: false,
      progress: 'poor',
      decision: 'require_attendance',
      benchComments: 'Positive for cocaine twice: come to court.',
      attendSittingId: chosen,
    })

    expect(res.status).toBe(201)
    const hearing = res.body.nextReview as ApiReview
    expect(hearing).toEqual(
      expect.objectContaining({
        mode: 'hearing',
        status: 'scheduled',
        sittingId: chosen,
        sequence: paper.sequence + 1,
      }),
    )
    expect((await reviewRow(paper.id)).status).toBe('held')
    const reviews = await reviewsNow()
    for (const r of open(reviews)) expect(r.mode).toBe('hearing')
    const after = open(reviews).filter(r => r.sequence > hearing.sequence)
    for (const r of after) expect(dateOf[r.sittingId!] >= addCalendarMonths(dateOf[chosen], 1)).toBe(true)
    expect((await ctx.repos.cases.requirement(order.requirementId))?.reviewMode).toBe('hearing')
  })
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

describe('from the statute, end to end', () => {
  const REPORT = {
    attendance: 'Missed two appointments in March.',
    engagement: 'Disengaged from group work.',
    treatment: 'Methadone dose unchanged.',
    testing: 'Positive for cocaine on 1 and 6 March.',
    recommendation: 'breach_action',
    submit: true,
  }

  it('when hearing 1 finds progress satisfactory and directs paper reviews (para 22(6)), and the paper review, decided by a justice on the report, finds it not (para 22(7)), then the person must attend the hearing chosen, whose outcome waits for its day, and reviews are at hearings again (para 22(8))', async () => {
    const world = await makeWorld(ctx)
    const dateOf = await weeklySittings(world)
    const justice = await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] })

    // The order: every order starts with review hearings (para 21(2)(b)-(c)).
    const { order, r1 } = await aCase(world, dateOf)
    expect(order.reviews.every(r => r.mode === 'hearing')).toBe(true)

    // Hearing 1, 8 February: the person attends, progress satisfactory, later reviews on paper.
    const { paper, paperDate } = await toPaper(world, r1)
    expect((await ctx.repos.cases.requirement(order.requirementId))?.reviewMode).toBe('paper')

    // The justice cannot decide before the report is in (para 21(2)(d)-(e)), nor before the review's date.
    ctx.clock.set(`${addDays(paperDate, -2)}T12:00:00Z`)
    let bench = await apiAs(justice.email)
    const attendSittingId = Object.keys(dateOf).find(id => dateOf[id] > paperDate)!
    const decision = {
      satisfactory: false,
      comments: 'Two positive tests and missed appointments.',
      attendSittingId,
    }
    const noReport = expectProblem(await bench.post(`/reviews/${paper.id}/paper-decision`, decision), 422)
    expect(fieldsOf(noReport)).toEqual(['report'])
    const officer = await apiAs(world.officer.email)
    expect((await officer.put(`/reviews/${paper.id}/report`, REPORT)).status).toBe(200)
    const early = expectProblem(await bench.post(`/reviews/${paper.id}/paper-decision`, decision), 422)
    expect(fieldsOf(early)).toEqual(['reviewDate'])
    expect(await outcomeRows(paper.id)).toHaveLength(0)

    // On the review's date: not satisfactory, attend the hearing on the sitting chosen.
    ctx.clock.set(`${paperDate}T12:00:00Z`)
    bench = await apiAs(justice.email)
    const decided = await bench.post(`/reviews/${paper.id}/paper-decision`, decision)
    expect(decided.status).toBe(201)
    expect(decided.body.decision).toBe('require_attendance')
    const hearing = decided.body.nextReview as ApiReview
    expect(hearing).toEqual(
      expect.objectContaining({ mode: 'hearing', status: 'scheduled', sittingId: attendSittingId }),
    )
    // A time and place the court specifies: not held to the one-month interval.
    expect(dateOf[attendSittingId] < addCalendarMonths(paperDate, 1)).toBe(true)
    const decidedOutcome = await ctx.services.outcomes.outcomeFor(paper.id)
    expect(decidedOutcome).toEqual(
      expect.objectContaining({
        decision: 'require_attendance',
        attended: false,
        progress: 'poor',
        benchUserIds: [justice.id],
      }),
    )

    // The hearing is on its court list; its outcome cannot be recorded before its day.
    let clerk = await apiAs(world.clerk.email)
    const sitting = await clerk.get(`/sittings/${attendSittingId}`)
    expect(JSON.stringify(sitting.body)).toContain(hearing.id)
    const atHearing = { attended: true, progress: 'good', decision: 'continue_hearing' }
    const tooSoon = expectProblem(await clerk.post(`/reviews/${hearing.id}/outcome`, atHearing), 422)
    expect(fieldsOf(tooSoon)).toEqual(['reviewDate'])
    expect((await reviewRow(hearing.id)).status).toBe('scheduled')

    // On its day the person attends; the reviews go on at hearings, a calendar month or more apart.
    ctx.clock.set(`${dateOf[attendSittingId]}T16:00:00Z`)
    clerk = await apiAs(world.clerk.email)
    const heard = await clerk.post(`/reviews/${hearing.id}/outcome`, atHearing)
    expect(heard.status).toBe(201)
    expect(heard.body.outcome.benchUserIds).toEqual([world.magistrate1.id])
    const next = heard.body.nextReview as ApiReview
    expect(next).toEqual(expect.objectContaining({ mode: 'hearing', status: 'scheduled' }))
    expect(dateOf[next.sittingId!] >= addCalendarMonths(dateOf[attendSittingId], 1)).toBe(true)
    expect((await ctx.repos.cases.requirement(order.requirementId))?.reviewMode).toBe('hearing')
    const reviews = (await clerk.get(`/requirements/${order.requirementId}/reviews`)).body as ApiReview[]
    expect(reviews.map(r => [r.sequence, r.mode, r.status])).toEqual(
      expect.arrayContaining([
        [1, 'hearing', 'held'],
        [2, 'paper', 'held'],
        [3, 'hearing', 'held'],
      ]),
    )
    for (const r of open(reviews)) expect(r.mode).toBe('hearing')
  })
})
