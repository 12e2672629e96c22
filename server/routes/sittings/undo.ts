import type { Request } from 'express'

// The offer to undo a booking change lives in the session for the one page shown after it.
const KEY = 'booking-undo'

export function offerUndo(req: Request, text: string): void {
  req.session.forms = { ...(req.session.forms ?? {}), [KEY]: { errors: {}, values: { text } } }
}

export function takeUndo(req: Request): { text: string } | null {
  const kept = req.session.forms?.[KEY]
  if (!kept || !req.session.forms) return null
  delete req.session.forms[KEY]
  return typeof kept.values.text === 'string' ? { text: kept.values.text } : null
}
