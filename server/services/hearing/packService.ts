import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { AuditTrail } from '../notify/auditTrail'
import type { IssuedPackSummary, PackRepository } from '../../data/packRepository'
import type { ReviewRepository } from '../../data/reviewRepository'
import type { SittingRepository, SittingRow } from '../../data/sittingRepository'
import type { BuildPackModel } from './packModel'
import type { PackPrinter } from './packPrinter'
import { firstAfter, type CaseDataCache } from '../../data/caseDataCache'
import { NotFoundError, ForbiddenError } from '../../errors'
import { newId } from '../../utils/ids'
import { formatShortDate } from '../../utils/dates'
import {
  caseSnapshot,
  changedCases,
  packPage,
  packPageDocument,
  packTitle,
  renderContent,
  versionLabel,
  type PackActions,
  type PackViews,
} from './packDocument'

export type { PackActions } from './packDocument'

/** How many sittings' packs an instance keeps (a 20-case pack is about a third of a megabyte of HTML). */
export const PACKS_KEPT = 20

export interface PackDocument {
  html: string
  /** The page as sent (UTF-8), when it was made from content kept in memory. */
  bytes?: Buffer
  title: string
  filename: string
  version: number | null
  /** The document as PDF, when it was asked for with `{ pdf: true }`. */
  pdf?: Buffer
}

interface ReadOptions {
  /** Print it: recorded as printed, and returned with the PDF. */
  pdf?: boolean
  actions?: PackActions
}

/**
 * Hearing packs for a sitting's bench and clerks: read live or as issued, printed, and issued as
 * frozen versions. Every read is audited.
 */
