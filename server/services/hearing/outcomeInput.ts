import { z } from 'zod'
import type { OutcomeRow } from '../../data/outcomeRepository'
import { ValidationError } from '../../errors'
import { toLocalIso } from '../../utils/dates'
import { DECISIONS, PROGRESS } from './outcomeRules'
import { textLength } from '../progress/reportContent'
import { RESPONSE_MAX } from '../person/statementRules'

/** What the clerk records for a review (API.md, outcomes), and the outcome as the API gives it. */
/** The most the bench's words or the amendment may hold (the form's character count shows it). */
export const OUTCOME_TEXT_MAX = 10000
/** The most a correction's reason may hold. */
export const OUTCOME_REASON_MAX = 500

export const outcomeInput = z.object({
  attended: z.boolean({ error: 'Select whether the person attended' }),
  progress: z.enum(PROGRESS, { error: 'Select the person’s progress: good, satisfactory or poor' }),
  decision: z.enum(DECISIONS, { error: 'Select the court’s decision' }),
  // The bench's own words to the person: kept exactly as written.
  benchComments: z
    .string({ error: 'The bench’s words to the person must be text' })
    .refine(s => textLength(s) <= OUTCOME_TEXT_MAX, {
      error: `The bench’s words to the person must be ${OUTCOME_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`,
    })
    .optional()
    .nullable(),
  amendment: z
    .string({ error: 'The amendment must be text' })
    .refine(s => textLength(s) <= OUTCOME_TEXT_MAX, {
      error: `The amendment must be ${OUTCOME_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`,
    })
    .optional()
    .nullable(),
  consentToAmendment: z.boolean({ error: 'Say whether the person consents to the amendment' }).optional().nullable(),
  // Who sat (the bench present, not only the rota): the measure of continuity. Default: the rostered bench.
  benchUserIds: z
    .array(z.string({ error: 'Each member of the bench must be a user id' }).min(1), {
      error: 'Who sat must be a list of user ids',
    })
    .min(1, { error: 'Select who sat: at least one magistrate or judge' })
    .max(12, { error: 'Select at most 12 members of the bench' })
    .optional()
    .nullable(),
  // The hearing the person must attend after a review without a hearing (Sch 9 para 22(7)).
  attendSittingId: z.string({ error: 'Choose the sitting the person must attend' }).min(1).optional().nullable(),
  // The bench's response to the person's own words (issue 23): only when they gave some.
  statementResponse: z
    .string({ error: 'The bench’s response to their words must be text' })
    .trim()
    .refine(s => textLength(s) <= RESPONSE_MAX, {
      error: `The bench’s response to their words must be ${RESPONSE_MAX.toLocaleString('en-GB')} characters or fewer`,
    })
    .optional()
    .nullable(),
})
export type OutcomeInput = z.output<typeof outcomeInput>

/** The outcome as API.md gives it. */
export const apiOutcome = (o: OutcomeRow) => ({
  id: o.id,
  reviewId: o.reviewId,
  attended: o.attended,
  progress: o.progress,
  decision: o.decision,
  benchComments: o.benchComments,
  amendment: o.amendment,
  consentToAmendment: o.consentToAmendment,
  benchUserIds: o.benchUserIds,
  recordedAt: toLocalIso(o.recordedAt),
  version: o.version,
})

/** The amendment's words are needed when the decision is to amend, and kept only then. */
export function normalise(data: OutcomeInput): OutcomeInput {
  if (data.decision !== 'amend') return { ...data, amendment: null, consentToAmendment: null }
  const amendment = data.amendment?.trim() ?? ''
  if (!amendment) throw new ValidationError([{ field: 'amendment', message: 'Enter the amendment the court made' }])
  return { ...data, amendment }
}
