import type { Raw } from './unitOfWork'

// A drug test's rows as the database holds them, and as services read them.

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

export type Method = (typeof METHODS)[number]
export type Substance = (typeof SUBSTANCES)[number]
export type Result = (typeof RESULTS)[number]
export type Results = Partial<Record<Substance, Result>>

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
  /** Starts at 1; each correction or withdrawal adds one (a change names the version it read). */
  version: number
  /** When the test was last corrected (null if never): the pack marks it "corrected". */
  correctedAt: string | null
  /** When, by whom and why the test was withdrawn (null while it stands): it leaves the pack and charts. */
  withdrawn: { at: string; by: string; reason: string } | null
}

/** A new test: version 1, never corrected or withdrawn. */
export const freshTest = (t: Omit<DrugTest, 'version' | 'correctedAt' | 'withdrawn'>): DrugTest => ({
  ...t,
  version: 1,
  correctedAt: null,
  withdrawn: null,
})

/** One change to a test: the values it had before, and who changed it, when and why. */
export interface DrugTestRevision {
  id: string
  testId: string
  revision: number
  kind: 'corrected' | 'withdrawn'
  takenOn: string
  method: Method
  results: Results
  otherSubstance: string | null
  reason: string
  changedBy: string
  changedByName: string | null
  changedAt: string
}

/** The dates a person's tests may fall between: the earliest live order made, the last order's end. */
export interface OrderSpan {
  madeOn: string
  endsOn: string
}

/** A test as the officer reads it beside the report: with the testing organisation's name. */
export interface TestEvidence {
  id: string
  takenOn: string
  method: string
  results: Record<string, string>
  otherSubstance: string | null
  organisationName: string | null
  corrected: boolean
}

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
  version: Number(r.version ?? 1),
  correctedAt: (r.corrected_at as string) ?? null,
  withdrawn: r.withdrawn_at
    ? { at: String(r.withdrawn_at), by: String(r.withdrawn_by), reason: String(r.withdrawn_reason ?? '') }
    : null,
})

export const toRevision = (r: Raw): DrugTestRevision => ({
  id: String(r.id),
  testId: String(r.test_id),
  revision: Number(r.revision),
  kind: r.kind === 'withdrawn' ? 'withdrawn' : 'corrected',
  takenOn: String(r.taken_on),
  method: r.method as Method,
  results: canonicalResults(JSON.parse(String(r.results)) as Results),
  otherSubstance: (r.other_substance as string) ?? null,
  reason: String(r.reason),
  changedBy: String(r.changed_by),
  changedByName: (r.changed_by_name as string) ?? null,
  changedAt: String(r.changed_at),
})

export const toColumns = (t: DrugTest) => ({
  id: t.id,
  person_id: t.personId,
  taken_on: t.takenOn,
  method: t.method,
  results: JSON.stringify(canonicalResults(t.results)),
  other_substance: t.otherSubstance,
  organisation_id: t.organisationId,
  entered_by: t.enteredBy,
  upload_id: t.uploadId,
  created_at: t.createdAt,
})

/** Results as stored, in the order they were written; anything unreadable reads as none. */
export function storedResults(raw: unknown): Record<string, string> {
  try {
    const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw
    return value && typeof value === 'object' ? (value as Record<string, string>) : {}
  } catch {
    return {}
  }
}
