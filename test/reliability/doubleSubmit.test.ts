import type request from 'supertest'
import type { CurrentUser } from '../../server/roles'
import { createTestContext, csrfFrom, signIn, type TestContext } from '../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../support/factories'

// Two quick clicks, or a POST the browser sends again: the same rendered form, sent twice, makes one record.
type Agent = ReturnType<typeof request.agent>

let ctx: TestContext
let world: Awaited<ReturnType<typeof makeWorld>>
let crn = 200000

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  world = await makeWorld()
})

afterAll(async () => {
  await ctx.close()
})

const nextCrn = () => `D${(crn += 1)}`

async function makeWorld() {
  const { services } = ctx
  const court = await makeCourt(services)
  const provider = await makeOrganisation(services, 'provider')
  const probation = await makeOrganisation(services, 'probation')
  const clerk = await makeUser(services, 'clerk', { courtIds: [court.id] })
  const officer = await makeUser(services, 'probation', { organisationId: probation.id })
  const otherOfficer = await makeUser(services, 'probation', { organisationId: probation.id })
  const worker = await makeUser(services, 'provider', { organisationId: provider.id })
  const clerkUser = (await services.auth.currentUser(clerk.id)) as CurrentUser
  await services.sittings.create(clerkUser, court.id, {
    date: '2026-04-02',
    startTime: '10:00',
    courtroom: '1',
    capacity: 6,
    slotMinutes: 15,
  })
  const requirement = {
    kind: 'DRR' as const,
    months: 6,
    reviewIntervalMonths: 1,
    reviewMode: 'hearing' as const,
    residential: false,
    providerOrganisationId: provider.id,
    responsibleOfficerId: officer.id,
    willingToComply: true,
  }
  return {
    court,
    provider,
    officer,
    otherOfficer,
    clerk,
    agents: {
      clerk: await signIn(ctx.app, clerk.email),
      officer: await signIn(ctx.app, officer.email),
      otherOfficer: await signIn(ctx.app, otherOfficer.email),
      worker: await signIn(ctx.app, worker.email),
    },
    /** A person with no order yet. */
    person: (name: string) =>
      services.cases.createPerson(clerkUser, { name, dateOfBirth: '1990-05-17', crn: nextCrn(), pnc: null }),
    /** A person on a DRR supervised by the officer (unless another is named) and treated by the provider. */
    async onOrder(name: string, responsibleOfficerId = officer.id) {
      const person = await this.person(name)
      await services.orders.createOrder(clerkUser, {
        personId: person.id,
        courtId: court.id,
        kind: 'community',
        madeOn: '2026-03-02',
        caseReference: `CR-${person.crn}`,
        requirements: [{ ...requirement, responsibleOfficerId }],
      })
      return person
    },
  }
}

/** The hidden fields a rendered form carries: the session's CSRF token and this rendering's form id. */
function hiddenFields(html: string) {
  const formId = /name="_formId" value="([^"]+)"/.exec(html)?.[1]
  if (!formId) throw new Error('no form id on the page')
  return { _csrf: csrfFrom(html), _formId: formId }
}

const formIds = (html: string) => [...html.matchAll(/name="_formId" value="([^"]+)"/g)].map(m => m[1])

type How = 'at the same time' | 'one after the other'

/** GET the form once, then POST what it rendered twice, as two clicks on one page would. */
async function sendTwice(agent: Agent, formUrl: string, postUrl: string, answers: Record<string, string>, how: How) {
  const body = { ...answers, ...hiddenFields((await agent.get(formUrl)).text) }
  const send = () => agent.post(postUrl).type('form').send(body)
  const [first, second] =
    how === 'at the same time' ? await Promise.all([send(), send()]) : [await send(), await send()]
  return { first, second }
}

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-')
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year }
}

interface FormCase {
  form: string
  send(how: How): Promise<{ first: request.Response; second: request.Response; count: () => Promise<number> }>
}

const count = async (query: Promise<{ n: number | string }[]>) => Number((await query)[0].n)

