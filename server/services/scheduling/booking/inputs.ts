import { z } from 'zod'
import type { ReviewRepository } from '../../../data/reviewRepository'
import type { SittingRow } from '../../../data/sittingRepository'
import { formatDate } from '../../../utils/dates'
import { text } from '../../validation'

/** What the clerk sends to move, vacate or adjourn a review: always a reason and the version they saw. */
export const moveInput = z.object({
  sittingId: z.string({ error: 'Choose a sitting' }).min(1, { error: 'Choose a sitting' }),
  reason: text('a reason', 500),
  version: z.number({ error: 'Send the version of the review you are changing' }).int(),
})
export const vacateInput = z.object({
  reason: text('a reason', 500),
  version: z.number({ error: 'Send the version of the review you are changing' }).int(),
})
export const adjournInput = z.object({
  sittingId: z.string().min(1).optional(),
  reason: text('a reason', 500),
  version: z.number({ error: 'Send the version of the review you are changing' }).int(),
})

/** A review as `parseForRecord` asks after it: bad input for a review that does not exist is a 404. */
export const reviewRecord = (reviews: ReviewRepository, id: string) => ({
  exists: async () => (await reviews.find(id)) !== null,
  notFound: 'Review not found',
})

export const STALE_REVIEW =
  'This review was changed by someone else since you opened it. Reload it to see the change, then try again.'

export const fullMessage = (s?: SittingRow | null) =>
  s
    ? `That sitting is now full: ${s.capacity === 1 ? 'its only place' : `all ${s.capacity} places`} on ${formatDate(s.date)} ${s.capacity === 1 ? 'is' : 'are'} booked. Choose another sitting.`
    : 'That sitting is now full. Choose another sitting.'
