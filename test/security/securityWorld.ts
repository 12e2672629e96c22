import request from 'supertest'
import { apiToken, csrfFrom, signIn, type TestContext } from '../support/testApp'
import { makeCourt, makeOrganisation, makeUser } from '../support/factories'
import { toCurrentUser } from '../../server/services/authService'
import { SMALL_PDF, type Side } from './securityObjects'

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

/**
 * Two sides that share nothing a scoped user may see across: each has its own court, probation
 * officer (in their own organisation), treatment provider organisation, magistrate sitting in
 * that court, a sitting with that magistrate on the bench, a person with a hearing review in it
 * (report submitted, provider's update, a drug test, a PSR), a person reviewed on paper, and a
 * held review with an outcome. Clerks and admins see both sides, as DESIGN.md says.
 */
export async function makeSecurityWorld(ctx: TestContext): Promise<{ a: Side; b: Side }> {
  const { services, app } = ctx
  const clerk = await makeUser(services, 'clerk')
  const admin = await makeUser(services, 'admin')
  const clerkToken = await apiToken(app, clerk.email)
  const clerkAgent = await signIn(app, clerk.email)

  async function api(token: string, method: 'post' | 'put', path: string, body: object, expected: number) {
    const res = await request(app)[method](`/api/v1${path}`).set(bearer(token)).send(body)
    if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
    return res.body
  }

  async function side(label: string): Promise<Side> {
    const court = await makeCourt(services, { name: `Court of side ${label}` })
    const probationOrg = await makeOrganisation(services, 'probation')
    const providerOrg = await makeOrganisation(services, 'provider')
    const officer = await makeUser(services, 'probation', { organisationId: probationOrg.id })
    const provider = await makeUser(services, 'provider', { organisationId: providerOrg.id })
    const magistrate = await makeUser(services, 'sentencer', { courtIds: [court.id] })
    const spareUser = await makeUser(services, 'probation', { organisationId: probationOrg.id })
    const spareOrg = await makeOrganisation(services, 'provider')
    const officerToken = await apiToken(app, officer.email)
    const providerToken = await apiToken(app, provider.email)

    const sitting = await api(
      clerkToken,
      'post',
      `/courts/${court.id}/sittings`,
      {
        date: '2026-04-07',
        startTime: '10:00',
        courtroom: '1',
        capacity: 8,
        slotMinutes: 20,
        benchUserIds: [magistrate.id],
      },
      201,
    )
    const held = await api(
      clerkToken,
      'post',
      `/courts/${court.id}/sittings`,
      {
        date: '2026-02-27',
        startTime: '10:00',
        courtroom: '2',
        capacity: 8,
        slotMinutes: 20,
        benchUserIds: [magistrate.id],
      },
      201,
    )
    let crn = 0
    const order = async (name: string, madeOn: string) => {
      crn += 1
      const person = await api(
        clerkToken,
        'post',
        '/people',
        { name, dateOfBirth: '1990-05-17', crn: `${label}${String(100000 + crn)}`, pnc: null },
        201,
      )
      const body = await api(
        clerkToken,
        'post',
        '/orders',
        {
          personId: person.id,
          courtId: court.id,
          kind: 'community',
          madeOn,
          caseReference: `SEC-${label}-${crn}`,
          requirements: [
            {
              kind: 'DRR',
              months: 6,
              reviewIntervalMonths: 1,
              residential: false,
              providerOrganisationId: providerOrg.id,
              responsibleOfficerId: officer.id,
            },
          ],
        },
        201,
      )
      const requirement = body.requirements[0] as { id: string; reviews: { id: string; sittingId: string | null }[] }
      return { person, orderId: body.order.id as string, requirement }
    }

    // Made before today (2 March 2026), so a test can be dated on its day (never before the order, never in the future).
    const hearing = await order(`Hearing Person ${label}`, '2026-02-23')
    const review = hearing.requirement.reviews.find(r => r.sittingId === sitting.id)
    if (!review) throw new Error(`side ${label}: no review listed in the sitting`)
    await api(
      officerToken,
      'put',
      `/reviews/${review.id}/report`,
      {
        attendance: 'Attended.',
        engagement: 'Engaged.',
        treatment: 'Stable.',
        testing: 'Negative.',
        recommendation: 'continue',
        submit: true,
      },
      200,
    )
    await api(
      providerToken,
      'put',
      `/reviews/${review.id}/provider-update`,
      { treatmentView: 'Going well.', appointmentsOffered: 4, appointmentsKept: 4 },
      200,
    )
    // The person's own words for the review (issue 23), taken down by their officer.
    await api(officerToken, 'put', `/reviews/${review.id}/statement`, { text: 'It has been a hard month.' }, 200)
    const drugTest = await api(
      providerToken,
      'post',
      `/people/${hearing.person.id}/drug-tests`,
      { takenOn: '2026-03-01', method: 'urine', results: { opiates: 'negative' } },
      201,
    )
    const officerDrugTest = await api(
      officerToken,
      'post',
      `/people/${hearing.person.id}/drug-tests`,
      { takenOn: '2026-03-02', method: 'oral_fluid', results: { cocaine: 'negative' } },
      201,
    )

    // Reviews move to paper only at a hearing that finds progress satisfactory (Sch 9 para 22(6)).
    const paper = await order(`Paper Person ${label}`, '2026-01-26')
    const paperHearing = paper.requirement.reviews.find(r => r.sittingId === held.id)
    if (!paperHearing) throw new Error(`side ${label}: no paper person's hearing in the past sitting`)
    const toPaper = await api(
      clerkToken,
      'post',
      `/reviews/${paperHearing.id}/outcome`,
      { progress: 'satisfactory', decision: 'continue_paper', benchComments: 'Well done.', attended: true },
      201,
    )
    const paperReview = toPaper.nextReview as { id: string }

    // A review heard yesterday, with its outcome: the only state "change the outcome" answers for.
    const past = await order(`Held Person ${label}`, '2026-01-26')
    const heldReview = past.requirement.reviews.find(r => r.sittingId === held.id)
    if (!heldReview) throw new Error(`side ${label}: no review listed in the past sitting`)
    await api(
      clerkToken,
      'post',
      `/reviews/${heldReview.id}/outcome`,
      { progress: 'good', decision: 'continue_hearing', benchComments: 'Keep going.', attended: true },
      201,
    )

    // A hearing in the past sitting that the person missed: the court issued a warrant (Sch 10 para 8).
    const absent = await order(`Absent Person ${label}`, '2026-01-26')
    const missed = absent.requirement.reviews.find(r => r.sittingId === held.id)
    if (!missed) throw new Error(`side ${label}: no absent person's review in the past sitting`)
    const issued = await api(
      clerkToken,
      'post',
      `/reviews/${missed.id}/non-attendance`,
      { action: 'warrant', bail: true },
      201,
    )
    const warrant = issued.warrant as { id: string }
    const laid = await api(
      officerToken,
      'post',
      `/requirements/${absent.requirement.id}/breaches`,
      { failure: 'Did not attend the review hearing', occurredOn: '2026-01-26' },
      201,
    )
    const breach = laid.breach as { id: string }
    const applied = await api(
      officerToken,
      'post',
      `/requirements/${absent.requirement.id}/applications`,
      { kind: 'early_revocation', reason: 'Good progress since the order' },
      201,
    )
    const application = applied.application as { id: string }

    const psrPage = await clerkAgent.get(`/orders/${hearing.orderId}/psr`)
    const psr = await clerkAgent
      .post(`/orders/${hearing.orderId}/psr`)
      .field('_csrf', csrfFrom(psrPage.text))
      .field('psrText', '')
      .attach('file', SMALL_PDF, { filename: 'psr.pdf', contentType: 'application/pdf' })
    if (psr.status !== 303) throw new Error(`side ${label}: PSR upload ${psr.status}`)
    const document = await ctx.db('document').where({ order_id: hearing.orderId }).first()
    if (!document) throw new Error(`side ${label}: no PSR stored`)

    // A colleague of the provider worker who never calls a route in these tests, so nobody revokes it.
    const feedOwner = await makeUser(services, 'provider', { organisationId: providerOrg.id })
    const feed = await services.calendarFeeds.createFeed(toCurrentUser(feedOwner), null)

    // Orders, reports and outcomes queue notices; whichever came first for this side stands for them all.
    const email = await ctx
      .db('email_outbox')
      .whereIn('to_address', [officer.email, provider.email, magistrate.email, feedOwner.email])
      .orderBy('id')
      .first('id')

    return {
      users: { clerk, admin, probation: officer, provider, sentencer: magistrate },
      objects: {
        court: court.id,
        sitting: sitting.id,
        person: hearing.person.id,
        order: hearing.orderId,
        requirement: hearing.requirement.id,
        review: review.id,
        paperReview: paperReview.id,
        heldReview: heldReview.id,
        document: String(document.id),
        user: spareUser.id,
        organisation: spareOrg.id,
        calendarFeed: feed.token,
        drugTest: drugTest.id as string,
        warrant: warrant.id,
        breach: breach.id,
        application: application.id,
        // None until notices are queued: a route naming one then fails in fill(), never skipped.
        email: email ? String(email.id) : '',
      },
      officerDrugTest: officerDrugTest.id as string,
      words: [
        court.name,
        ...[hearing, paper, past, absent].flatMap(o => [o.person.name as string, o.person.crn as string]),
      ],
    }
  }

  return { a: await side('A'), b: await side('B') }
}
