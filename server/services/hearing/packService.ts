import fs from 'node:fs'
import path from 'node:path'
import type { HearingDeps } from './deps'
import type { CurrentUser } from '../../roles'
import type { SittingRow } from '../../data/sittingRepository'
import type { ReviewRow } from '../../data/reviewRepository'
import { NotFoundError, ForbiddenError } from '../../errors'
import { projectRoot } from '../../config'
import { createViews, type Views } from '../../views'
import { newId, sha256 } from '../../utils/ids'
import { formatDateTime, formatShortDate } from '../../utils/dates'
import { isUniqueViolation } from '../../db/createDb'
import { buildPackModel, type PackModel } from './packModel'

export interface PackSummary {
  cases: { reviewId: string; name: string; hash: string }[]
}

interface IssuedPack {
  id: string
  version: number
  issuedAt: string
  contentHash: string
  html: string
  summary: PackSummary
}

/** Links and the issue form shown on the web page only (never in the PDF or a snapshot). */
export interface PackActions {
  backHref?: string
  pdfHref?: string
  pdfUnavailable?: string
  issueHref?: string
  csrfToken?: string
}

export interface PackDocument {
  html: string
  title: string
  filename: string
  version: number | null
}

const caseStart = (id: string) => `<!--pack-case:${id}-->`
const caseEnd = (id: string) => `<!--/pack-case:${id}-->`

let viewsCache: Views | null = null
const views = () => (viewsCache ??= createViews(path.join(projectRoot, 'views')))
let cssCache: string | null = null
/** The pack's print CSS, for the PDF renderer (a page set from a string cannot load /assets). */
export const packCss = () => (cssCache ??= fs.readFileSync(path.join(projectRoot, 'assets/pack.css'), 'utf8'))

