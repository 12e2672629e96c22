import type request from 'supertest'
import type { CurrentUser } from '../../server/roles'
import { csrfFrom, signIn, type TestContext } from '../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../support/factories'

// What the double-submit tests (doubleSubmitForms, doubleSubmitNotRepeats .test.ts) share: a court with
// a sitting, a clerk, two officers and a provider worker signed in, people to act on, and the hidden
// fields of a rendered form.
export type Agent = ReturnType<typeof request.agent>

let crn = 200000

/** The next number of the file's one counter, which CRNs and courtrooms share. */
export const nextSerial = () => (crn += 1)

export const nextCrn = () => `D${nextSerial()}`

export type DoubleSubmitWorld = Awaited<ReturnType<typeof makeWorld>>

export async function makeWorld(ctx: TestContext) {
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
export function hiddenFields(html: string) {
  const formId = /name="_formId" value="([^"]+)"/.exec(html)?.[1]
  if (!formId) throw new Error('no form id on the page')
  return { _csrf: csrfFrom(html), _formId: formId }
}

export const formIds = (html: string) => [...html.matchAll(/name="_formId" value="([^"]+)"/g)].map(m => m[1])

export type How = 'at the same time' | 'one after the other'

/** GET the form once, then POST what it rendered twice, as two clicks on one page would. */
export async function sendTwice(
  agent: Agent,
  formUrl: string,
  postUrl: string,
  answers: Record<string, string>,
  how: How,
) {
  const body = { ...answers, ...hiddenFields((await agent.get(formUrl)).text) }
  const send = () => agent.post(postUrl).type('form').send(body)
  const [first, second] =
    how === 'at the same time' ? await Promise.all([send(), send()]) : [await send(), await send()]
  return { first, second }
}

export const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-')
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year }
}

export const count = async (query: Promise<{ n: number | string }[]>) => Number((await query)[0].n)
