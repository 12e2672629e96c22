import type { Knex } from 'knex'
import type { Services } from '../../server/services'
import { newId } from '../../server/utils/ids'
import {
  addCalendarMonths,
  addDays,
  endOfLocalDay,
  isWeekend,
  localInstant,
  toUtcIso,
  weekdayOf,
  workingDaysBefore,
} from '../../server/utils/dates'
import { startBulkLoad } from './bulkLoad'

export interface NationalData {
  courtIds: string[]
  providerId: string
  officerId: string
  password: string
  clerkEmail: string
  /** An officer with a full caseload, and one with a few cases, for the caseload and its query count. */
  officer: { email: string; cases: number }
  smallOfficer: { email: string; cases: number }
  /** A magistrate on the bench of the full sitting, who reads its pack. */
  magistrateEmail: string
  fullSittingId: string
  smallSittingId: string
  smallSittingCases: number
  /** A person with an earlier, completed order and a current one; and a person with one order. */
  personWithHistoryId: string
  personWithOneOrderId: string
  rows: Map<string, number>
}

const SLOT_MINUTES = 15
const CAPACITY = 20
const TIMES = ['10:00', '14:00']
const OFFICERS_PER_COURT = 12
const MAGISTRATES_PER_COURT = 4
const TEST_EVERY_DAYS = 18
const NOTE_EVERY_DAYS = 45
const PROGRESS = ['good', 'satisfactory', 'good', 'poor'] as const
const COMMENTS = [
  'Good progress. Keep attending your appointments and we will see you next month.',
  'Some positive tests for cocaine: the court expects to see this change by the next review.',
  'You have engaged well with your key worker. Well done; continue as you are.',
  'Attendance has slipped. The court will look closely at your attendance next time.',
]
const CATEGORIES = ['appointment', 'contact', 'treatment', 'testing', 'other'] as const
const METHODS = ['urine', 'oral_fluid', 'urine', 'hair']

/** Every weekday from `from` to `to` that is not a bank holiday. */
function workingDays(from: string, to: string, holidays: Set<string>): string[] {
  const out: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) if (!isWeekend(d) && !holidays.has(d)) out.push(d)
  return out
}

function memo<T>(f: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>()
  return key => {
    let v = cache.get(key)
    if (v === undefined) cache.set(key, (v = f(key)))
    return v
  }
}

/**
 * National scale, written straight into the tables in bulk (the services would take hours): 40
 * courts sitting twice every working day from three years ago to a year ahead; 20,000 active
 * 12-month DRRs and, behind them, two years of completed ones (40,000 more, some of the same
 * people), each with its monthly reviews listed, held reviews with outcomes, reports (with their
 * submitted versions) and provider updates, drug tests every 18 days (about a million) and notes.
 */
