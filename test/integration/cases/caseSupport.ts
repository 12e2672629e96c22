import type request from 'supertest'
import type { Role, CurrentUser } from '../../../server/roles'
import { signIn, type TestContext } from '../../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../../support/factories'
import { decode, errorSummary } from '../../support/html'

export { decode, errorSummary }

export type Agent = ReturnType<typeof request.agent>

// Each test file has its own database, so counting up from anywhere gives CRNs no other test in the file uses.
let nextCrn = 100000 + Math.floor(Math.random() * 800000)

/** A CRN no other test in this file uses: a letter and 6 digits. */
export function uniqueCrn(): string {
  nextCrn += 1
  return `X${nextCrn}`
}

export async function signInAs(ctx: TestContext, role: Role, options: Parameters<typeof makeUser>[2] = {}) {
  const user = await makeUser(ctx.services, role, options)
  return { user, agent: await signIn(ctx.app, user.email) }
}

export async function currentUser(ctx: TestContext, id: string): Promise<CurrentUser> {
  const user = await ctx.services.auth.currentUser(id)
  if (!user) throw new Error(`no current user ${id}`)
  return user
}

export async function clerkUser(ctx: TestContext): Promise<CurrentUser> {
  return currentUser(ctx, (await makeUser(ctx.services, 'clerk')).id)
}

/** Inline error messages (GOV.UK error-message component), by the id of the field they describe. */
export function inlineErrors(html: string): Record<string, string> {
  return Object.fromEntries(
    [
      ...html.matchAll(
        /<p id="([^"]+)-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span>([^<]*)<\/p>/g,
      ),
    ].map(m => [m[1], decode(m[2].trim())]),
  )
}

/** A person recorded straight through the service. */
export async function makePerson(
  ctx: TestContext,
  clerk: CurrentUser,
  overrides: { name?: string; crn?: string; pnc?: string | null; dateOfBirth?: string } = {},
) {
  return ctx.services.cases.createPerson(clerk, {
    name: overrides.name ?? 'Sam Person',
    dateOfBirth: overrides.dateOfBirth ?? '1990-05-17',
    crn: overrides.crn ?? uniqueCrn(),
    pnc: overrides.pnc ?? null,
  })
}

/** The people an order needs: a court, a provider organisation and a responsible officer. */
export async function makeOrderParties(ctx: TestContext) {
  const court = await makeCourt(ctx.services)
  const provider = await makeOrganisation(ctx.services, 'provider')
  const officer = await makeUser(ctx.services, 'probation')
  return { court, provider, officer }
}

/** An order with one DRR, recorded straight through the service. */
export async function makeOrder(
  ctx: TestContext,
  clerk: CurrentUser,
  personId: string,
  parties: { court: { id: string }; provider: { id: string }; officer: { id: string } },
  overrides: { months?: number; reviewIntervalMonths?: number | null; madeOn?: string; psrText?: string } = {},
) {
  return ctx.services.orders.createOrder(clerk, {
    personId,
    courtId: parties.court.id,
    kind: 'community',
    madeOn: overrides.madeOn ?? '2026-03-02',
    caseReference: `CR${Math.floor(Math.random() * 1e8)}`,
    psrText: overrides.psrText ?? null,
    requirements: [
      {
        kind: 'DRR',
        months: overrides.months ?? 6,
        reviewIntervalMonths: overrides.reviewIntervalMonths === undefined ? 1 : overrides.reviewIntervalMonths,
        reviewMode: 'hearing',
        residential: false,
        providerOrganisationId: parties.provider.id,
        responsibleOfficerId: parties.officer.id,
        willingToComply: true,
      },
    ],
  })
}