export function createPackService(deps: HearingDeps) {
  const { db, clock, audit, sittings, reviews } = deps
  const now = () => clock.now().toISOString()

  function mayRead(user: CurrentUser, sitting: SittingRow | null) {
    if (user.role === 'clerk') return true
    if (user.role === 'sentencer') return Boolean(sitting && sitting.benchUserIds.includes(user.id))
    return false
  }

  async function sittingFor(user: CurrentUser, sittingId: string) {
    if (user.role !== 'clerk' && user.role !== 'sentencer') throw new ForbiddenError()
    const sitting = await sittings.find(sittingId)
    if (!sitting || !mayRead(user, sitting)) throw new NotFoundError('Sitting not found')
    return sitting
  }

  async function reviewFor(user: CurrentUser, reviewId: string) {
    if (user.role !== 'clerk' && user.role !== 'sentencer') throw new ForbiddenError()
    const review = await reviews.find(reviewId)
    const sitting = review?.sittingId ? await sittings.find(review.sittingId) : null
    if (!review || !mayRead(user, sitting)) throw new NotFoundError('Review not found')
    return { review, sitting }
  }

  /** The cover and every case, each case wrapped in markers so one case can be read from a snapshot. */
  function renderContent(model: PackModel, withCover: boolean) {
    const v = views()
    const cases = model.cases.map(c => {
      const html = v.renderBare('packs/case', { case: c, sitting: model.sitting, courtName: model.courtName })
      return { reviewId: c.reviewId, name: c.person.name, html, hash: sha256(html) }
    })
    const cover = withCover ? v.renderBare('packs/cover', { ...model }) : ''
    const html = cover + cases.map(c => caseStart(c.reviewId) + c.html + caseEnd(c.reviewId)).join('')
    return { html, hash: sha256(html), cases }
  }

  function document(
    content: string,
    ctx: {
      title: string
      versionLabel: string
      preparedAt: string
      changed?: { version: number; names: string[]; live?: boolean }
      actions?: PackActions
    },
  ) {
    return views().renderBare('packs/layout', {
      ...ctx,
      content,
      preparedAt: formatDateTime(ctx.preparedAt),
    })
  }

  async function issuedPacks(sittingId: string): Promise<IssuedPack[]> {
    const rows = await db('hearing_pack').where({ sitting_id: sittingId }).whereNull('review_id').orderBy('version')
    return rows.map(r => ({
      id: String(r.id),
      version: Number(r.version),
      issuedAt: String(r.issued_at),
      contentHash: String(r.content_hash),
      html: String(r.html),
      summary: (r.summary ? JSON.parse(String(r.summary)) : { cases: [] }) as PackSummary,
    }))
  }

  async function latestIssued(sittingId: string): Promise<IssuedPack | null> {
    const r = await db('hearing_pack')
      .where({ sitting_id: sittingId })
      .whereNull('review_id')
      .orderBy('version', 'desc')
      .first()
    if (!r) return null
    return {
      id: String(r.id),
      version: Number(r.version),
      issuedAt: String(r.issued_at),
      contentHash: String(r.content_hash),
      html: String(r.html),
      summary: (r.summary ? JSON.parse(String(r.summary)) : { cases: [] }) as PackSummary,
    }
  }

  /** Which cases differ between a snapshot and the live content (added, removed or changed). */
  function changedCases(issued: IssuedPack, live: { cases: { reviewId: string; name: string; hash: string }[] }) {
    const before = new Map(issued.summary.cases.map(c => [c.reviewId, c]))
    const names: string[] = []
    for (const c of live.cases) if (before.get(c.reviewId)?.hash !== c.hash) names.push(c.name)
    const liveIds = new Set(live.cases.map(c => c.reviewId))
    for (const c of issued.summary.cases) if (!liveIds.has(c.reviewId)) names.push(`${c.name} (no longer listed)`)
    return names
  }

  const versionLabel = (issued: IssuedPack | null) =>
    issued ? `Version ${issued.version} issued ${formatDateTime(issued.issuedAt)}` : 'Draft — not issued'

  async function record(
    user: CurrentUser,
    pdf: boolean,
    subjectType: string,
    subjectId: string,
    version: number | null,
  ) {
    await audit.record(
      { userId: user.id, action: pdf ? 'print_pack' : 'view_pack', subjectType, subjectId, detail: { version } },
      now(),
    )
  }

  const titleOf = (model: PackModel) =>
    model.sitting ? `Hearing pack: ${model.courtName}, ${model.heading}` : `Hearing pack: ${model.courtName}`

  /**
   * What the reader sees. A sentencer reads the latest issued version (with a banner naming the
   * cases changed since); a clerk, and anyone before the first issue, reads the live pack.
   */
  async function sittingPack(
    user: CurrentUser,
    sittingId: string,
    options: { pdf?: boolean; actions?: PackActions } = {},
  ) {
    const sitting = await sittingFor(user, sittingId)
    const model = await buildPackModel(deps, { sitting, reviews: await reviews.forSitting(sitting.id) })
    const live = renderContent(model, true)
    const issued = await latestIssued(sitting.id)
    const title = titleOf(model)
    let doc: PackDocument
    if (issued && user.role === 'sentencer') {
      const names = issued.contentHash === live.hash ? [] : changedCases(issued, live)
      doc = {
        html: document(issued.html, {
          title,
          versionLabel: versionLabel(issued),
          preparedAt: issued.issuedAt,
          changed: names.length ? { version: issued.version, names } : undefined,
          actions: options.actions,
        }),
        title,
        filename: `hearing-pack-${sitting.date}-v${issued.version}.pdf`,
        version: issued.version,
      }
    } else {
      const current = issued && issued.contentHash === live.hash ? issued : null
      const names = issued && !current ? changedCases(issued, live) : []
      doc = {
        html: document(live.html, {
          title,
          versionLabel: versionLabel(current),
          preparedAt: now(),
          changed: names.length && issued ? { version: issued.version, names, live: true } : undefined,
          actions: options.actions,
        }),
        title,
        filename: `hearing-pack-${sitting.date}${current ? `-v${current.version}` : '-draft'}.pdf`,
        version: current?.version ?? null,
      }
    }
    await record(user, Boolean(options.pdf), 'sitting', sitting.id, doc.version)
    return doc
  }

  /** One case's pack: from the sitting's latest issued version for a sentencer, else live. */
  async function reviewPack(
    user: CurrentUser,
    reviewId: string,
    options: { pdf?: boolean; actions?: PackActions } = {},
  ) {
    const { review, sitting } = await reviewFor(user, reviewId)
    const model = await buildPackModel(deps, { sitting, reviews: [review as ReviewRow] })
    const live = renderContent(model, false)
    const issued = sitting ? await latestIssued(sitting.id) : null
    const title = `Hearing pack: ${model.cases[0]?.person.name ?? ''}`
    const issuedCase = issued?.summary.cases.find(c => c.reviewId === review.id)
    const liveCase = live.cases[0]
    const unchanged = Boolean(issuedCase && liveCase && issuedCase.hash === liveCase.hash)
    let html: string
    let version: number | null = null
    if (issued && issuedCase && user.role === 'sentencer') {
      const start = issued.html.indexOf(caseStart(review.id))
      const end = issued.html.indexOf(caseEnd(review.id))
      const snapshot = start >= 0 && end > start ? issued.html.slice(start, end + caseEnd(review.id).length) : live.html
      version = issued.version
      html = document(snapshot, {
        title,
        versionLabel: versionLabel(issued),
        preparedAt: issued.issuedAt,
        changed: unchanged ? undefined : { version: issued.version, names: [issuedCase.name] },
        actions: options.actions,
      })
    } else {
      version = unchanged && issued ? issued.version : null
      html = document(live.html, {
        title,
        versionLabel: unchanged && issued ? versionLabel(issued) : 'Draft — not issued',
        preparedAt: now(),
        changed:
          issued && issuedCase && !unchanged
            ? { version: issued.version, names: [issuedCase.name], live: true }
            : undefined,
      })
    }
    await record(user, Boolean(options.pdf), 'review', review.id, version)
    return { html, title, filename: `hearing-pack-${review.reviewDate}-case.pdf`, version } satisfies PackDocument
  }

  return {
    sittingPack,
    reviewPack,

    /**
     * Freeze the live pack as the next version. Unchanged content makes no new version. Two clerks
     * issuing at once: the unique (sitting, version) key lets one through; the other reads it back.
     */
    async issue(user: CurrentUser, sittingId: string): Promise<{ version: number; created: boolean }> {
      if (user.role !== 'clerk') throw new ForbiddenError()
      const sitting = await sittingFor(user, sittingId)
      const model = await buildPackModel(deps, { sitting, reviews: await reviews.forSitting(sitting.id) })
      const live = renderContent(model, true)
      const latest = await latestIssued(sitting.id)
      if (latest && latest.contentHash === live.hash) return { version: latest.version, created: false }
      const version = (latest?.version ?? 0) + 1
      const at = now()
      const summary: PackSummary = {
        cases: live.cases.map(c => ({ reviewId: c.reviewId, name: c.name, hash: c.hash })),
      }
      try {
        await db('hearing_pack').insert({
          id: newId(),
          sitting_id: sitting.id,
          review_id: null,
          version,
          issued_at: at,
          issued_by: user.id,
          content_hash: live.hash,
          html: live.html,
          summary: JSON.stringify(summary),
        })
      } catch (err) {
        if (isUniqueViolation(err)) {
          const again = await latestIssued(sitting.id)
          if (again) return { version: again.version, created: false }
        }
        throw err
      }
      await audit.record(
        { userId: user.id, action: 'issue_pack', subjectType: 'sitting', subjectId: sitting.id, detail: { version } },
        at,
      )
      return { version, created: true }
    },

    /** The versions issued for a sitting, oldest first (for the clerk's pages). */
    async versions(user: CurrentUser, sittingId: string) {
      const sitting = await sittingFor(user, sittingId)
      return (await issuedPacks(sitting.id)).map(p => ({
        version: p.version,
        issuedAt: p.issuedAt,
        label: `Version ${p.version}, issued ${formatShortDate(p.issuedAt)}`,
      }))
    },
  }
}

export type PackService = ReturnType<typeof createPackService>