export async function buildNationalData(
  services: Services,
  db: Knex,
  opts: { courts: number; requirements: number; today: string },
): Promise<NationalData> {
  const { today } = opts
  const now = `${today}T08:00:00.000Z`
  const password = 'Bench-Password-2027'
  const clerk = await services.users.createWithPassword(
    { email: 'bench-clerk@example.com', name: 'Bench Clerk', role: 'clerk' },
    password,
  )
  const hash = String((await db('app_user').where({ id: clerk.id }).first()).password_hash)
  const holidays = new Set<string>(await db('bank_holiday').pluck('date'))
  const load = await startBulkLoad(db)

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
  type Place = { id: string; date: string; time: string; used: number; bench: string[]; firsts: number }
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

  const person = load.table('person', ['id', 'name', 'date_of_birth', 'crn', 'created_at', 'updated_at', 'version'])
  const order = load.table('sentence_order', [
    'id',
    'person_id',
    'court_id',
    'kind',
    'made_on',
    'ends_on',
    'case_reference',
    'created_at',
    'updated_at',
    'version',
  ])
  const requirement = load.table('requirement', [
    'id',
    'order_id',
    'kind',
    'months',
    'residential',
    'provider_organisation_id',
    'responsible_officer_id',
    'review_interval_months',
    'review_mode',
    'willing_to_comply',
    'starts_on',
    'ends_on',
    'status',
    'created_at',
    'updated_at',
    'version',
  ])
  const review = load.table('review', [
    'id',
    'requirement_id',
    'sequence',
    'target_date',
    'mode',
    'status',
    'sitting_id',
    'slot_index',
    'starts_at',
    'review_date',
    'report_due_at',
    'calendar_starts_at',
    'created_at',
    'updated_at',
    'version',
  ])
  const event = load.table('review_event', ['review_id', 'at', 'user_id', 'action', 'to_sitting_id'])
  const outcome = load.table('outcome', [
    'id',
    'review_id',
    'attended',
    'progress',
    'decision',
    'bench_comments',
    'next_review_id',
    'recorded_by',
    'recorded_at',
    'updated_at',
    'version',
  ])
  const report = load.table('progress_report', [
    'id',
    'review_id',
    'author_id',
    'status',
    'due_at',
    'submitted_at',
    'submitted_version',
    'attendance',
    'appointments_offered',
    'appointments_kept',
    'engagement',
    'treatment',
    'testing',
    'recommendation',
    'created_at',
    'updated_at',
    'version',
  ])
  const reportVersion = load.table('progress_report_version', [
    'id',
    'report_id',
    'version_number',
    'submitted_at',
    'submitted_by',
    'late',
    'content',
  ])
  const update = load.table('provider_update', [
    'id',
    'review_id',
    'organisation_id',
    'author_id',
    'treatment_view',
    'engagement',
    'appointments_offered',
    'appointments_kept',
    'created_at',
    'updated_at',
    'version',
  ])
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

  const dueAt = memo(date => toUtcIso(endOfLocalDay(workingDaysBefore(date, 2, holidays))))
  const monthsOn = memo(key => addCalendarMonths(key.slice(0, 10), Number(key.slice(11))))
  const daysOn = memo(key => addDays(key.slice(0, 10), Number(key.slice(11))))
  const updatesFrom = addCalendarMonths(today, -6)
  const reportsUpTo = addDays(today, 14)

  // Three cohorts, oldest first, so the calendar fills in the order the orders were made: two years
  // of completed orders, then the year of active ones.
  const cohorts = [
    { from: historyStart, to: addDays(addCalendarMonths(today, -24), -1), active: false },
    { from: addCalendarMonths(today, -24), to: addDays(addCalendarMonths(today, -12), -1), active: false },
    { from: addCalendarMonths(today, -12), to: addDays(today, -1), active: true },
  ].map(c => ({ ...c, madeOn: workingDays(c.from, c.to, holidays) }))
  const firstCohortPeople: string[] = []
  let personWithHistoryId = ''
  let personWithOneOrderId = ''
  let crn = 0
  const caseloads = new Map<string, number>()
  for (const [ci, cohort] of cohorts.entries()) {
    for (let j = 0; j < opts.requirements; j += 1) {
      const c = courts[j % courts.length]
      const madeOn = cohort.madeOn[Math.floor((j * cohort.madeOn.length) / opts.requirements)]
      const endsOn = addDays(monthsOn(`${madeOn} 12`), -1)
      const created = `${madeOn}T11:00:00.000Z`
      // A quarter of today's people had an order in the first year, long finished.
      const again = cohort.active && j % 4 === 1
      const personId = again ? firstCohortPeople[j] : newId()
      if (!again) {
        crn += 1
        person.add(personId, `Person ${crn}`, '1988-05-05', `N${String(crn).padStart(6, '0')}`, created, created, 1)
      }
      if (ci === 0) firstCohortPeople.push(personId)
      if (again && !personWithHistoryId) personWithHistoryId = personId
      if (cohort.active && j % 4 === 2 && !personWithOneOrderId) personWithOneOrderId = personId
      // Ten of the year's orders, spread across it, are the small caseload's.
      const officerId =
        cohort.active && j % Math.floor(opts.requirements / 10) === 7
          ? smallOfficer
          : officers[c.index][Math.floor(j / courts.length) % OFFICERS_PER_COURT]
      if (cohort.active) caseloads.set(officerId, (caseloads.get(officerId) ?? 0) + 1)
      const orderId = newId()
      const requirementId = newId()
      order.add(orderId, personId, c.id, 'community', madeOn, endsOn, `N-${ci}-${j}`, created, created, 1)
      requirement.add(
        requirementId,
        orderId,
        'DRR',
        12,
        false,
        providers[c.index],
        officerId,
        1,
        'hearing',
        true,
        madeOn,
        endsOn,
        cohort.active ? 'active' : 'completed',
        created,
        created,
        1,
      )

      // Monthly reviews, each in the first sitting with a place at least a month after the one before.
      const calendar = calendars[c.index]
      const reviewIds = Array.from({ length: 11 }, () => newId())
      let previous = madeOn
      for (let k = 1; k <= 11; k += 1) {
        const id = reviewIds[k - 1]
        const target = monthsOn(`${madeOn} ${k}`)
        const afterPrevious = monthsOn(`${previous} 1`)
        const earliest = target > afterPrevious ? target : afterPrevious
        let lo = 0
        let hi = calendar.length
        while (lo < hi) {
          const mid = (lo + hi) >>> 1
          if (calendar[mid].date < earliest) lo = mid + 1
          else hi = mid
        }
        while (lo < calendar.length && calendar[lo].used >= CAPACITY) lo += 1
        const place = lo < calendar.length && calendar[lo].date <= endsOn ? calendar[lo] : null
        if (!place) {
          review.add(
            id,
            requirementId,
            k,
            target,
            'hearing',
            'unlisted',
            null,
            null,
            null,
            target,
            dueAt(target),
            null,
            created,
            created,
            1,
          )
          event.add(id, created, clerk.id, 'planned', null)
          continue
        }
        previous = place.date
        const slot = place.used++
        if (k === 1) place.firsts += 1
        const startsAt = new Date(startMs(`${place.date} ${place.time}`) + slot * SLOT_MINUTES * 60000).toISOString()
        const past = place.date < today
        const status = past ? ((j + k) % 33 === 0 ? 'did_not_attend' : 'held') : 'scheduled'
        const due = dueAt(place.date)
        review.add(
          id,
          requirementId,
          k,
          target,
          'hearing',
          status,
          place.id,
          slot,
          startsAt,
          place.date,
          due,
          past ? null : startsAt,
          created,
          created,
          1,
        )
        event.add(id, created, clerk.id, 'listed', place.id)
        const heardAt = `${place.date}T16:00:00.000Z`
        if (past)
          outcome.add(
            newId(),
            id,
            status === 'held',
            PROGRESS[(j + k) % PROGRESS.length],
            !cohort.active && k === 11 ? 'completed' : 'continue_hearing',
            COMMENTS[(j + k) % COMMENTS.length],
            k < 11 ? reviewIds[k] : null,
            clerk.id,
            heardAt,
            heardAt,
            1,
          )
        // Reports for every review heard, and for most of those in the next fortnight (some still drafts).
        const wanted = past || (place.date <= reportsUpTo && (j + k) % 4 !== 0)
        if (wanted) {
          const submitted = past || (j + k) % 4 !== 1
          const late = (j + k) % 10 === 0
          const submittedAt = submitted ? (late ? heardAt.replace('T16', 'T09') : addSeconds(due, -86400)) : null
          const content = {
            attendance: 'Attended 6 of 8 appointments offered since the last review.',
            appointmentsOffered: 8,
            appointmentsKept: 6,
            engagement: 'Engaging with the key worker; open about setbacks.',
            treatment: 'Stable on a methadone script of 40ml daily.',
            testing: 'Mostly negative; one positive for cocaine.',
            newOffending: null,
            recommendation: 'continue',
            proposedAmendment: null,
          }
          const reportId = newId()
          report.add(
            reportId,
            id,
            officerId,
            submitted ? 'submitted' : 'draft',
            due,
            submittedAt,
            submitted ? 1 : 0,
            content.attendance,
            8,
            6,
            content.engagement,
            content.treatment,
            content.testing,
            'continue',
            created,
            submittedAt ?? now,
            1,
          )
          if (submittedAt)
            reportVersion.add(newId(), reportId, 1, submittedAt, officerId, late, JSON.stringify(content))
        }
        if (place.date >= updatesFrom && place.date <= reportsUpTo)
          update.add(
            newId(),
            id,
            providers[c.index],
            workers[c.index],
            'Attending groups twice a week; script reduced last month.',
            'Good',
            8,
            6,
            created,
            created,
            1,
          )
      }

      // Drug tests every 18 days and notes every 45, from the order until it ended or today.
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
          providers[c.index],
          workers[c.index],
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
          byProvider ? workers[c.index] : officerId,
          byProvider ? providers[c.index] : regions[c.index % 10],
          `${at}T13:30:00.000Z`,
          CATEGORIES[n % CATEGORIES.length],
          'Phoned to rearrange the appointment; attended the next day and engaged well.',
        )
      }
      await load.drain()
    }
  }
  const rows = await load.finish()

  const all = calendars.flat()
  const upcoming = all.filter(s => s.date > today && s.date <= reportsUpTo).sort((a, b) => (a.date < b.date ? -1 : 1))
  // Sittings with at least one case reviewed before (a first review has no history to read), so the two
  // differ in how many cases they have rather than in what kinds.
  const full = upcoming.find(s => s.used === CAPACITY && s.firsts < s.used)
  const small = upcoming.find(s => s.used >= 3 && s.used <= 8 && s.firsts < s.used)
  if (!full || !small) throw new Error('The generated calendar has no full or part-full sitting in the next fortnight')
  const busiest = officers[0][0]
  return {
    courtIds: courts.map(c => c.id),
    providerId: providers[0],
    officerId: busiest,
    password,
    clerkEmail: clerk.email,
    officer: { email: emails.get(busiest)!, cases: caseloads.get(busiest) ?? 0 },
    smallOfficer: { email: emails.get(smallOfficer)!, cases: caseloads.get(smallOfficer) ?? 0 },
    magistrateEmail: emails.get(full.bench[0])!,
    fullSittingId: full.id,
    smallSittingId: small.id,
    smallSittingCases: small.used,
    personWithHistoryId,
    personWithOneOrderId,
    rows,
  }
}

function addSeconds(instant: string, seconds: number): string {
  return new Date(Date.parse(instant) + seconds * 1000).toISOString()
}