export function createPackService(deps: {
  clock: Clock
  /** The audit trail: every read and change of case data is recorded. */
  audit: Pick<AuditTrail, 'record' | 'viewed' | 'listed'>
  packs: PackRepository
  reviews: ReviewRepository
  sittings: SittingRepository
  buildPackModel: BuildPackModel
  views: PackViews
  printer: PackPrinter
  /** Where sittings' packs are kept between reads (PACKS_KEPT of them). */
  cache: CaseDataCache
}) {
  const { clock, audit, packs, reviews, sittings, buildPackModel, views, printer, cache } = deps
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

  async function liveSittingContent(sitting: SittingRow) {
    const booked = await reviews.forSitting(sitting.id)
    const model = await buildPackModel({ sitting, reviews: booked })
    return { model, live: renderContent(views, model, true), booked }
  }

  /**
   * A sitting's live pack and its latest issued version, from memory while the case data is unchanged
   * (server/data/caseDataCache.ts) and until the next report due time among its cases passes (a report
   * not in by then is flagged overdue). Who may read it and the audit row are worked out on every read.
   */
  const sittingContent = (sittingId: string, at: string) =>
    cache.get(`pack:${sittingId}`, at, async () => {
      const sitting = await sittings.find(sittingId)
      if (!sitting) return { value: null, until: null }
      const { model, live, booked } = await liveSittingContent(sitting)
      const issued = await packs.latestIssued(sitting.id)
      return {
        value: { sitting, model, live, issued },
        until: firstAfter(
          at,
          booked.map(r => r.reportDueAt),
        ),
      }
    })

  /**
   * Recorded as read (or printed), then printed when asked: a PDF that cannot be made was still asked
   * for. One row, naming the people in the pack by id; a one-case pack's row is that person's.
   */
  async function deliver(
    user: CurrentUser,
    doc: PackDocument,
    subject: { type: string; id: string; people: string[] },
    pdf = false,
  ) {
    const read = { subjectType: subject.type, subjectId: subject.id, detail: { version: doc.version } }
    const action = pdf ? 'print_pack' : 'view_pack'
    if (subject.type === 'review' && subject.people.length === 1)
      await audit.viewed(user, { ...read, action, personId: subject.people[0] })
    else await audit.listed(user, { ...read, action, people: subject.people })
    return pdf ? { ...doc, pdf: await printer.print(doc.html) } : doc
  }

  /**
   * What the reader sees. A sentencer reads the latest issued version (with a banner naming the
   * cases changed since); a clerk, and anyone before the first issue, reads the live pack.
   */
  async function sittingPack(user: CurrentUser, sittingId: string, options: ReadOptions = {}): Promise<PackDocument> {
    if (user.role !== 'clerk' && user.role !== 'sentencer') throw new ForbiddenError()
    const content = await sittingContent(sittingId, now())
    if (!content || !mayRead(user, content.sitting)) throw new NotFoundError('Sitting not found')
    const { sitting, model, live, issued } = content
    const title = packTitle(model)
    let doc: PackDocument
    if (issued && user.role === 'sentencer') {
      const names = issued.contentHash === live.hash ? [] : changedCases(issued, live)
      doc = {
        ...packPageDocument(views, issued, {
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
        ...packPageDocument(views, live, {
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
    return deliver(
      user,
      doc,
      { type: 'sitting', id: sitting.id, people: model.cases.map(c => c.personId) },
      options.pdf,
    )
  }

  /** One case's pack: from the sitting's latest issued version for a sentencer, else live. */
  async function reviewPack(user: CurrentUser, reviewId: string, options: ReadOptions = {}): Promise<PackDocument> {
    const { review, sitting } = await reviewFor(user, reviewId)
    const model = await buildPackModel({ sitting, reviews: [review] })
    const live = renderContent(views, model, false)
    const issued = sitting ? await packs.latestIssued(sitting.id) : null
    const title = `Hearing pack: ${model.cases[0]?.person.name ?? ''}`
    const issuedCase = issued?.summary.cases.find(c => c.reviewId === review.id)
    const liveCase = live.cases[0]
    const unchanged = Boolean(issuedCase && liveCase && issuedCase.hash === liveCase.hash)
    let html: string
    let version: number | null = null
    if (issued && issuedCase && user.role === 'sentencer') {
      version = issued.version
      html = packPage(views, caseSnapshot(issued.html, review.id) ?? live.html, {
        title,
        versionLabel: versionLabel(issued),
        preparedAt: issued.issuedAt,
        changed: unchanged ? undefined : { version: issued.version, names: [issuedCase.name] },
        actions: options.actions,
      })
    } else {
      version = unchanged && issued ? issued.version : null
      html = packPage(views, live.html, {
        title,
        versionLabel: unchanged && issued ? versionLabel(issued) : 'Draft — not issued',
        preparedAt: now(),
        changed:
          issued && issuedCase && !unchanged
            ? { version: issued.version, names: [issuedCase.name], live: true }
            : undefined,
      })
    }
    const doc = { html, title, filename: `hearing-pack-${review.reviewDate}-case.pdf`, version }
    return deliver(user, doc, { type: 'review', id: review.id, people: model.cases.map(c => c.personId) }, options.pdf)
  }

  return {
    sittingPack,
    reviewPack,

    /** Whether packs can be printed to PDF here (Chromium is installed). */
    pdfAvailable: () => printer.available(),

    /**
     * Freeze the live pack as the next version. Unchanged content makes no new version. Two clerks
     * issuing at once: the unique (sitting, version) key lets one through; the other reads it back.
     */
    async issue(user: CurrentUser, sittingId: string): Promise<{ version: number; created: boolean }> {
      if (user.role !== 'clerk') throw new ForbiddenError()
      const sitting = await sittingFor(user, sittingId)
      const { live } = await liveSittingContent(sitting)
      const latest = await packs.latestIssued(sitting.id)
      if (latest && latest.contentHash === live.hash) return { version: latest.version, created: false }
      const version = (latest?.version ?? 0) + 1
      const at = now()
      const summary: IssuedPackSummary = {
        cases: live.cases.map(c => ({ reviewId: c.reviewId, name: c.name, hash: c.hash })),
      }
      const created = await packs.insertIssued({
        id: newId(),
        sittingId: sitting.id,
        version,
        issuedAt: at,
        issuedBy: user.id,
        contentHash: live.hash,
        html: live.html,
        summary,
      })
      if (!created) {
        const again = await packs.latestIssued(sitting.id)
        if (again) return { version: again.version, created: false }
        throw new Error(`Version ${version} of the pack for sitting ${sitting.id} was taken, then not found`)
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
      return (await packs.issued(sitting.id)).map(p => ({
        version: p.version,
        issuedAt: p.issuedAt,
        label: `Version ${p.version}, issued ${formatShortDate(p.issuedAt)}`,
      }))
    },
  }
}

export type PackService = ReturnType<typeof createPackService>
