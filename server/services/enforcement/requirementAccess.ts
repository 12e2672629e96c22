import type { CurrentUser } from '../../roles'
import type { CaseRepository } from '../../data/caseRepository'
import type { ReviewRepository, ReviewRow } from '../../data/reviewRepository'
import type { AuditTrail } from '../notify/auditTrail'
import { NotFoundError } from '../../errors'

/**
 * How enforcement pages and services reach a requirement and the records on it (breaches,
 * applications): as the signed-in user may see them (anything else is a 404, never a leak), and every
 * read for a page audited against the person (DPA 2018 s.62).
 */
export function createRequirementAccess(deps: { cases: CaseRepository; reviews: ReviewRepository; audit: AuditTrail }) {
  const { cases, reviews, audit } = deps

  /** The requirement, its order and person; a provider sees only their own organisation's referrals. */
  async function inScope(user: CurrentUser, requirementId: string) {
    const requirement = await cases.requirement(requirementId)
    const order = requirement ? await cases.order(requirement.orderId) : null
    const person = order ? await cases.person(order.personId, await cases.scopeFor(user)) : null
    const ownReferral =
      user.role !== 'provider' || (!!user.organisationId && requirement?.providerOrganisationId === user.organisationId)
    if (!requirement || !order || !person || !ownReferral) throw new NotFoundError('Requirement not found')
    return { requirement, order, person }
  }

  return {
    inScope,

    /** The requirement for a page about it (laying a breach, applying, amending): the read is audited. */
    async forPage(user: CurrentUser, requirementId: string) {
      const found = await inScope(user, requirementId)
      await audit.viewed(user, {
        action: 'view_order',
        personId: found.person.id,
        subjectType: 'order',
        subjectId: found.order.id,
      })
      return found
    },

    /**
     * A record on a requirement (a breach, an application) with its requirement, order, person and the
     * hearing it is heard at, as the user may see them: audited as `view_<kind>`. Unseen is "not found".
     */
    async record<R extends { id: string; requirementId: string; hearingReviewId: string | null }>(
      user: CurrentUser,
      kind: 'breach' | 'application',
      record: R | null,
      notFound: string,
    ): Promise<Awaited<ReturnType<typeof inScope>> & { hearing: ReviewRow | null }> {
      if (!record) throw new NotFoundError(notFound)
      const found = await inScope(user, record.requirementId).catch(() => {
        throw new NotFoundError(notFound)
      })
      const hearing = record.hearingReviewId ? await reviews.find(record.hearingReviewId) : null
      await audit.viewed(user, {
        action: `view_${kind}`,
        personId: found.person.id,
        subjectType: kind,
        subjectId: record.id,
      })
      return { ...found, hearing }
    },
  }
}

export type RequirementAccess = ReturnType<typeof createRequirementAccess>
