import type { CurrentUser } from '../../roles'

declare module 'express-session' {
  interface SessionData {
    userId?: string
    createdAt?: number
    lastSeenAt?: number
    /** A right password for a user with two-step verification: the code is still to come. */
    pendingSignIn?: { userId: string; at: number }
    /** Two-step verification being set up: the new secret, sealed, until a code confirms it. */
    mfaSetUp?: string
    forms?: Record<string, { errors: Record<string, string>; values: Record<string, unknown> }>
    flash?: { title?: string; text: string; items?: string[] }
    /** An amendment's answers, by requirement, between its form and its check page (nothing stored yet). */
    amendments?: Record<string, Record<string, string>>
  }
}

declare global {
  namespace Express {
    interface Locals {
      user?: CurrentUser
      cspNonce: string
      csrfToken?: string
      /** A warning every page shows the signed-in user (an administrator's bank holiday horizon). */
      notice?: string | null
    }
    interface Request {
      user?: CurrentUser
      id: string | number | object
    }
  }
}

export {}
