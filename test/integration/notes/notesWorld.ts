import type { CurrentUser } from '../../../server/roles'
import { signIn, type TestContext } from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'

let counter = 0
let worlds = 0

/** A CRN no other test in this file uses: a letter and 6 digits. */
const nextCrn = () => `N${String((process.pid * 89 + (counter += 1)) % 1000000).padStart(6, '0')}`

/**
 * One court's world for notes and chasing: a clerk, two responsible officers of one probation
 * organisation, workers of two treatment providers, and a magistrate.
 */
export async function makeNotesWorld(ctx: TestContext) {
  const { services } = ctx
  // Courts and organisations have unique names; a file may make several worlds.
  const n = (worlds += 1) === 1 ? '' : ` ${worlds}`
  const court = await makeCourt(services, { name: `Southtown Magistrates’ Court${n}`, reportDueWorkingDays: 2 })
  const probation = await makeOrganisation(services, 'probation', `Southtown Probation${n}`)
  const providerX = await makeOrganisation(services, 'provider', `Xavier Recovery${n}`)
  const providerY = await makeOrganisation(services, 'provider', `Yardley Treatment${n}`)
  const clerk = await makeUser(services, 'clerk', { courtIds: [court.id], name: 'Cleo Clerk' })
  const officerA = await makeUser(services, 'probation', { organisationId: probation.id, name: 'Olive Officer' })
  const officerB = await makeUser(services, 'probation', { organisationId: probation.id, name: 'Otto Other' })
  const workerX = await makeUser(services, 'provider', { organisationId: providerX.id, name: 'Wren Worker' })
  const workerY = await makeUser(services, 'provider', { organisationId: providerY.id, name: 'Yan Worker' })
  const magistrate = await makeUser(services, 'sentencer', { name: 'Mags Bench' })
  const userOf = async (id: string) => (await services.auth.currentUser(id)) as CurrentUser
  const clerkUser = await userOf(clerk.id)

  return {
    court,
    probation,
    providerX,
    providerY,
    clerk,
    clerkUser,
    officerA,
    officerB,
    workerX,
    workerY,
    magistrate,
    userOf,
    agent: (email: string) => signIn(ctx.app, email),

    addSitting: (date: string) =>
      services.sittings.create(clerkUser, court.id, {
        date,
        startTime: '10:00',
        courtroom: '2',
        capacity: 6,
        slotMinutes: 15,
        benchUserIds: [magistrate.id],
      }),

    /** A person on a DRR with monthly review hearings, supervised by officer A and treated by provider X. */
    async addCase(name: string, options: { officerId?: string; providerId?: string } = {}) {
      const person = await services.cases.createPerson(clerkUser, { name, dateOfBirth: '1990-05-17', crn: nextCrn() })
      const { requirements } = await services.orders.createOrder(clerkUser, {
        personId: person.id,
        courtId: court.id,
        kind: 'community',
        madeOn: '2026-03-02',
        caseReference: `CR-${person.crn}`,
        requirements: [
          {
            kind: 'DRR',
            months: 6,
            reviewIntervalMonths: 1,
            reviewMode: 'hearing',
            residential: false,
            providerOrganisationId: options.providerId ?? providerX.id,
            responsibleOfficerId: options.officerId ?? officerA.id,
            willingToComply: true,
          },
        ],
      })
      return { person, reviews: requirements[0].reviews }
    },
  }
}

export type NotesWorld = Awaited<ReturnType<typeof makeNotesWorld>>
