import crypto from 'node:crypto'

/**
 * A new row id: a UUID version 7 (RFC 9562), the time in milliseconds and then 74 random bits. Ids
 * made close together sort together, so a new row's key, and the indexes that hold new rows' ids (a
 * review's events, a requirement's reviews), take their entries on the same few pages rather than
 * one page each anywhere in a large index: fewer pages written for each order, and smaller
 * checkpoints. Ids are not secrets (every read checks access); 74 random bits keep them unguessable
 * and unique. Tokens and session ids come from `randomToken`.
 */
export const newId = (): string => {
  const random = crypto.randomUUID()
  const time = Date.now().toString(16).padStart(12, '0')
  // randomUUID's version digit (4, at index 14) becomes 7; its variant bits are already RFC 9562's.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`
}

export const sha256 = (value: string): string => crypto.createHash('sha256').update(value).digest('hex')

export const randomToken = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url')

export const isId = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)