const FORMS: FormCase[] = [
  {
    form: 'add a person',
    async send(how) {
      const personCrn = nextCrn()
      const answers = { name: 'Dee Double', ...date('dateOfBirth', '1991-04-07'), crn: personCrn, pnc: '' }
      const sent = await sendTwice(world.agents.clerk, '/people/new', '/people/new', answers, how)
      return { ...sent, count: () => count(ctx.db('person').where({ crn: personCrn }).count({ n: '*' })) }
    },
  },
  {
    form: 'record an order',
    async send(how) {
      const person = await world.person('Orla Order')
      const answers = {
        courtId: world.court.id,
        kind: 'community',
        ...date('madeOn', '2026-03-02'),
        'endsOn[day]': '',
        'endsOn[month]': '',
        'endsOn[year]': '',
        caseReference: '01BH0123456',
        requirementKind: 'DRR',
        months: '6',
        reviewIntervalMonths: '1',
        residential: 'no',
        providerOrganisationId: world.provider.id,
        responsibleOfficerId: world.officer.id,
        willingToComply: 'yes',
        psrText: '',
      }
      // The answers first (nothing is saved), then the plan they lead to, recorded from the check page.
      const url = `/people/${person.id}/orders/new`
      const form = await world.agents.clerk.get(url)
      await world.agents.clerk
        .post(url)
        .type('form')
        .send({ ...answers, ...hiddenFields(form.text) })
      const check = `/people/${person.id}/orders/check`
      const sent = await sendTwice(world.agents.clerk, check, check, {}, how)
      return { ...sent, count: () => count(ctx.db('sentence_order').where({ person_id: person.id }).count({ n: '*' })) }
    },
  },
  {
    form: 'add a drug test',
    async send(how) {
      const person = await world.onOrder('Tess Test')
      const answers = {
        // The order's day, which is today: the one date a test may have.
        ...date('takenOn', '2026-03-02'),
        method: 'oral_fluid',
        'results[opiates]': 'negative',
        'results[cocaine]': 'positive',
      }
      const sent = await sendTwice(
        world.agents.worker,
        `/people/${person.id}/drug-tests/new`,
        `/people/${person.id}/drug-tests`,
        answers,
        how,
      )
      return { ...sent, count: () => count(ctx.db('drug_test').where({ person_id: person.id }).count({ n: '*' })) }
    },
  },
  {
    form: 'add a note',
    async send(how) {
      const person = await world.onOrder('Nell Note')
      const url = `/people/${person.id}/notes`
      const answers = { category: 'contact', text: 'Phoned; will attend on Thursday.' }
      const sent = await sendTwice(world.agents.officer, url, url, answers, how)
      return { ...sent, count: () => count(ctx.db('progress_note').where({ person_id: person.id }).count({ n: '*' })) }
    },
  },
  {
    form: 'add a sitting',
    async send(how) {
      // A courtroom of its own per case, so the count is this submission's sittings only.
      const courtroom = `R${(crn += 1)}`
      const answers = {
        courtId: world.court.id,
        ...date('date', '2026-04-07'),
        startTime: '10:00',
        courtroom,
        capacity: '6',
        slotMinutes: '15',
      }
      const sent = await sendTwice(world.agents.clerk, '/sittings/new', '/sittings/new', answers, how)
      return { ...sent, count: () => count(ctx.db('sitting').where({ courtroom }).count({ n: '*' })) }
    },
  },
]

const HOWS: How[] = ['at the same time', 'one after the other']

describe('a form sent twice', () => {
  it.each(FORMS.flatMap(f => HOWS.map(how => ({ ...f, how }))))(
    'when the "$form" form is sent twice $how, then one record is made and both answers redirect to it',
    async ({ send, how }) => {
      const { first, second, count: records } = await send(how)

      expect(first.status).toBe(303)
      expect(second.status).toBe(303)
      expect(second.headers.location).toBe(first.headers.location)
      expect(await records()).toBe(1)
    },
  )

  it('when a form that was refused (a case that is not theirs) is sent again, then it is refused again and nothing is kept', async () => {
    const person = await world.onOrder('Rita Refused')
    const own = await world.onOrder('Owen Own', world.otherOfficer.id)
    const url = `/people/${person.id}/notes`
    const fromOwnPage = hiddenFields((await world.agents.otherOfficer.get(`/people/${own.id}/notes`)).text)
    const body = { category: 'contact', text: 'Not mine', ...fromOwnPage }

    const first = await world.agents.otherOfficer.post(url).type('form').send(body)
    const second = await world.agents.otherOfficer.post(url).type('form').send(body)

    expect([first.status, second.status]).toEqual([404, 404])
    expect(await ctx.db('form_submission').where({ user_id: world.otherOfficer.id })).toEqual([])
    expect(await ctx.db('progress_note').where({ person_id: person.id })).toEqual([])
  })
})

describe('forms that are not repeats', () => {
  it('when the same form is opened twice and each is sent once, then each makes its record', async () => {
    const person = await world.onOrder('Ned Twice')
    const url = `/people/${person.id}/notes`
    const answers = { category: 'contact', text: 'Same words, two visits.' }

    const first = hiddenFields((await world.agents.officer.get(url)).text)
    const second = hiddenFields((await world.agents.officer.get(url)).text)
    await world.agents.officer
      .post(url)
      .type('form')
      .send({ ...answers, ...first })
    await world.agents.officer
      .post(url)
      .type('form')
      .send({ ...answers, ...second })

    expect(first._formId).not.toBe(second._formId)
    expect(await ctx.db('progress_note').where({ person_id: person.id })).toHaveLength(2)
  })

  it('when one rendered form is sent with different answers, then both are kept (only identical sends are repeats)', async () => {
    const person = await world.onOrder('Dora Different')
    const url = `/people/${person.id}/notes`
    const hidden = hiddenFields((await world.agents.officer.get(url)).text)

    await world.agents.officer
      .post(url)
      .type('form')
      .send({ category: 'contact', text: 'First words.', ...hidden })
    await world.agents.officer
      .post(url)
      .type('form')
      .send({ category: 'contact', text: 'Corrected words.', ...hidden })

    expect(await ctx.db('progress_note').where({ person_id: person.id }).pluck('text')).toEqual(
      expect.arrayContaining(['First words.', 'Corrected words.']),
    )
  })

  it('when a post carries no form id (an older page), then it is handled as before, each time', async () => {
    const person = await world.onOrder('Olga Older')
    const url = `/people/${person.id}/notes`
    const { _csrf } = hiddenFields((await world.agents.officer.get(url)).text)
    const body = { category: 'contact', text: 'No form id.', _csrf }

    const first = await world.agents.officer.post(url).type('form').send(body)
    const second = await world.agents.officer.post(url).type('form').send(body)

    expect([first.status, second.status]).toEqual([303, 303])
    expect(await ctx.db('progress_note').where({ person_id: person.id })).toHaveLength(2)
  })

  it('when a page has a form for each row, then every form carries its own id', async () => {
    await world.onOrder('Row One')
    await world.onOrder('Row Two')
    const page = await world.agents.clerk.get(`/reports/missing?court=${world.court.id}&from=2026-04-01&to=2026-04-03`)

    const ids = formIds(page.text)

    expect(page.status).toBe(200)
    expect(ids.length).toBeGreaterThanOrEqual(2)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
