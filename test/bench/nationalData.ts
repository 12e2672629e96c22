import type { Knex } from 'knex'
import type { Services } from '../../server/services'
import { newId } from '../../server/utils/ids'
import {
  addCalendarMonths,
  addDays,
  isWeekend,
  localInstant,
  slotStartsAt,
  toUtcIso,
  weekdayOf,
} from '../../server/utils/dates'

export interface NationalData {
  courtIds: string[]
  providerId: string
  officerId: string
  clerkEmail: string
  password: string
  requirements: number
  reviews: number
  sittings: number
  fullSittingId: string
  smallSittingId: string
  smallSittingCases: number
}

async function insertAll(db: Knex, table: string, rows: Record<string, unknown>[]) {
  // SQLite caps bound parameters per statement: insert in chunks inside one transaction.
  await db.transaction(async trx => {
    for (let i = 0; i < rows.length; i += 400) await trx(table).insert(rows.slice(i, i + 400))
  })
}

/**
 * National scale, written straight into the tables (the services would take minutes): 40 courts
 * sitting twice every weekday for three years, 20,000 active 12-month DRRs with monthly reviews.
 */
export async function buildNationalData(
  services: Services,
  opts: { courts: number; requirements: number; today: string },
): Promise<NationalData> {
  const { db } = services
  const now = new Date().toISOString()
  const password = 'Bench-Password-2027'
  const probation = { id: newId(), name: 'National Probation Service', kind: 'probation', created_at: now }
  const provider = { id: newId(), name: 'National Treatment Provider', kind: 'provider', created_at: now }
  await db('organisation').insert([probation, provider])
  const clerk = await services.users.createWithPassword(
    { email: 'bench-clerk@example.com', name: 'Bench Clerk', role: 'clerk' },
    password,
  )
  const officer = await services.users.createWithPassword(
    { email: 'bench-officer@example.com', name: 'Bench Officer', role: 'probation', organisationId: probation.id },
    password,
  )
  const hash = (await db('app_user').where({ id: clerk.id }).first()).password_hash

  const courts = Array.from({ length: opts.courts }, (_, i) => ({
    id: newId(),
    name: `Court ${i + 1}`,
    code: `BN${String(i + 1).padStart(3, '0')}`,
    report_due_working_days: 2,
    timezone: 'Europe/London',
    created_at: now,
  }))
  await insertAll(db, 'court', courts)
  const sentencers = courts.flatMap((_c, i) =>
    [0, 1].map(k => ({
      id: newId(),
      email: `bench-mag-${i}-${k}@example.com`,
      name: `Magistrate ${i}-${k}`,
      role: 'sentencer',
      password_hash: hash,
      created_at: now,
      updated_at: now,
    })),
  )
  await insertAll(db, 'app_user', sentencers)

  const start = addCalendarMonths(opts.today, -12)
  const end = addCalendarMonths(opts.today, 24)
  const sittingRows: Record<string, unknown>[] = []
  const bench: Record<string, unknown>[] = []
  const byCourt = new Map<string, { id: string; date: string; time: string; used: number }[]>()
  courts.forEach((court, ci) => {
    const list: { id: string; date: string; time: string; used: number }[] = []
    for (let d = start; d <= end; d = addDays(d, 1)) {
      if (isWeekend(d)) continue
      for (const time of ['10:00', '14:00']) {
        const id = newId()
        list.push({ id, date: d, time, used: 0 })
        sittingRows.push({
          id,
          court_id: court.id,
          kind: 'review',
          date: d,
          start_time: time,
          starts_at: toUtcIso(localInstant(d, time)),
          courtroom: '1',
          capacity: 20,
          slot_minutes: 15,
          status: 'open',
          created_at: now,
          updated_at: now,
          version: 1,
        })
        bench.push({ sitting_id: id, user_id: sentencers[ci * 2 + (weekdayOf(d) % 2)].id })
      }
    }
    byCourt.set(court.id, list)
  })
  await insertAll(db, 'sitting', sittingRows)
  await insertAll(db, 'sitting_bench', bench)

  const people: Record<string, unknown>[] = []
  const orders: Record<string, unknown>[] = []
  const requirements: Record<string, unknown>[] = []
  const reviews: Record<string, unknown>[] = []
  for (let j = 0; j < opts.requirements; j += 1) {
    const court = courts[j % courts.length]
    const madeOn = addDays(start, j % 360)
    const personId = newId()
    const orderId = newId()
    const reqId = newId()
    const endsOn = addDays(addCalendarMonths(madeOn, 12), -1)
    people.push({
      id: personId,
      name: `Person ${j}`,
      date_of_birth: '1988-05-05',
      crn: `N${String(j).padStart(6, '0')}`,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    orders.push({
      id: orderId,
      person_id: personId,
      court_id: court.id,
      kind: 'community',
      made_on: madeOn,
      ends_on: endsOn,
      case_reference: `N-${j}`,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    requirements.push({
      id: reqId,
      order_id: orderId,
      kind: 'DRR',
      months: 12,
      residential: false,
      provider_organisation_id: provider.id,
      responsible_officer_id: officer.id,
      review_interval_months: 1,
      review_mode: 'hearing',
      willing_to_comply: true,
      starts_on: madeOn,
      ends_on: endsOn,
      status: 'active',
      created_at: now,
      updated_at: now,
      version: 1,
    })
    const list = byCourt.get(court.id)!
    let cursor = 0
    for (let k = 1; k <= 12; k += 1) {
      const target = addCalendarMonths(madeOn, k)
      if (target > endsOn) break
      while (cursor < list.length && (list[cursor].date < target || list[cursor].used >= 20)) cursor += 1
      const s = list[cursor]
      const listed = s && s.date <= endsOn
      const slot = listed ? s.used++ : null
      reviews.push({
        id: newId(),
        requirement_id: reqId,
        sequence: k,
        target_date: target,
        mode: 'hearing',
        status: listed ? (s.date < opts.today ? 'held' : 'scheduled') : 'unlisted',
        sitting_id: listed ? s.id : null,
        slot_index: slot,
        starts_at: listed ? toUtcIso(slotStartsAt(s.date, s.time, 15, slot!)) : null,
        review_date: listed ? s.date : target,
        report_due_at: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
    }
  }
  await insertAll(db, 'person', people)
  await insertAll(db, 'sentence_order', orders)
  await insertAll(db, 'requirement', requirements)
  await insertAll(db, 'review', reviews)

  const all = [...byCourt.values()].flat()
  const full = all.find(s => s.used === 20 && s.date >= opts.today)!
  const small = all.find(s => s.used >= 3 && s.used <= 8) ?? all.find(s => s.used > 0 && s.used < 20)!
  // The full sitting's people get a year of fortnightly drug tests and a submitted report each, so its
  // pack has real content to render.
  const listedThere = reviews.filter(r => r.sitting_id === full.id)
  const personOf = new Map(requirements.map((q, i) => [q.id as string, orders[i].person_id as string]))
  const tests: Record<string, unknown>[] = []
  for (const r of listedThere) {
    const personId = personOf.get(r.requirement_id as string)!
    for (let k = 0; k < 26; k += 1)
      tests.push({
        id: newId(),
        person_id: personId,
        taken_on: addDays(start, k * 14),
        method: 'urine',
        results: JSON.stringify({
          opiates: k % 5 ? 'negative' : 'positive',
          cocaine: k % 7 ? 'negative' : 'positive',
          methadone: 'positive_prescribed',
        }),
        organisation_id: provider.id,
        entered_by: officer.id,
        created_at: now,
      })
  }
  await insertAll(db, 'drug_test', tests)
  await insertAll(
    db,
    'progress_report',
    listedThere.map(r => ({
      id: newId(),
      review_id: r.id,
      author_id: officer.id,
      status: 'submitted',
      submitted_at: now,
      submitted_version: 1,
      attendance: 'Attended 6 of 8 appointments.',
      engagement: 'Engaging well.',
      treatment: 'Stable on methadone.',
      testing: 'Mostly negative.',
      recommendation: 'continue',
      created_at: now,
      updated_at: now,
      version: 1,
    })),
  )
  return {
    courtIds: courts.map(c => c.id),
    providerId: provider.id,
    officerId: officer.id,
    clerkEmail: clerk.email,
    password,
    requirements: requirements.length,
    reviews: reviews.length,
    sittings: sittingRows.length,
    fullSittingId: full.id,
    smallSittingId: small.id,
    smallSittingCases: small.used,
  }
}
