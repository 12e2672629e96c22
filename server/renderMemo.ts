import crypto from 'node:crypto'
import { deepFreeze } from './utils/freeze'

/**
 * Rendered pages kept in memory, keyed by the page and everything it was rendered from, so the
 * same page rendered from the same context again (a court list read by the clerk all morning, the
 * account page) is written out, not rendered again. A page is a pure function of its context: the
 * key is the context itself (its JSON), read afresh from the database on every request, so nothing
 * kept can be stale; it only saves the template work. What differs on every request though the
 * context does not is punched out as a hole and written in afresh on each use:
 *
 * - the request's own values (`perRequest`: the CSRF token, the CSP nonce), left out of the key and
 *   written in escaped as the template escapes them;
 * - the one-time form ids (govuk/hidden-csrf's `_formId`), a new id for each hole on each use, as a
 *   fresh render would make.
 *
 * A render whose output still holds one of those values after the holes are punched (written some
 * other way than escaped) is not kept. A page is kept as the bytes it is sent as (UTF-8): a 20-case
 * court list is 46 KB, and encoding it again on every send cost as much as the rest of writing it out.
 * Least recently used entries go first beyond `maxEntries` or `maxBytes`. With `verify` (the tests),
 * every use is checked against a fresh render and a difference throws: a page whose output depends on
 * anything not in its context is found at once.
 */

// Values their makers declared unchangeable (deep-frozen) and reuse from request to request while
// what they were made from is unchanged (a court list's rows): compared by identity, not content.
const sealedIds = new WeakMap<object, number>()
let lastSealed = 0

/**
 * Freezes `value` deeply and lets a page's context hold it as itself: two contexts holding the same
 * sealed value are equal there without its content being compared (a 20-case court list's rows are
 * most of its 22 KB of context). For values made once and reused while their sources are unchanged.
 */
export function sealed<T extends object>(value: T): T {
  if (!sealedIds.has(value)) sealedIds.set(deepFreeze(value), (lastSealed += 1))
  return value
}

