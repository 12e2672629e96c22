import type { Views } from '../../views'
import type { IssuedPackRow, IssuedPackSummary } from '../../data/packRepository'
import type { PackModel } from './packTypes'
import { sha256 } from '../../utils/ids'
import { formatDateTime } from '../../utils/dates'

// A pack's HTML: the cover and cases (what is hashed and issued), and the page around them.

/** The templates a pack is written with (views/packs/*). */
export type PackViews = Pick<Views, 'renderBare'>

/** Links and the issue form shown on the web page only (never in the PDF or a snapshot). */
export interface PackActions {
  backHref?: string
  pdfHref?: string
  pdfUnavailable?: string
  issueHref?: string
  csrfToken?: string
}

export interface PackContent {
  html: string
  hash: string
  cases: { reviewId: string; name: string; html: string; hash: string }[]
}

const caseStart = (id: string) => `<!--pack-case:${id}-->`
const caseEnd = (id: string) => `<!--/pack-case:${id}-->`

/**
 * `html` with its `hash` worked out when first read: a pack is compared with an issued one, or
 * issued, far less often than it is read, and hashing a 20-case pack's HTML (a third of a megabyte)
 * twice was a tenth of the time a read took.
 */
function withHash<T extends { html: string }>(part: T): T & { hash: string } {
  let hash: string | undefined
  return Object.defineProperty(part, 'hash', { enumerable: true, get: () => (hash ??= sha256(part.html)) }) as T & {
    hash: string
  }
}

/** The cover and every case, each case wrapped in markers so one case can be read from a snapshot. */
export function renderContent(views: PackViews, model: PackModel, withCover: boolean): PackContent {
  const cases = model.cases.map(c => {
    const html = views.renderBare('packs/case', { case: c, sitting: model.sitting, courtName: model.courtName })
    return withHash({ reviewId: c.reviewId, name: c.person.name, html })
  })
  const cover = withCover ? views.renderBare('packs/cover', { ...model }) : ''
  const html = cover + cases.map(c => caseStart(c.reviewId) + c.html + caseEnd(c.reviewId)).join('')
  return withHash({ html, cases })
}

/** One case's part of an issued pack's HTML, markers included; null when the snapshot has no such case. */
export function caseSnapshot(html: string, reviewId: string): string | null {
  const start = html.indexOf(caseStart(reviewId))
  const end = html.indexOf(caseEnd(reviewId))
  return start >= 0 && end > start ? html.slice(start, end + caseEnd(reviewId).length) : null
}

/** The page around a pack's content: title, version, when prepared, what changed, the page's links. */
export function packPage(
  views: PackViews,
  content: string,
  ctx: {
    title: string
    versionLabel: string
    preparedAt: string
    changed?: { version: number; names: string[]; live?: boolean }
    actions?: PackActions
  },
): string {
  return views.renderBare('packs/layout', { ...ctx, content, preparedAt: formatDateTime(ctx.preparedAt) })
}

const CONTENT_MARK = '\u0000pack-content\u0000'
// Each kept content's bytes, by the object that holds it (the live content or the issued row kept in
// memory with the sitting's pack): encoded once, let go with it.
const contentBytes = new WeakMap<object, Buffer>()

/**
 * packPage, as its text and as the bytes it is sent as (UTF-8). The content is encoded once for the
 * copy kept in memory and only the page around it on each read: encoding a 20-case pack (a third of
 * a megabyte) on every send was as much work as the rest of reading it from memory.
 */
export function packPageDocument(
  views: PackViews,
  holder: { readonly html: string },
  ctx: Parameters<typeof packPage>[2],
): { html: string; bytes: Buffer } {
  const page = packPage(views, CONTENT_MARK, ctx)
  const at = page.indexOf(CONTENT_MARK)
  if (at < 0 || page.includes(CONTENT_MARK, at + 1)) {
    const html = packPage(views, holder.html, ctx)
    return { html, bytes: Buffer.from(html) }
  }
  const before = page.slice(0, at)
  const after = page.slice(at + CONTENT_MARK.length)
  let content = contentBytes.get(holder)
  if (!content) contentBytes.set(holder, (content = Buffer.from(holder.html)))
  return {
    html: before + holder.html + after,
    bytes: Buffer.concat([Buffer.from(before), content, Buffer.from(after)]),
  }
}

/** Which cases differ between a snapshot and the live content (added, removed or changed). */
export function changedCases(issued: { summary: IssuedPackSummary }, live: Pick<PackContent, 'cases'>): string[] {
  const before = new Map(issued.summary.cases.map(c => [c.reviewId, c]))
  const names: string[] = []
  for (const c of live.cases) if (before.get(c.reviewId)?.hash !== c.hash) names.push(c.name)
  const liveIds = new Set(live.cases.map(c => c.reviewId))
  for (const c of issued.summary.cases) if (!liveIds.has(c.reviewId)) names.push(`${c.name} (no longer listed)`)
  return names
}

export const versionLabel = (issued: Pick<IssuedPackRow, 'version' | 'issuedAt'> | null) =>
  issued ? `Version ${issued.version} issued ${formatDateTime(issued.issuedAt)}` : 'Draft — not issued'

export const packTitle = (model: Pick<PackModel, 'sitting' | 'courtName' | 'heading'>) =>
  model.sitting ? `Hearing pack: ${model.courtName}, ${model.heading}` : `Hearing pack: ${model.courtName}`
