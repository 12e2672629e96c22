import { asArray, str } from '../forms'

/** The admin user form, as the service's userInput expects it. */
export function parseUserForm(body: Record<string, unknown>) {
  return {
    name: str(body.name),
    email: str(body.email),
    role: str(body.role) || undefined,
    organisationId: str(body.organisationId) || null,
    isManager: body.isManager === 'yes',
    courtIds: asArray(body.courtIds),
  }
}
