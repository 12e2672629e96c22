import type { Knex } from 'knex'
import type { Services } from '../server/services'
import { newId } from '../server/utils/ids'
import { addCalendarMonths, addDays, todayIn, weekdayOf } from '../server/utils/dates'
import { toCurrentUser } from '../server/services/authService'
import type { CurrentUser } from '../server/roles'

export const DEMO_EMAILS = [
  'clerk@example.com',
  'probation@example.com',
  'provider@example.com',
  'magistrate@example.com',
  'admin@example.com',
  'probation2@example.com',
  'provider2@example.com',
  'magistrate2@example.com',
] as const

/**
 * Demo data for `npm start` on an empty database (never in production, never in tests).
 * Returns false when the database already has users.
 */
export async function seedDemoData(services: Services, db: Knex): Promise<boolean> {
  const { clock, config } = services
  if (Number((await db('app_user').count({ n: '*' }).first())?.n ?? 0) > 0) return false
  const now = clock.now().toISOString()
  const court = {
    id: newId(),
    name: 'Birmingham Magistrates’ Court',
    code: 'BHM01',
    kind: 'magistrates',
    reportDueWorkingDays: 2,
    defaultSittingWeekday: 4,
  }
  const crown = {
    id: newId(),
    name: 'Birmingham Crown Court',
    code: 'BHC01',
    kind: 'crown',
    reportDueWorkingDays: 3,
    defaultSittingWeekday: 2,
  }
  await db('court').insert(
    [court, crown].map(c => ({
      id: c.id,
      name: c.name,
      code: c.code,
      kind: c.kind,
      report_due_working_days: c.reportDueWorkingDays,
      default_sitting_weekday: c.defaultSittingWeekday,
      timezone: 'Europe/London',
      created_at: now,
    })),
  )
  const probation = { id: newId(), name: 'West Midlands Probation Service', kind: 'probation' }
  const provider = { id: newId(), name: 'Change Grow Live Birmingham', kind: 'provider' }
  const provider2 = { id: newId(), name: 'Aquarius Recovery Services', kind: 'provider' }
  await db('organisation').insert([probation, provider, provider2].map(o => ({ ...o, created_at: now })))

  const password = config.demoPassword
  const people: Array<[string, string, string, string | null, boolean?]> = [
    ['clerk@example.com', 'Priya Shah', 'clerk', null],
    ['probation@example.com', 'Tom Okafor', 'probation', probation.id],
    ['probation2@example.com', 'Ellen Hughes', 'probation', probation.id],
    ['provider@example.com', 'Dan Murphy', 'provider', provider.id],
    ['provider2@example.com', 'Rhian Evans', 'provider', provider2.id],
    ['magistrate@example.com', 'Margaret Bell JP', 'sentencer', null],
    ['magistrate2@example.com', 'Arthur Kaur JP', 'sentencer', null],
    ['admin@example.com', 'Sam Admin', 'admin', null],
  ]
  const byEmail: Record<string, string> = {}
  for (const [email, name, role, organisationId] of people) {
    const user = await services.users.createWithPassword(
      {
        email,
        name,
        role,
        organisationId,
        courtIds: role === 'sentencer' ? [court.id, crown.id] : role === 'clerk' ? [court.id] : [],
      },
      password,
    )
    byEmail[email] = user.id
  }
  await seedCases(services, db, { courtId: court.id, provider: provider.id, provider2: provider2.id, users: byEmail })
  return true
}

