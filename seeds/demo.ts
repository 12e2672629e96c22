import type { Services } from '../server/services'
import { newId } from '../server/utils/ids'

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
export async function seedDemoData(services: Services): Promise<boolean> {
  const { db, clock, config } = services
  if (Number((await db('app_user').count({ n: '*' }).first())?.n ?? 0) > 0) return false
  const now = clock.now().toISOString()
  const court = {
    id: newId(),
    name: 'Birmingham Magistrates’ Court',
    code: 'BHM01',
    reportDueWorkingDays: 2,
    defaultSittingWeekday: 4,
  }
  const crown = {
    id: newId(),
    name: 'Birmingham Crown Court',
    code: 'BHC01',
    reportDueWorkingDays: 3,
    defaultSittingWeekday: 2,
  }
  await db('court').insert(
    [court, crown].map(c => ({
      id: c.id,
      name: c.name,
      code: c.code,
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
  for (const [email, name, role, organisationId] of people) {
    await services.users.createWithPassword(
      {
        email,
        name,
        role,
        organisationId,
        courtIds: role === 'clerk' || role === 'sentencer' ? [court.id, crown.id] : [],
      },
      password,
    )
  }
  return true
}
