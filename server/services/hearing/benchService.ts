import { z } from 'zod'
import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { BenchNoteRepository, BenchNoteRow } from '../../data/benchNoteRepository'
import type { CaseRepository } from '../../data/caseRepository'
import type { ReferenceRepository } from '../../data/referenceRepository'
import type { ReviewRepository } from '../../data/reviewRepository'
import type { SittingRepository } from '../../data/sittingRepository'
import { NotFoundError } from '../../errors'
import { newId } from '../../utils/ids'
import { addCalendarMonths, todayIn } from '../../utils/dates'
import { parse } from '../validation'

export const MY_SITTINGS_MONTHS = 3
export const NOTE_MAX = 5000
const noteInput = z.object({
  text: z
    .string({ error: 'Enter the note' })
    .trim()
    .min(1, { error: 'Enter the note' })
    .max(NOTE_MAX, { error: `The note must be ${NOTE_MAX} characters or fewer` }),
})

export type BenchNote = BenchNoteRow

// A sentencer's sittings, and bench notes: private to sentencers, every other role refused at the
// route as well as here.
export function createBenchService(deps: {
  uow: UnitOfWork
  clock: Clock
  /** The audit trail: every read and change of case data is recorded. */
  audit: Pick<AuditTrail, 'record' | 'viewed'>
  benchNotes: BenchNoteRepository
  cases: CaseRepository
  reviews: ReviewRepository
  sittings: SittingRepository
  reference: ReferenceRepository
}) {
  const { uow, clock, audit, benchNotes, reviews, sittings, reference, cases } = deps
  const now = () => clock.now().toISOString()

  const onlySentencers = (user: CurrentUser) => {
    if (user.role !== 'sentencer') throw new NotFoundError('Review not found')
  }

  /** The review a bench note is about, if this sentencer may read and write its notes; else 404. */
  async function noteAccess(user: CurrentUser, reviewId: string) {
    onlySentencers(user)
    const review = await reviews.find(reviewId)
    const requirement = review ? await cases.requirement(review.requirementId) : null
    const order = requirement ? await cases.order(requirement.orderId) : null
    if (!review || !requirement || !order) throw new NotFoundError('Review not found')
    // A review on the papers belongs to its court's sentencers, whatever sitting it was once listed in.
    const sittingId = review.mode === 'paper' ? null : (review.sittingId ?? review.lastSittingId)
    const allowed = sittingId
      ? await sittings.isOnBench(sittingId, user.id)
      : review.mode === 'paper' && user.courtIds.includes(order.courtId)
    if (!allowed) throw new NotFoundError('Review not found')
    const person = await cases.person(order.personId, { kind: 'all' })
    if (!person) throw new NotFoundError('Review not found')
    return { review, person, courtId: order.courtId }
  }

  return {
    /** Upcoming sittings (today to three months ahead) the sentencer sits on, with their courts. */
    async mySittings(user: CurrentUser) {
      if (user.role !== 'sentencer') return []
      const today = todayIn(clock)
      const rows = await sittings.forBenchMember(user.id, today, addCalendarMonths(today, MY_SITTINGS_MONTHS))
      const courts = new Map((await reference.courts()).map(c => [c.id, c.name]))
      return rows.map(s => ({ sitting: s, courtName: courts.get(s.courtId) ?? '' }))
    },

    /** The case's private bench notes, newest first: readable by the bench of the review only. Audited. */
    async notes(user: CurrentUser, reviewId: string) {
      const { review, person } = await noteAccess(user, reviewId)
      const notes = await benchNotes.forPerson(person.id)
      await audit.viewed(user, {
        action: 'view_bench_notes',
        personId: person.id,
        subjectType: 'review',
        subjectId: reviewId,
      })
      return { review, person, notes }
    },

    async addNote(user: CurrentUser, reviewId: string, text: unknown): Promise<BenchNote> {
      const { review, person } = await noteAccess(user, reviewId)
      const data = parse(noteInput, { text })
      const note = { id: newId(), at: now(), text: data.text }
      await uow.run(async tx => {
        await benchNotes.insert({ ...note, personId: person.id, reviewId: review.id, authorId: user.id }, tx)
        await audit.record(
          { userId: user.id, action: 'add_bench_note', subjectType: 'review', subjectId: review.id },
          note.at,
          tx,
        )
      })
      return {
        ...note,
        authorName: user.name,
        reviewId: review.id,
        reviewSequence: review.sequence,
        reviewDate: review.reviewDate,
      }
    },
  }
}

export type BenchService = ReturnType<typeof createBenchService>
