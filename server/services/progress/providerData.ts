import { z } from 'zod'
import { isIsoDate } from '../../utils/dates'
import { optionalText } from '../validation'

// The words, input schemas and CSV format of provider updates and drug tests: no database here.

// API.md "Enumerations": the same words in pages, API and database.
export const METHODS = ['oral_fluid', 'urine', 'hair', 'breath'] as const
export const SUBSTANCES = [
  'opiates',
  'cocaine',
  'cannabis',
  'benzodiazepines',
  'amphetamines',
  'methadone',
  'buprenorphine',
  'alcohol',
  'other',
] as const
export const RESULTS = ['negative', 'positive', 'positive_prescribed', 'refused', 'missed', 'tampered'] as const

/** The words people read for each enumeration, the same on every page, in packs and exports. */
export const SUBSTANCE_NAMES: Record<string, string> = {
  opiates: 'Opiates',
  cocaine: 'Cocaine',
  cannabis: 'Cannabis',
  benzodiazepines: 'Benzodiazepines',
  amphetamines: 'Amphetamines',
  methadone: 'Methadone',
  buprenorphine: 'Buprenorphine',
  alcohol: 'Alcohol',
  other: 'Other',
}
export const METHOD_NAMES: Record<string, string> = {
  oral_fluid: 'Oral fluid',
  urine: 'Urine',
  hair: 'Hair',
  breath: 'Breath',
}
export const RESULT_NAMES: Record<string, string> = {
  negative: 'Negative',
  positive: 'Positive',
  positive_prescribed: 'Positive (prescribed)',
  refused: 'Refused',
  missed: 'Missed',
  tampered: 'Tampered',
}
export const substanceName = (s: string): string => SUBSTANCE_NAMES[s] ?? s

export type Method = (typeof METHODS)[number]
export type Substance = (typeof SUBSTANCES)[number]
export type Result = (typeof RESULTS)[number]
export type Results = Partial<Record<Substance, Result>>

export const CSV_COLUMNS = ['crn', 'taken_on', 'method', ...SUBSTANCES, 'other_substance'] as const
export const MAX_UPLOAD_ROWS = 5000
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024

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

export interface DrugTest {
  id: string
  personId: string
  takenOn: string
  method: Method
  results: Results
  otherSubstance: string | null
  organisationId: string | null
  enteredBy: string
  uploadId: string | null
  createdAt: string
}

export interface ProviderUpdate {
  id: string
  reviewId: string
  organisationId: string
  authorId: string
  treatmentView: string | null
  engagement: string | null
  appointmentsOffered: number | null
  appointmentsKept: number | null
  createdAt: string
  updatedAt: string
  version: number
}

/** A row accepted at preview, as kept between preview and confirm. */
export interface UploadRow {
  line: number
  personId: string
  crn: string
  name: string
  takenOn: string
  method: Method
  results: Results
  otherSubstance: string | null
}

export interface UploadPreview {
  /** Names this preview; confirm must present it, so an old preview cannot be confirmed twice. */
  token: string
  accepted: UploadRow[]
  rejected: { line: number; crn: string; reason: string }[]
}

export type Raw = Record<string, unknown>

/** Results in one fixed key order, so the same results always serialise the same way. */
export function canonicalResults(results: Results): Results {
  const out: Results = {}
  for (const s of SUBSTANCES) if (results[s]) out[s] = results[s]
  return out
}

export const toDrugTest = (r: Raw): DrugTest => ({
  id: r.id as string,
  personId: r.person_id as string,
  takenOn: r.taken_on as string,
  method: r.method as Method,
  results: canonicalResults(JSON.parse(r.results as string) as Results),
  otherSubstance: (r.other_substance as string) ?? null,
  organisationId: (r.organisation_id as string) ?? null,
  enteredBy: r.entered_by as string,
  uploadId: (r.upload_id as string) ?? null,
  createdAt: r.created_at as string,
})

export const toUpdate = (r: Raw): ProviderUpdate => ({
  id: r.id as string,
  reviewId: r.review_id as string,
  organisationId: r.organisation_id as string,
  authorId: r.author_id as string,
  treatmentView: (r.treatment_view as string) ?? null,
  engagement: (r.engagement as string) ?? null,
  appointmentsOffered: r.appointments_offered === null ? null : Number(r.appointments_offered),
  appointmentsKept: r.appointments_kept === null ? null : Number(r.appointments_kept),
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  version: Number(r.version),
})

