import { z } from 'zod'
import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { apiNonAttendance, apiWarrant, nonAttendanceInput } from '../../services/enforcement/nonAttendanceService'
import { executeInput, withdrawInput, WARRANT_STATUSES } from '../../services/enforcement/warrantService'
import { parse } from '../../services/validation'
import { apiBreach, breachInput, breachOutcomeInput } from '../../services/enforcement/breachService'
import { amendmentInput, apiAmendment, plannedReview } from '../../services/enforcement/amendmentService'
import {
  apiApplication,
  applicationDecisionInput,
  applicationInput,
} from '../../services/enforcement/applicationService'

const warrantQuery = z.object({
  status: z.enum(WARRANT_STATUSES, { error: 'status must be open, executed or withdrawn' }).optional(),
})

/** API.md, "Enforcement": non-attendance at a review hearing, and warrants (Sentencing Act 2020 Sch 10 para 8). */
export function enforcementApi(api: DeclareApi, services: Services) {
  const { nonAttendance, warrants, breaches, applications, amendments, listing } = services
  const hearingOut = async (row: Parameters<typeof listing.apiReviews>[0][number] | null) =>
    row ? (await listing.apiReviews([row]))[0] : undefined

  api(
    {
      method: 'post',
      path: '/reviews/:id/non-attendance',
      access: ['clerk'],
      summary:
        'The person did not attend a review hearing (Sentencing Act 2020 Sch 9 para 21(2)(c)): what the court did. adjourn and summons list a hearing in the sitting given (sittingId; no one-month floor) and re-chain the later reviews from it; warrant (bail true or false) opens a warrant (Sch 10 para 8(2)(b)). 422 before the hearing’s date, for a review without a hearing or one not listed; 409 when already recorded',
      body: nonAttendanceInput,
      status: 201,
    },
    async (req, res) => {
      const { event, hearing, warrant } = await nonAttendance.record(req.user!, req.params.id, req.body)
      res.status(201).json({
        event: apiNonAttendance(event),
        hearing: await hearingOut(hearing),
        warrant: warrant ? apiWarrant(warrant) : undefined,
      })
    },
  )

  api(
    {
      method: 'get',
      path: '/warrants',
      access: ['clerk'],
      summary: 'Warrants issued when a person did not attend, oldest first; ?status=open|executed|withdrawn',
      query: warrantQuery,
    },
    async (req, res) => {
      const { status } = parse(warrantQuery, req.query)
      res.json((await warrants.list(req.user!, { status })).map(apiWarrant))
    },
  )

  api({ method: 'get', path: '/warrants/:id', access: ['clerk'], summary: 'One warrant' }, async (req, res) => {
    res.json(apiWarrant(await warrants.find(req.user!, req.params.id)))
  })

  api(
    {
      method: 'post',
      path: '/warrants/:id/executed',
      access: ['clerk'],
      summary:
        'The warrant executed (executedOn, on or after it was issued and not in the future): the return hearing is listed in the sitting given (sittingId) and the later reviews re-chain from it. 409 if the warrant is not open',
      body: executeInput,
      status: 201,
    },
    async (req, res) => {
      const { warrant, hearing } = await warrants.execute(req.user!, req.params.id, req.body)
      res.status(201).json({ warrant: apiWarrant(warrant), hearing: await hearingOut(hearing) })
    },
  )

  api(
    {
      method: 'post',
      path: '/warrants/:id/withdrawn',
      access: ['clerk'],
      summary: 'The warrant withdrawn, with a reason. 409 if the warrant is not open',
      body: withdrawInput,
    },
    async (req, res) => {
      res.json(apiWarrant(await warrants.withdraw(req.user!, req.params.id, req.body)))
    },
  )

  api(
    {
      method: 'post',
      path: '/requirements/:id/breaches',
      access: ['probation'],
      summary:
        'An officer lays a breach of their own case before the review court (Sentencing Act 2020 Sch 10 para 1): the requirement is in breach proceedings, the order stays live and its reviews stay listed; the breach is heard at the next review hearing (one on paper becomes a hearing). 422 on an ended requirement or a failure dated in the future or before the order',
      body: breachInput,
      status: 201,
    },
    async (req, res) => {
      const { breach, hearing } = await breaches.lay(req.user!, req.params.id, req.body)
      res.status(201).json({ breach: apiBreach(breach), hearing: await hearingOut(hearing) })
    },
  )

  api(
    {
      method: 'post',
      path: '/breaches/:id/outcome',
      access: ['clerk'],
      summary:
        'The court’s decision on a breach, from the day of its hearing: proved or not, and the power used: for a community order fine (fineAmount, at most 2500 pounds), amend_more_onerous or revoke_resentence (Sch 10 para 10(5)); for a suspended sentence order activate_in_full, activate_lesser_term, fine, amend_sso or no_order (Sch 16 para 13); not_proved when proved is false. Re-sentencing or activation closes the requirement and vacates its later reviews. 409 when already decided',
      body: breachOutcomeInput,
      status: 201,
    },
    async (req, res) => {
      res.status(201).json(apiBreach(await breaches.decide(req.user!, req.params.id, req.body)))
    },
  )

  api(
    {
      method: 'post',
      path: '/requirements/:id/applications',
      access: ['probation'],
      summary:
        'The responsible officer (own case) applies to the review court outside a review: kind amend (Sentencing Act 2020 Sch 10 para 18; Sch 16 Part 3) or early_revocation for good progress (Sch 10 para 14; Sch 16 para 22), with a reason and, optionally, the change proposed. Only the offender or an officer of a provider of probation services may apply (Sch 10 paras 14(1), 18(1); Sch 16 para 22(1)): a treatment provider gets 403. Heard at the next review hearing (one on paper becomes a hearing). 422 on an ended requirement',
      body: applicationInput,
      status: 201,
    },
    async (req, res) => {
      const { application, hearing } = await applications.make(req.user!, req.params.id, req.body)
      res.status(201).json({ application: apiApplication(application), hearing: await hearingOut(hearing) })
    },
  )

  api(
    {
      method: 'post',
      path: '/applications/:id/decision',
      access: ['clerk'],
      summary:
        'The court’s decision on an application, from the day of its hearing: granted or not, with comments. Early revocation granted ends the requirement as completed early and vacates its later reviews; an amendment granted is recorded as decided (the clerk records the amendment itself). 422 before the hearing, 409 when already decided',
      body: applicationDecisionInput,
      status: 201,
    },
    async (req, res) => {
      res.status(201).json(apiApplication(await applications.decide(req.user!, req.params.id, req.body)))
    },
  )

  const dryRunQuery = z.object({
    dryRun: z.enum(['true', 'false'], { error: 'dryRun must be true or false' }).optional(),
  })
  api(
    {
      method: 'post',
      path: '/requirements/:id/amendments',
      access: ['clerk'],
      summary:
        'A structured amendment (Sentencing Act 2020 Sch 9 paras 21-22): months, reviewIntervalMonths, providerOrganisationId, residential or responsibleCourtId (a magistrates’ court, Sch 9 para 21(5)), with the reason and the person’s consent (422 without it, para 22(3)(a)); the later reviews are re-planned (on the new court’s sittings after a transfer). ?dryRun=true answers 200 with the re-plan and stores nothing',
      body: amendmentInput,
      query: dryRunQuery,
      status: 201,
    },
    async (req, res) => {
      const { dryRun } = parse(dryRunQuery, req.query)
      const result = await amendments.amend(req.user!, req.params.id, req.body, { dryRun: dryRun === 'true' })
      if (result.dryRun) {
        res
          .status(200)
          .json({ amendment: apiAmendment(result.amendment), reviews: result.reviews.map(plannedReview), dryRun: true })
        return
      }
      res
        .status(201)
        .json({ amendment: apiAmendment(result.amendment), reviews: await listing.apiReviews(result.reviews) })
    },
  )
}
