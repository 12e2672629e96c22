import type { FieldError } from '../../errors'
import { SUBSTANCES, type Results } from '../../services/progress/providerInput'
import { parseDateParts } from '../../utils/dates'
import { num, str } from '../forms'
import { dateValues, type DateValues } from '../cases/formErrors'

type Body = Record<string, unknown>

/** The provider update form, in page order. */
export const UPDATE_FIELDS = ['treatmentView', 'engagement', 'appointmentsOffered', 'appointmentsKept'] as const

export function parseUpdateForm(body: Body) {
  const values = {
    treatmentView: str(body.treatmentView),
    engagement: str(body.engagement),
    appointmentsOffered: str(body.appointmentsOffered),
    appointmentsKept: str(body.appointmentsKept),
  }
  return {
    input: {
      treatmentView: values.treatmentView,
      engagement: values.engagement,
      appointmentsOffered: num(values.appointmentsOffered),
      appointmentsKept: num(values.appointmentsKept),
    },
    values,
  }
}

/** The drug test form, in page order; `results` (no result at all) is shown on the first substance. */
export const TEST_FIELDS = ['takenOn', 'method', ...SUBSTANCES.map(s => `results.${s}`), 'otherSubstance'] as const
export const fieldOnTestForm = (field: string) => (field === 'results' ? 'results.opiates' : field)

export interface TestFormValues extends Record<string, unknown> {
  takenOn: DateValues
  method: string
  results: Record<string, string>
  otherSubstance: string
}

export function parseTestForm(body: Body): {
  input: Record<string, unknown>
  values: TestFormValues
  errors: FieldError[]
} {
  const taken = dateValues(body.takenOn)
  const parsed = parseDateParts(taken, 'Date taken')
  const raw = (body.results && typeof body.results === 'object' ? body.results : {}) as Record<string, unknown>
  const results: Results = {}
  const shown: Record<string, string> = {}
  for (const s of SUBSTANCES) {
    const v = str(raw[s])
    shown[s] = v
    // "Not tested" is the blank choice: that substance is left out of the results.
    if (v) (results as Record<string, string>)[s] = v
  }
  const values: TestFormValues = {
    takenOn: parsed.errorParts ? { ...taken, errorParts: parsed.errorParts } : taken,
    method: str(body.method),
    results: shown,
    otherSubstance: str(body.otherSubstance),
  }
  return {
    input: {
      takenOn: parsed.date,
      method: values.method || undefined,
      results,
      otherSubstance: values.otherSubstance.trim() || null,
    },
    values,
    errors: parsed.error ? [{ field: 'takenOn', message: parsed.error }] : [],
  }
}