/** The context as compared: its JSON, with each sealed value at its top level written as its identity. */
function comparable(context: object): string {
  const entries = Object.entries(context)
  if (!entries.some(([, v]) => typeof v === 'object' && v !== null && sealedIds.has(v))) return JSON.stringify(context)
  const parts: string[] = []
  for (const [key, value] of entries) {
    const id = typeof value === 'object' && value !== null ? sealedIds.get(value) : undefined
    const json = id !== undefined ? `"\u0000sealed:${id}"` : JSON.stringify(value)
    // As JSON.stringify does: a property whose value has no JSON (undefined, a function) is left out.
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`)
  }
  return `{${parts.join(',')}}`
}

export interface RenderMemoOptions {
  maxEntries: number
  /** Bound on the bytes kept (pages, and keys at two bytes a character). */
  maxBytes: number
  verify: boolean
  escape(value: string): string
  newFormId(): string
}

/** A kept page: its bytes between the holes, and what goes in each hole (an index into perRequest, or -1 for a form id). */
interface Kept {
  parts: Buffer[]
  holes: number[]
  bytes: number
}

/** Keys longer than this are kept as their SHA-256 (a pack's context is hundreds of kilobytes). */
const KEY_KEPT_WHOLE = 512

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export function createRenderMemo(options: RenderMemoOptions) {
  const { maxEntries, maxBytes, verify, escape, newFormId } = options
  const kept = new Map<string, Kept>()
  let bytes = 0
  let hits = 0
  let misses = 0

  const keyOf = (page: string, context: object, perRequest: readonly string[]): string => {
    let json = comparable(context)
    perRequest.forEach((value, i) => {
      if (value && json.includes(value)) json = json.split(value).join(`\u0000${i}\u0000`)
    })
    const key = `${page}\u0000${json}`
    return key.length > KEY_KEPT_WHOLE ? crypto.createHash('sha256').update(key).digest('base64') : key
  }

  /** Splits a render at the request's values and its form ids; null when a value is left in some other form. */
  const punch = (
    html: string,
    perRequest: readonly string[],
    formIds: readonly string[],
  ): { parts: string[]; holes: number[]; written: string[] } | null => {
    const needles = new Map<string, number>()
    perRequest.forEach((value, i) => {
      if (value) needles.set(escape(value), i)
    })
    for (const id of formIds) needles.set(escape(id), -1)
    const parts: string[] = []
    const holes: number[] = []
    // What this render wrote in each hole, to send it from the same bytes as are kept.
    const written: string[] = []
    if (needles.size) {
      const pattern = new RegExp([...needles.keys()].map(escapeRegExp).join('|'), 'g')
      let from = 0
      for (const m of html.matchAll(pattern)) {
        parts.push(html.slice(from, m.index))
        holes.push(needles.get(m[0])!)
        written.push(m[0])
        from = m.index + m[0].length
      }
      parts.push(html.slice(from))
    } else parts.push(html)
    const left = [...perRequest.filter(Boolean), ...formIds]
    if (parts.some(p => left.some(value => p.includes(value)))) return null
    return { parts, holes, written }
  }

  const fill = (entry: Kept, perRequest: readonly string[]): Buffer => {
    const pieces: Buffer[] = [entry.parts[0]]
    for (let i = 0; i < entry.holes.length; i += 1) {
      const hole = entry.holes[i]
      pieces.push(Buffer.from(hole < 0 ? escape(newFormId()) : escape(perRequest[hole])), entry.parts[i + 1])
    }
    return Buffer.concat(pieces)
  }

  const sizeOf = (key: string, entry: Kept) => entry.bytes + 2 * key.length
  const keep = (key: string, entry: Kept) => {
    if (sizeOf(key, entry) > maxBytes) return
    const before = kept.get(key)
    if (before) {
      bytes -= sizeOf(key, before)
      kept.delete(key)
    }
    kept.set(key, entry)
    bytes += sizeOf(key, entry)
    while (kept.size > maxEntries || bytes > maxBytes) {
      const [oldest, value] = kept.entries().next().value as [string, Kept]
      kept.delete(oldest)
      bytes -= sizeOf(oldest, value)
    }
  }

  return {
    /**
     * `render` renders the page afresh, calling `formId` for each one-time form id it writes (the
     * newFormId helper does this while a render is recorded).
     */
    render(
      page: string,
      context: object,
      perRequest: readonly string[],
      render: (recordFormId: (id: string) => void) => string,
    ): string | Buffer {
      const key = keyOf(page, context, perRequest)
      const found = kept.get(key)
      if (found) {
        hits += 1
        kept.delete(key)
        kept.set(key, found)
        if (verify) {
          const ids: string[] = []
          const fresh = punch(
            render(id => ids.push(id)),
            perRequest,
            ids,
          )
          const same =
            fresh &&
            fresh.holes.join() === found.holes.join() &&
            fresh.parts.length === found.parts.length &&
            fresh.parts.every((part, i) => found.parts[i].equals(Buffer.from(part)))
          if (!same)
            throw new Error(`The page ${page} rendered differently from the same context: it depends on something else`)
        }
        return fill(found, perRequest)
      }
      misses += 1
      const ids: string[] = []
      const html = render(id => ids.push(id))
      const punched = punch(html, perRequest, ids)
      if (!punched) return html
      const parts = punched.parts.map(part => Buffer.from(part))
      keep(key, { parts, holes: punched.holes, bytes: parts.reduce((n, part) => n + part.length, 0) })
      // This render as sent: the bytes just kept with its own values back in their holes (the page is
      // encoded once, not once to keep and again to send).
      const pieces: Buffer[] = [parts[0]]
      punched.written.forEach((value, i) => pieces.push(Buffer.from(value), parts[i + 1]))
      return Buffer.concat(pieces)
    },

    /** How many pages are kept and how reads have gone (for the bench and the tests). */
    stats() {
      return { size: kept.size, bytes, hits, misses }
    },
  }
}

export type RenderMemo = ReturnType<typeof createRenderMemo>
