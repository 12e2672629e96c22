import { z } from 'zod'
import { formatDate, isIsoDate } from '../../utils/dates'
import { optionalText } from '../validation'
import { METHODS, RESULTS, SUBSTANCES, type Result, type Substance } from '../../data/drugTestRepository'

// What a provider may write (an update for a review, a drug test), and the words people read for a test.

export {
  METHODS,
  RESULTS,
  SUBSTANCES,
  type DrugTest,
  type Method,
  type Result,
  type Results,
  type Substance,
} from '../../data/drugTestRepository'
export type { ProviderUpdate } from '../../data/providerUpdateRepository'

const count = (label: string) =>
  z
    .number({ error: `Enter the number of ${label}` })
    .int({ error: `The number of ${label} must be a whole number` })
    .min(0, { error: `The number of ${label} must be 0 or more` })
    .max(1000, { error: `The number of ${label} must be 1000 or fewer` })

export const providerUpdateInput = z
  .object({
    treatmentView: z
      .string({ error: 'Enter your view of their treatment' })
      .trim()
      .min(1, { error: 'Enter your view of their treatment' })
      .max(10000, { error: 'Treatment view must be 10000 characters or fewer' }),
    engagement: optionalText('engagement'),
    appointmentsOffered: count('appointments offered'),
    appointmentsKept: count('appointments kept'),
  })
  // Compared only once the number offered is itself valid, so one mistake gives one message.
  .refine(
    u =>
      !(Number.isInteger(u.appointmentsOffered) && u.appointmentsOffered >= 0) ||
      u.appointmentsKept <= u.appointmentsOffered,
    {
      path: ['appointmentsKept'],
      error: 'Appointments kept cannot be more than appointments offered',
    },
  )
export type ProviderUpdateInput = z.input<typeof providerUpdateInput>

const resultsShape = Object.fromEntries(
  SUBSTANCES.map(s => [s, z.enum(RESULTS, { error: `Select a result for ${s} from the list` }).optional()]),
) as Record<Substance, z.ZodOptional<z.ZodEnum<{ [K in Result]: K }>>>

export const drugTestInput = z
  .object({
    takenOn: z
      .string({ error: 'Enter the date the test was taken' })
      .refine(isIsoDate, { error: 'Date taken must be a real date' }),
    method: z.enum(METHODS, { error: 'Select how the sample was taken' }),
    results: z
      .object(resultsShape, { error: 'Enter a result for at least one substance' })
      .strict()
      .refine(r => Object.values(r).some(v => v !== undefined), {
        error: 'Enter a result for at least one substance',
      }),
    otherSubstance: z
      .string({ error: 'Other substance must be text' })
      .trim()
      .max(100, { error: 'Other substance must be 100 characters or fewer' })
      .nullable()
      .optional(),
  })
  .refine(t => !t.results.other || !!t.otherSubstance, {
    path: ['otherSubstance'],
    error: 'Enter the name of the other substance',
  })
  .refine(t => !!t.results.other || !t.otherSubstance, {
    path: ['results', 'other'],
    error: 'Select a result for the other substance, or leave its name blank',
  })
export type DrugTestInput = z.input<typeof drugTestInput>

// A test is dated within the person's order: a date after it ends is a typing mistake. (Dates are
// not checked against today, so a system may send tests in whatever order it records them.)
export const afterOrder = (endsOn: string) => `Date taken must be on or before the order ends on ${formatDate(endsOn)}`
