import crypto from 'node:crypto'

export const newId = (): string => crypto.randomUUID()

export const sha256 = (value: string): string => crypto.createHash('sha256').update(value).digest('hex')

export const randomToken = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url')

export const isId = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)