/** What makes two tests the same test: one person, day, method, and the same results. */
export const testKey = (t: {
  personId: string
  takenOn: string
  method: string
  results: Results
  otherSubstance: string | null
}) => JSON.stringify([t.personId, t.takenOn, t.method, canonicalResults(t.results), t.otherSubstance ?? ''])

/**
 * RFC 4180: comma-separated, fields optionally in double quotes with "" for a quote, CRLF or LF
 * line ends, an optional final line end. Returns the records, or the reason the file is not CSV.
 */
export function parseCsv(text: string): { rows: string[][] } | { error: string } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let wasQuoted = false
  let line = 1
  for (let i = 0; i < src.length; i += 1) {
    const c = src[i]
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"'
          i += 1
        } else quoted = false
      } else {
        if (c === '\n') line += 1
        field += c
      }
    } else if (c === '"') {
      if (field !== '' || wasQuoted) return { error: `Line ${line} has a quote mark inside a cell that is not quoted` }
      quoted = true
      wasQuoted = true
    } else if (c === ',') {
      row.push(field)
      field = ''
      wasQuoted = false
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i += 1
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      wasQuoted = false
      line += 1
    } else {
      if (wasQuoted) return { error: `Line ${line} has text after a quoted cell` }
      field += c
    }
  }
  if (quoted) return { error: 'The file ends inside a quoted cell' }
  if (field !== '' || wasQuoted || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return { rows }
}

// A cell a spreadsheet would run as a formula (OWASP "CSV injection"): written with a leading apostrophe.
const FORMULA = /^[=+\-@\t\r]/

export function csvCell(value: string | null | undefined): string {
  let v = value ?? ''
  if (FORMULA.test(v)) v = `'${v}`
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

export const csvLine = (cells: (string | null | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`

/** A template to fill in: the header only, so nothing in it is uploaded by mistake. */
export const csvTemplate = (): string => csvLine([...CSV_COLUMNS])

const word = (v: string) =>
  v
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** `YYYY-MM-DD`, or the day/month/year a spreadsheet writes in the UK. */
function readDate(v: string): string | null {
  const t = v.trim()
  if (isIsoDate(t) && /^\d{4}-\d{2}-\d{2}$/.test(t)) return t
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)
  if (!m) return null
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

type CellCheck = { row: Omit<UploadRow, 'personId' | 'name'> } | { reason: string }

/**
 * One data row's cells, checked on their own (people, the order's end and duplicates are checked
 * against the database after).
 */
export function checkCells(cells: string[], line: number): CellCheck {
  if (cells.length !== CSV_COLUMNS.length)
    return { reason: `Has ${cells.length} cells; each row needs ${CSV_COLUMNS.length}` }
  const cell = (name: (typeof CSV_COLUMNS)[number]) => cells[CSV_COLUMNS.indexOf(name)]
  const crn = cell('crn').trim().toUpperCase()
  if (!crn) return { reason: 'Enter the CRN' }
  const takenOn = readDate(cell('taken_on'))
  if (!takenOn) return { reason: `Date taken "${cell('taken_on')}" must be a real date, like 2026-04-07` }
  const method = word(cell('method'))
  if (!(METHODS as readonly string[]).includes(method))
    return { reason: `Method "${cell('method')}" must be one of ${METHODS.join(', ')}` }
  const results: Results = {}
  for (const s of SUBSTANCES) {
    const raw = cell(s)
    if (raw.trim() === '') continue
    const value = word(raw)
    if (!(RESULTS as readonly string[]).includes(value))
      return { reason: `Result "${raw}" for ${s} must be one of ${RESULTS.join(', ')}, or blank` }
    results[s] = value as Result
  }
  if (Object.keys(results).length === 0) return { reason: 'Enter a result for at least one substance' }
  // Kept exactly as typed (a formula-looking name included): it is only ever shown escaped or exported quoted.
  const otherSubstance = cell('other_substance').trim() || null
  if (results.other && !otherSubstance) return { reason: 'Enter the name of the other substance in other_substance' }
  if (!results.other && otherSubstance) return { reason: 'other_substance is named but other has no result' }
  if (otherSubstance && otherSubstance.length > 100)
    return { reason: 'other_substance must be 100 characters or fewer' }
  return { row: { line, crn, takenOn, method: method as Method, results, otherSubstance } }
}
