import { z } from 'zod'
import type { HearingDeps } from './deps'
import type { CurrentUser } from '../../roles'
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

export interface BenchNote {
  id: string
  at: string
  text: string
  authorName: string | null
  reviewId: string | null
  reviewSequence: number | null
  reviewDate: string | null
}

type Raw = Record<string, unknown>

// A sentencer's sittings, and bench notes: private to sentencers, every other role refused at the
// route as well as here.
export function createBenchService(deps: HearingDeps) {
  const { db, clock, audit, reviews, sittings, reference, cases } = deps
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
      const rows = (await db('bench_note as n')
        .leftJoin('app_user as u', 'u.id', 'n.author_id')
        .leftJoin('review as r', 'r.id', 'n.review_id')
        .where('n.person_id', person.id)
        .orderBy([
          { column: 'n.at', order: 'desc' },
          { column: 'n.id', order: 'desc' },
        ])
        .select('n.*', 'u.name as author_name', 'r.sequence', 'r.review_date')) as Raw[]
      await audit.record(
        { userId: user.id, action: 'view_bench_notes', subjectType: 'review', subjectId: reviewId },
        now(),
      )
      const notes: BenchNote[] = rows.map(r => ({
        id: String(r.id),
        at: String(r.at),
        text: String(r.text),
        authorName: (r.author_name as string) ?? null,
        reviewId: (r.review_id as string) ?? null,
        reviewSequence: r.sequence === null || r.sequence === undefined ? null : Number(r.sequence),
        reviewDate: (r.review_date as string) ?? null,
      }))
      return { review, person, notes }
    },

    async addNote(user: CurrentUser, reviewId: string, text: unknown): Promise<BenchNote> {
      const { review, person } = await noteAccess(user, reviewId)
      const data = parse(noteInput, { text })
      const note = { id: newId(), at: now(), text: data.text }
      await db.transaction(async trx => {
        await trx('bench_note').insert({ ...note, person_id: person.id, review_id: review.id, author_id: user.id })
        await audit.record(
          { userId: user.id, action: 'add_bench_note', subjectType: 'review', subjectId: review.id },
          note.at,
          trx,
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