/** A review court sitting every Thursday, and people on DRRs at different points of their orders. */
async function seedCases(
  services: Services,
  db: Knex,
  ids: { courtId: string; provider: string; provider2: string; users: Record<string, string> },
) {
  const { clock } = services
  const clerk = toCurrentUser(await services.users.get(ids.users['clerk@example.com']))
  const today = todayIn(clock)
  // Thursdays from four months ago to a year ahead; another magistrate sits every fourth week.
  let firstThursday = addCalendarMonths(today, -4)
  while (weekdayOf(firstThursday) !== 4) firstThursday = addDays(firstThursday, 1)
  // A series runs for at most a year: two of them.
  for (const [from, to] of [
    [firstThursday, addDays(firstThursday, 7 * 40)],
    [addDays(firstThursday, 7 * 41), addCalendarMonths(today, 12)],
  ])
    await services.sittings.createSeries(clerk, ids.courtId, {
      from,
      to,
      startTime: '10:00',
      courtroom: '3',
      capacity: 8,
      slotMinutes: 15,
      benchUserIds: [ids.users['magistrate@example.com']],
    })
  const series = await db('sitting').where('court_id', ids.courtId).orderBy('date').select('id')
  for (const [i, s] of series.entries())
    if (i % 4 === 3)
      await db('sitting_bench').where('sitting_id', s.id).update({ user_id: ids.users['magistrate2@example.com'] })

  const demoPeople: Array<[string, string, string, string, number, number, string, string]> = [
    ['Jordan Ellis', '1990-04-12', 'X320741', '2009/0123456A', 3, 12, 'probation@example.com', ids.provider],
    ['Aisha Rahman', '1985-11-02', 'X418203', '2004/0012345H', 2, 18, 'probation@example.com', ids.provider],
    ['Connor Walsh', '1998-07-23', 'X512388', '2015/0456789C', 1, 12, 'probation@example.com', ids.provider2],
    ['Siân Pritchard', '1979-02-14', 'X603917', '2001/0234567K', 4, 24, 'probation@example.com', ids.provider],
    ['Marcus Greene', '1993-09-30', 'X724455', '2012/0345678D', 2, 12, 'probation2@example.com', ids.provider2],
    ['Grace Adeyemi', '2001-12-05', 'X835062', '2019/0567890E', 0, 9, 'probation2@example.com', ids.provider],
    // Reviewed without a hearing since her first review found progress satisfactory: the magistrate's paper queue.
    ['Leah Morgan', '1988-06-19', 'X946173', '2010/0678901F', 2, 12, 'probation@example.com', ids.provider],
  ]
  // Equality monitoring answers (issue 22), optional: some people answered, one preferred not to, one was not asked.
  const equality: Record<string, { sex?: string; ethnicity?: string }> = {
    'Jordan Ellis': { sex: 'male', ethnicity: 'white' },
    'Aisha Rahman': { sex: 'female', ethnicity: 'asian' },
    'Connor Walsh': { sex: 'male', ethnicity: 'white' },
    'Siân Pritchard': { sex: 'female', ethnicity: 'white' },
    'Marcus Greene': { sex: 'male', ethnicity: 'black' },
    'Leah Morgan': { sex: 'female', ethnicity: 'prefer_not_to_say' },
  }
  for (const [name, dateOfBirth, crn, pnc, monthsAgo, months, officer, providerId] of demoPeople) {
    const person = await services.cases.createPerson(clerk, { name, dateOfBirth, crn, pnc, ...equality[name] })
    await services.orders.createOrder(clerk, {
      personId: person.id,
      courtId: ids.courtId,
      kind: 'community',
      // Leah Morgan's paper review falls a few days before today, so it can be decided at once.
      madeOn: addDays(addCalendarMonths(today, -monthsAgo), name === 'Leah Morgan' ? -10 : -3),
      caseReference: `BHM-${crn.slice(1)}`,
      psrText: 'Long-standing opiate and crack cocaine use; motivated to engage with treatment.',
      requirements: [
        {
          kind: 'DRR',
          months,
          reviewIntervalMonths: 1,
          residential: false,
          providerOrganisationId: providerId,
          responsibleOfficerId: ids.users[officer],
          willingToComply: true,
        },
      ],
    })
  }
  await hearPastReviews(services, db, clerk, today)
  await seedProgress(services, db, ids.users, today)
}

/**
 * Reviews already past were heard, and their outcomes recorded as a clerk would (who sat: the rostered
 * bench). Leah Morgan's first review found progress satisfactory, so her later reviews are on paper.
 */
