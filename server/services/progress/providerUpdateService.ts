import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseloadRepository } from '../../data/caseloadRepository'
import type { ProviderUpdate, ProviderUpdateRepository } from '../../data/providerUpdateRepository'
import { NotFoundError } from '../../errors'
import { newId } from '../../utils/ids'
import { parse } from '../validation'
import { providerUpdateInput } from './providerInput'
import { clientRows } from './caseload'
import type { ReviewCaseLoader } from './reviewCase'

/** The provider's side of a review: their clients, and the organisation's update for each review. */
export function createProviderUpdateService(deps: {
  uow: UnitOfWork
  clock: Clock
  audit: AuditTrail
  providerUpdates: ProviderUpdateRepository
  caseload: CaseloadRepository
  reviewCase: ReviewCaseLoader
}) {
  const { uow, clock, audit, providerUpdates, caseload, reviewCase } = deps
  const now = () => clock.now().toISOString()

  /** A review whose requirement is referred to the provider's organisation; anything else is a 404. */
  async function providerReview(user: CurrentUser, reviewId: string) {
    const organisationId = user.role === 'provider' ? user.organisationId : null
    const c = organisationId ? await reviewCase(reviewId, async q => q.providerOrganisationId === organisationId) : null
    if (!c || !organisationId) throw new NotFoundError('Review not found')
    return { ...c, organisationId }
  }

  return {
    /**
     * The provider's home: people with an active requirement referred to the organisation, each with
     * their next open review and whether the organisation's update for it is in. Three queries.
     */
    async clients(user: CurrentUser) {
      const org = user.role === 'provider' ? user.organisationId : null
      if (!org) return []
      const people = await caseload.clients(org)
      const next = await caseload.nextOpenReviews(org)
      const sent = await providerUpdates.sentForOpenReviews(org)
      const rows = clientRows(people, next, sent)
      await audit.listed(user, { action: 'view_clients', people: rows.map(r => r.person.id) })
      return rows
    },

    /** The review and the organisation's update so far, for the update form. */
    async updateFor(user: CurrentUser, reviewId: string) {
      const c = await providerReview(user, reviewId)
      const update = await providerUpdates.find(reviewId, c.organisationId)
      await audit.viewed(user, {
        action: 'view_provider_update',
        personId: c.person.id,
        subjectType: 'review',
        subjectId: c.review.id,
      })
      return { review: c.review, person: c.person, requirement: c.requirement, update }
    },

    /** One update per review per organisation: saving again replaces it (and bumps its version). */
    async saveUpdate(user: CurrentUser, reviewId: string, input: unknown): Promise<ProviderUpdate> {
      const c = await providerReview(user, reviewId)
      const u = parse(providerUpdateInput, input)
      const at = now()
      return uow.run(async tx => {
        const saved = await providerUpdates.save(
          {
            id: newId(),
            reviewId,
            organisationId: c.organisationId,
            authorId: user.id,
            treatmentView: u.treatmentView,
            engagement: u.engagement?.trim() || null,
            appointmentsOffered: u.appointmentsOffered,
            appointmentsKept: u.appointmentsKept,
          },
          at,
          tx,
        )
        await audit.record(
          {
            userId: user.id,
            action: 'provider-update.save',
            subjectType: 'review',
            subjectId: reviewId,
            detail: { version: saved.version },
          },
          at,
          tx,
        )
        return saved
      })
    },
  }
}
