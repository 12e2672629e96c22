import { z } from 'zod'
import { ADJUSTMENT_CODES, type AccessNeedsRow, type AdjustmentCode } from '../../data/accessNeedsRepository'

export { ADJUSTMENT_CODES }
import { ADJUSTMENTS } from '../../content/labels'

// What a person needs to take part in their hearings (issue 23). The court must make reasonable
// adjustments for a disabled person (Equality Act 2010 ss.20, 29), and a person who does not understand
// or speak English has the free assistance of an interpreter (ECHR art 6(3)(e), Human Rights Act 1998 Sch 1).

/** A language's name: letters, spaces and a few marks ("Polish", "British Sign Language (BSL)"). */
const LANGUAGE = /^[\p{L}\p{M}][\p{L}\p{M} '’(),.-]*$/u

const blankToNull = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null)

export const accessNeedsInput = z
  .object({
    interpreterLanguage: z
      .string({ error: 'Interpreter language must be text, or null when no interpreter is needed' })
      .trim()
      .max(60, { error: 'Interpreter language must be 60 characters or fewer' })
      .refine(v => v === '' || LANGUAGE.test(v), {
        error: 'Interpreter language must be the name of a language, like Polish or British Sign Language',
      })
      .nullable()
      .optional()
      .transform(blankToNull),
    adjustments: z
      .array(
        z.enum(ADJUSTMENT_CODES, {
          error: 'Adjustments must each be step_free, hearing_loop, breaks, easy_read or other',
        }),
        { error: 'Adjustments must be a list (empty when none are needed)' },
      )
      .transform(codes => ADJUSTMENT_CODES.filter(c => codes.includes(c))),
    notes: z
      .string({ error: 'Notes must be text' })
      .trim()
      .max(500, { error: 'Notes must be 500 characters or fewer' })
      .nullable()
      .optional()
      .transform(blankToNull),
    literacySupport: z.boolean({ error: 'literacySupport must be true or false' }).optional().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.adjustments.includes('other') && !v.notes)
      ctx.addIssue({ code: 'custom', path: ['notes'], message: 'Describe the other adjustment the person needs' })
  })

export type AccessNeedsInput = z.output<typeof accessNeedsInput>

export interface NeedTag {
  text: string
  colour: 'blue' | 'orange' | 'grey' | 'purple'
  /** The interpreter is needed and not booked for this hearing. */
  warning?: boolean
}

type Needs = Pick<AccessNeedsRow, 'interpreterLanguage' | 'adjustments' | 'literacySupport'>

/**
 * The tags the court list, the pack's cover and the person page show: "Interpreter: Polish (not booked)",
 * "Step-free access", "Literacy support". `booked` is the hearing's booking (undefined: no hearing in view).
 */
export function needTags(needs: Needs | null | undefined, booked?: boolean): NeedTag[] {
  if (!needs) return []
  const tags: NeedTag[] = []
  if (needs.interpreterLanguage) {
    const state = booked === undefined ? '' : booked ? ' (booked)' : ' (not booked)'
    tags.push({
      text: `Interpreter: ${needs.interpreterLanguage}${state}`,
      colour: booked === false ? 'orange' : 'blue',
      ...(booked === false ? { warning: true } : {}),
    })
  }
  for (const code of needs.adjustments) tags.push({ text: ADJUSTMENTS[code] ?? code, colour: 'blue' })
  if (needs.literacySupport) tags.push({ text: 'Literacy support', colour: 'blue' })
  return tags
}

/** Whether the person needs anything at all. */
export const hasNeeds = (needs: Needs | null | undefined): boolean => needTags(needs).length > 0

/** The codes a form or request may name, each once. */
export const adjustmentSet = (codes: readonly string[]): AdjustmentCode[] =>
  ADJUSTMENT_CODES.filter(c => codes.includes(c))
