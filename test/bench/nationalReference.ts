import { newId } from '../../server/utils/ids'
import { addCalendarMonths, localInstant, weekdayOf } from '../../server/utils/dates'
import type { BulkLoad } from './bulkLoad'
import {
  CAPACITY,
  MAGISTRATES_PER_COURT,
  OFFICERS_PER_COURT,
  SLOT_MINUTES,
  TIMES,
  memo,
  workingDays,
} from './nationalShared'

// The national data set's reference tables (organisation, court, app_user) and its calendar
// (sitting, sitting_bench), written before any case (buildNationalData in nationalData.ts).

/** A sitting as the generator fills it: places used, its bench, and how many first reviews it lists. */
export type Place = { id: string; date: string; time: string; used: number; bench: string[]; firsts: number }

export async function writeReferenceData(
  load: BulkLoad,
  opts: { courts: number; today: string; now: string; hash: string; holidays: Set<string> },
) {
  const { today, now, hash, holidays } = opts
  // Reference data and people who use the service.
  const organisation = load.table('organisation', ['id', 'name', 'kind', 'created_at'])
  const court = load.table('court', ['id', 'name', 'code', 'timezone', 'report_due_working_days', 'created_at'])
  const user = load.table('app_user', [
    'id',
    'email',
    'name',
    'role',
    'organisation_id',
    'password_hash',
    'created_at',
    'updated_at',
  ])
  const courts = Array.from({ length: opts.courts }, (_, i) => ({ id: newId(), index: i }))
  for (const c of courts)
    court.add(c.id, `Court ${c.index + 1}`, `BN${String(c.index + 1).padStart(3, '0')}`, 'Europe/London', 2, now)
  const regions = Array.from({ length: 10 }, () => newId())
  regions.forEach((id, i) => organisation.add(id, `Probation Region ${i + 1}`, 'probation', now))
  const providers = courts.map(() => newId())
  providers.forEach((id, i) => organisation.add(id, `Treatment Provider ${i + 1}`, 'provider', now))
  const emails = new Map<string, string>()
  const addUser = (email: string, name: string, role: string, org: string | null) => {
    const id = newId()
    user.add(id, email, name, role, org, hash, now, now)
    emails.set(id, email)
    return id
  }
  const magistrates = courts.map(c =>
    Array.from({ length: MAGISTRATES_PER_COURT }, (_, k) =>
      addUser(`bench-mag-${c.index}-${k}@example.com`, `Magistrate ${c.index}-${k}`, 'sentencer', null),
    ),
  )
  const officers = courts.map(c =>
    Array.from({ length: OFFICERS_PER_COURT }, (_, k) =>
      addUser(
        `bench-officer-${c.index}-${k}@example.com`,
        `Officer ${c.index}-${k}`,
        'probation',
        regions[c.index % 10],
      ),
    ),
  )
  const smallOfficer = addUser('bench-officer-small@example.com', 'Officer Small', 'probation', regions[0])
  const workers = courts.map(c =>
    addUser(`bench-provider-${c.index}@example.com`, `Key Worker ${c.index}`, 'provider', providers[c.index]),
  )

  // Sittings: twice every working day at every court, from three years ago to thirteen months ahead.
  const sitting = load.table('sitting', [
    'id',
    'court_id',
    'kind',
    'date',
    'start_time',
    'starts_at',
    'courtroom',
    'capacity',
    'slot_minutes',
    'status',
    'created_at',
    'updated_at',
    'version',
  ])
  const bench = load.table('sitting_bench', ['sitting_id', 'user_id'])
  const historyStart = addCalendarMonths(today, -36)
  const days = workingDays(historyStart, addCalendarMonths(today, 13), holidays)
  const startMs = memo(key => Date.parse(localInstant(key.slice(0, 10), key.slice(11))))
  const calendars = courts.map(c => {
    const list: Place[] = []
    for (const date of days)
      for (const time of TIMES) {
        const w = weekdayOf(date)
        const members = [magistrates[c.index][w % 4], magistrates[c.index][(w + 1) % 4]]
        const id = newId()
        list.push({ id, date, time, used: 0, bench: members, firsts: 0 })
        const at = new Date(startMs(`${date} ${time}`)).toISOString()
        sitting.add(id, c.id, 'review', date, time, at, '1', CAPACITY, SLOT_MINUTES, 'open', now, now, 1)
        for (const m of members) bench.add(id, m)
      }
    return list
  })
  await load.drain()

  return { courts, regions, providers, emails, officers, smallOfficer, workers, historyStart, startMs, calendars }
}
