import type { Services } from '../../server/services'
import type { Role } from '../../server/roles'
import { newId } from '../../server/utils/ids'
import { TEST_PASSWORD, testDbOf } from './testApp'

let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`

export async function makeOrganisation(services: Services, kind: 'probation' | 'provider', name?: string) {
  const org = { id: newId(), name: name ?? `${kind} org ${unique()}`, kind }
  await testDbOf.get(services)!('organisation').insert({ ...org, created_at: services.clock.now().toISOString() })
  return org
}

export async function makeCourt(
  services: Services,
  overrides: { name?: string; code?: string; reportDueWorkingDays?: number } = {},
) {
  const court = {
    id: newId(),
    name: overrides.name ?? `Court ${unique()}`,
    code: overrides.code ?? `C${unique().toUpperCase().slice(-8)}`,
    reportDueWorkingDays: overrides.reportDueWorkingDays ?? 2,
  }
  await testDbOf.get(services)!('court').insert({
    id: court.id,
    name: court.name,
    code: court.code,
    report_due_working_days: court.reportDueWorkingDays,
    timezone: 'Europe/London',
    created_at: services.clock.now().toISOString(),
  })
  return court
}

export async function makeUser(
  services: Services,
  role: Role,
  options: {
    organisationId?: string | null
    email?: string
    name?: string
    courtIds?: string[]
    isManager?: boolean
  } = {},
) {
  let organisationId = options.organisationId ?? null
  if (!organisationId && (role === 'probation' || role === 'provider'))
    organisationId = (await makeOrganisation(services, role)).id
  const email = options.email ?? `${role}-${unique()}@example.test`
  return services.users.createWithPassword(
    {
      email,
      name: options.name ?? `${role} ${unique()}`,
      role,
      organisationId,
      courtIds: options.courtIds ?? [],
      isManager: options.isManager ?? false,
    },
    TEST_PASSWORD,
  )
}
