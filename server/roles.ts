export const ROLES = ['clerk', 'probation', 'provider', 'sentencer', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_NAMES: Record<Role, string> = {
  clerk: 'Court clerk',
  probation: 'Probation officer',
  provider: 'Treatment provider',
  sentencer: 'Magistrate or judge',
  admin: 'Administrator',
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** The signed-in user, as every service sees it: the basis of all scoping. */
export interface CurrentUser {
  id: string
  name: string
  email: string
  role: Role
  organisationId: string | null
  isManager: boolean
  courtIds: string[]
  mustChangePassword: boolean
  /** Two-step verification is required here and not yet set up: nothing else until it is. */
  mustSetUpMfa: boolean
}
