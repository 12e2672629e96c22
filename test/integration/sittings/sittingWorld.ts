import type request from 'supertest'
import type { CurrentUser } from '../../../server/roles'
import { signIn, type TestContext } from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'
import { decode, errorSummary } from '../../support/html'

export { decode, errorSummary }

export type Agent = ReturnType<typeof request.agent>

let counter = 0

/** A CRN no other test in this file uses: a letter and 6 digits. */
const nextCrn = () => `S${String((process.pid * 97 + (counter += 1)) % 1000000).padStart(6, '0')}`

/** The page's text with tags and runs of white space removed, for asserting on what a reader sees. */
export const textOf = (html: string): string =>
  decode(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()

/** The markup of the element with this data-qa, up to its own closing tag (nested elements of the same name counted). */
export function qa(html: string, name: string): string {
  const open = new RegExp(`<(\\w+)[^>]*data-qa="${name}"[^>]*>`).exec(html)
  if (!open) return ''
  const tag = open[1]
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g')
  tags.lastIndex = open.index + open[0].length
  let depth = 1
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1
    if (depth === 0) return html.slice(open.index, m.index + m[0].length)
  }
  return html.slice(open.index)
}

/**
 * One court's world: a clerk of the court, two magistrates, a responsible officer and a treatment
 * provider, with helpers that add sittings, people and orders through the services.
 */
export async function makeSittingWorld(ctx: TestContext) {
  const { services } = ctx
  const court = await makeCourt(services, { name: 'Northtown Magistrates’ Court' })
  const provider = await makeOrganisation(services, 'provider')
  const officer = await makeUser(services, 'probation')
  const clerk = await makeUser(services, 'clerk', { courtIds: [court.id] })
  const magistrateA = await makeUser(services, 'sentencer', { name: 'Ada Bench' })
  const magistrateB = await makeUser(services, 'sentencer', { name: 'Ben Bench' })
  const clerkUser = (await services.auth.currentUser(clerk.id)) as CurrentUser

  const sittingInput = (date: string, overrides: Record<string, unknown> = {}) => ({
    date,
    startTime: '10:00',
    courtroom: '3',
    capacity: 6,
    slotMinutes: 15,
    benchUserIds: [magistrateA.id],
    ...overrides,
  })

  return {
    court,
    clerk,
    clerkUser,
    magistrateA,
    magistrateB,
    agent: () => signIn(ctx.app, clerk.email),

    addSitting: (date: string, overrides: Record<string, unknown> = {}) =>
      services.sittings.create(clerkUser, court.id, sittingInput(date, overrides)),

    addWeekly: async (from: string, to: string, overrides: Record<string, unknown> = {}) => {
      const { date: _date, ...rest } = sittingInput(from, overrides)
      return services.sittings.createSeries(clerkUser, court.id, { ...rest, from, to })
    },

    /** A person on a DRR with monthly review hearings; returns the planned reviews in sequence order. */
    async addCase(name: string, options: { madeOn?: string; months?: number } = {}) {
      const person = await services.cases.createPerson(clerkUser, {
        name,
        dateOfBirth: '1990-05-17',
        crn: nextCrn(),
      })
      const { requirements } = await services.orders.createOrder(clerkUser, {
        personId: person.id,
        courtId: court.id,
        kind: 'community',
        madeOn: options.madeOn ?? '2026-03-02',
        caseReference: `CR-${person.crn}`,
        requirements: [
          {
            kind: 'DRR',
            months: options.months ?? 6,
            reviewIntervalMonths: 1,
            reviewMode: 'hearing',
            residential: false,
            providerOrganisationId: provider.id,
            responsibleOfficerId: officer.id,
            willingToComply: true,
          },
        ],
      })
      return { person, requirement: requirements[0], reviews: requirements[0].reviews }
    },

    /** A requirement's reviews as they are now, in sequence order, still open ones only. */
    async openReviews(requirementId: string) {
      const all = await ctx.repos.reviews.forRequirement(requirementId)
      return all.filter(r => r.status === 'scheduled' || r.status === 'unlisted')
    },
  }
}