async function hearPastReviews(services: Services, db: Knex, clerk: CurrentUser, today: string) {
  const words = [
    'Well done. Keep going with the recovery group and we will see you next month.',
    'A difficult month, but you came and you were honest with us. Keep your appointments.',
    'Good progress. Your tests are improving: keep it up.',
  ]
  for (let n = 0; ; n += 1) {
    const past = await db('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .join('person as p', 'p.id', 'o.person_id')
      .where('r.review_date', '<', today)
      .where('r.status', 'scheduled')
      .where('r.mode', 'hearing')
      .orderBy('r.review_date')
      .first('r.id', 'r.sequence', 'p.name')
    if (!past || n > 200) return
    const toPaper = past.name === 'Leah Morgan' && past.sequence === 1
    await services.outcomes.record(clerk, past.id, {
      attended: true,
      progress: toPaper ? 'satisfactory' : n % 4 === 1 ? 'poor' : 'good',
      decision: toPaper ? 'continue_paper' : 'continue_hearing',
      benchComments: words[n % words.length],
    })
  }
}

/** Drug tests, treatment updates, notes and reports, so each role has something to look at. */
async function seedProgress(services: Services, db: Knex, users: Record<string, string>, today: string) {
  const as = async (email: string) => toCurrentUser(await services.users.get(users[email]))
  const provider = { [await orgOf(services, users['provider@example.com'])]: await as('provider@example.com') }
  provider[await orgOf(services, users['provider2@example.com'])] = await as('provider2@example.com')
  const officers: Record<string, Awaited<ReturnType<typeof as>>> = {
    [users['probation@example.com']]: await as('probation@example.com'),
    [users['probation2@example.com']]: await as('probation2@example.com'),
  }
  const rows = await db('requirement as q')
    .join('sentence_order as o', 'o.id', 'q.order_id')
    .select('q.id', 'q.provider_organisation_id', 'q.responsible_officer_id', 'q.starts_on', 'o.person_id')
    .orderBy('o.made_on')
  for (const [i, r] of rows.entries()) {
    const worker = provider[r.provider_organisation_id]
    const officer = officers[r.responsible_officer_id]
    // A test every fortnight since the order began, mostly negative, with a lapse now and then.
    for (let d = addDays(r.starts_on, 5), n = 0; d < today; d = addDays(d, 14), n += 1)
      await services.providers.addTest(worker, r.person_id, {
        takenOn: d,
        method: n % 3 === 0 ? 'oral_fluid' : 'urine',
        results: {
          opiates: (n + i) % 5 === 0 ? 'positive' : 'negative',
          cocaine: (n + i) % 4 === 0 ? 'positive' : 'negative',
          methadone: 'positive_prescribed',
        },
      })
    await services.notes.add(worker, r.person_id, {
      category: 'treatment',
      text: 'Attended key-work session; engaging well with the recovery group.',
    })
    await services.notes.add(officer, r.person_id, {
      category: 'appointment',
      text: 'Office appointment kept. Discussed housing and the next review.',
    })
    const next = await db('review')
      .where('requirement_id', r.id)
      .where('status', 'scheduled')
      .orderBy('sequence')
      .first()
    if (!next) continue
    await services.providers.saveUpdate(worker, next.id, {
      treatmentView: 'Engaging with treatment; methadone dose stable. Two missed key-work sessions this month.',
      engagement: 'Good',
      appointmentsOffered: 8,
      appointmentsKept: 6,
    })
    // Issue 23: the first person needs an interpreter and step-free access; every other person gave the officer
    // a few words for the bench before their next review.
    if (i === 0)
      await services.accessNeeds.set(officer, r.person_id, {
        interpreterLanguage: 'Polish',
        adjustments: ['step_free', 'breaks'],
        notes: null,
      })
    if (i % 2 === 0)
      await services.statements.record(officer, next.id, {
        text: 'I have kept every appointment this month and my tests are getting better. The hardest part is evenings. I want the court to know I have started volunteering two days a week.',
      })
    // One report submitted, one in draft, the rest not started; a paper review's report is always in.
    const paper = next.mode === 'paper'
    if (i % 3 === 2 && !paper) continue
    await services.reports.save(
      officer,
      next.id,
      {
        attendance: 'Attended 6 of 8 appointments offered; both absences explained.',
        engagement: 'Engaging well with supervision and treatment.',
        treatment: 'Stable on methadone; attending the recovery group weekly.',
        testing: 'Mostly negative tests since the last review, one positive for cocaine.',
        recommendation: 'continue',
      },
      { submit: paper || i % 3 === 0 },
    )
  }
}

async function orgOf(services: Services, userId: string): Promise<string> {
  return (await services.users.get(userId)).organisationId!
}
