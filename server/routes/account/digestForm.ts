import { ValidationError } from '../../errors'
import { str } from '../forms'

/** The daily digest answer: "yes" (send it) or "no" (do not). */
export function parseDigestForm(body: Record<string, unknown>): boolean {
  const answer = str(body.digest)
  if (answer === 'yes') return true
  if (answer === 'no') return false
  throw new ValidationError([{ field: 'digest', message: 'Select yes if you want the daily digest email' }])
}
