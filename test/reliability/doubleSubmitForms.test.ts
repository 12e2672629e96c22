import type request from 'supertest'
import { createTestContext, type TestContext } from '../support/testApp'
import {
  count,
  date,
  hiddenFields,
  makeWorld,
  nextCrn,
  nextSerial,
  sendTwice,
  type DoubleSubmitWorld,
  type How,
} from './doubleSubmitWorld'

// Two quick clicks, or a POST the browser sends again: the same rendered form, sent twice, makes one record.

let ctx: TestContext
let world: DoubleSubmitWorld

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  world = await makeWorld(ctx)
})

afterAll(async () => {
  await ctx.close()
})

interface FormCase {
  form: string
  send(how: How): Promise<{ first: request.Response; second: request.Response; count: () => Promise<number> }>
}

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
      const courtroom = `R${nextSerial()}`
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
