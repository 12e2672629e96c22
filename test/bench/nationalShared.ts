import { addDays, isWeekend } from '../../server/utils/dates'
import type { BulkLoad } from './bulkLoad'

// The national data set's shape (buildNationalData in nationalData.ts): how courts sit, how often
// people are tested and noted, the words written, and small helpers the table groups share.

export type Table = ReturnType<BulkLoad['table']>

export const SLOT_MINUTES = 15
export const CAPACITY = 20
export const TIMES = ['10:00', '14:00']
export const OFFICERS_PER_COURT = 12
export const MAGISTRATES_PER_COURT = 4
export const TEST_EVERY_DAYS = 18
export const NOTE_EVERY_DAYS = 45
export const PROGRESS = ['good', 'satisfactory', 'good', 'poor'] as const
export const COMMENTS = [
  'Good progress. Keep attending your appointments and we will see you next month.',
  'Some positive tests for cocaine: the court expects to see this change by the next review.',
  'You have engaged well with your key worker. Well done; continue as you are.',
  'Attendance has slipped. The court will look closely at your attendance next time.',
]
export const CATEGORIES = ['appointment', 'contact', 'treatment', 'testing', 'other'] as const
export const METHODS = ['urine', 'oral_fluid', 'urine', 'hair']

/** Every weekday from `from` to `to` that is not a bank holiday. */
export function workingDays(from: string, to: string, holidays: Set<string>): string[] {
  const out: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) if (!isWeekend(d) && !holidays.has(d)) out.push(d)
  return out
}

export function memo<T>(f: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>()
  return key => {
    let v = cache.get(key)
    if (v === undefined) cache.set(key, (v = f(key)))
    return v
  }
}

export function addSeconds(instant: string, seconds: number): string {
  return new Date(Date.parse(instant) + seconds * 1000).toISOString()
}
