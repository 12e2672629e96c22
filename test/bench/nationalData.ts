import type { Knex } from 'knex'
import type { Services } from '../../server/services'
import { newId } from '../../server/utils/ids'
import { addCalendarMonths, addDays, endOfLocalDay, toUtcIso, workingDaysBefore } from '../../server/utils/dates'
import { startBulkLoad } from './bulkLoad'
import { CAPACITY, OFFICERS_PER_COURT, memo, workingDays } from './nationalShared'
import { writeReferenceData } from './nationalReference'
import { reviewTables } from './nationalReviews'
import { recordTables } from './nationalRecords'

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

  const { courts, regions, providers, emails, officers, smallOfficer, workers, historyStart, startMs, calendars } =
    await writeReferenceData(load, { courts: opts.courts, today, now, hash, holidays })

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
  const dueAt = memo(date => toUtcIso(endOfLocalDay(workingDaysBefore(date, 2, holidays))))
  const monthsOn = memo(key => addCalendarMonths(key.slice(0, 10), Number(key.slice(11))))
  const daysOn = memo(key => addDays(key.slice(0, 10), Number(key.slice(11))))
  const updatesFrom = addCalendarMonths(today, -6)
  const reportsUpTo = addDays(today, 14)
  const reviews = reviewTables(load, {
    today,
    now,
    clerkId: clerk.id,
    startMs,
    dueAt,
    monthsOn,
    updatesFrom,
    reportsUpTo,
  })
  const records = recordTables(load, { today, daysOn })

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
      reviews.write({
        calendar,
        requirementId,
        madeOn,
        endsOn,
        created,
        j,
        active: cohort.active,
        officerId,
        providerId: providers[c.index],
        workerId: workers[c.index],
      })
      records.write({
        personId,
        madeOn,
        endsOn,
        j,
        officerId,
        providerId: providers[c.index],
        workerId: workers[c.index],
        regionId: regions[c.index % 10],
      })
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
