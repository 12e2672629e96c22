import { newId } from '../../server/utils/ids'
import { addDays } from '../../server/utils/dates'
import type { BulkLoad } from './bulkLoad'
import { CATEGORIES, METHODS, NOTE_EVERY_DAYS, TEST_EVERY_DAYS } from './nationalShared'

// The national data set's records of a person between hearings (drug_test, progress_note): a test
// every 18 days and a note every 45 (buildNationalData in nationalData.ts). About a million tests.

/** One order's person, as their tests and notes need it. */
export interface RecordedPerson {
  personId: string
  madeOn: string
  endsOn: string
  /** The requirement's place in its cohort, which varies the results. */
  j: number
  officerId: string
  providerId: string
  workerId: string
  /** The officer's probation region. */
  regionId: string
}

/** Opens the record tables (after the review tables) and answers a writer of one person's tests and notes. */
export function recordTables(load: BulkLoad, opts: { today: string; daysOn: (key: string) => string }) {
  const { today, daysOn } = opts
  const test = load.table('drug_test', [
    'id',
    'person_id',
    'taken_on',
    'method',
    'results',
    'organisation_id',
    'entered_by',
    'created_at',
  ])
  const note = load.table('progress_note', [
    'id',
    'person_id',
    'author_id',
    'organisation_id',
    'at',
    'category',
    'text',
  ])

  /** Drug tests every 18 days and notes every 45, from the order until it ended or today. */
  function write(r: RecordedPerson): void {
    const { personId, madeOn, endsOn, j, officerId, providerId, workerId, regionId } = r
    const until = endsOn < today ? endsOn : addDays(today, -1)
    for (let t = 3, n = 0; ; t += TEST_EVERY_DAYS, n += 1) {
      const takenOn = daysOn(`${madeOn} ${t}`)
      if (takenOn > until) break
      const results = {
        opiates: (j + n) % 5 ? 'negative' : 'positive',
        cocaine: (j + n) % 7 ? 'negative' : 'positive',
        cannabis: (j + n) % 3 ? 'negative' : 'positive',
        methadone: 'positive_prescribed',
      }
      test.add(
        newId(),
        personId,
        takenOn,
        METHODS[n % METHODS.length],
        JSON.stringify(results),
        providerId,
        workerId,
        `${takenOn}T15:00:00.000Z`,
      )
    }
    for (let t = 7, n = 0; ; t += NOTE_EVERY_DAYS, n += 1) {
      const at = daysOn(`${madeOn} ${t}`)
      if (at > until) break
      const byProvider = n % 2 === 1
      note.add(
        newId(),
        personId,
        byProvider ? workerId : officerId,
        byProvider ? providerId : regionId,
        `${at}T13:30:00.000Z`,
        CATEGORIES[n % CATEGORIES.length],
        'Phoned to rearrange the appointment; attended the next day and engaged well.',
      )
    }
  }

  return { write }
}
