import type { Knex } from 'knex'
import type { AuditEntry, AuditListener } from '../../data/auditRepository'
import type { OutboxRepository } from '../../data/outboxRepository'
import { paths } from '../../paths'
import { formatDateTime } from '../../utils/dates'
import type { EmailRenderer } from './emailTemplates'
import { createReviewAnnouncements, PLACEMENT_ACTIONS } from './reviewAnnouncements'

/**
 * Turns recorded changes into emails, in the change's own transaction (see AuditListener):
 * review hearings listed, moved or cancelled (with calendar invites) to the officer and the
 * provider; a clerk's chase; a pack issued to the bench; attendance required after a paper review.
 * A review remembers what its invites last announced, so only real changes are sent, and each
 * move or cancellation raises the invite's SEQUENCE.
 */
export function createNotifier(deps: { outbox: OutboxRepository; emails: EmailRenderer }) {
  const { outbox, emails } = deps
  const { announceReviews } = createReviewAnnouncements({ outbox, emails })

  async function reviewContext(trx: Knex, reviewId: string) {
    return trx('review as r')
      .join('requirement as q', 'q.id', 'r.requirement_id')
      .join('sentence_order as o', 'o.id', 'q.order_id')
      .leftJoin('sitting as s', 's.id', 'r.sitting_id')
      .join('court as c', 'c.id', trx.raw('coalesce(s.court_id, o.court_id)'))
      .leftJoin('app_user as u', function () {
        this.on('u.id', '=', 'q.responsible_officer_id').andOn('u.disabled', '=', trx.raw('?', [false]))
      })
      .select('r.id', 'r.status', 'r.starts_at', 'r.report_due_at', 'r.review_date', 'c.name as court_name')
      .select('u.email as officer_email', 'o.person_id', 'o.court_id')
      .where('r.id', reviewId)
      .first()
  }

  async function chase(trx: Knex, entry: AuditEntry, at: string) {
    const r = await reviewContext(trx, entry.subjectId!)
    if (!r?.officer_email) return
    const draft = emails.draft(
      'report-chase',
      'The court is asking for a progress report',
      {
        court: r.court_name,
        hearing: r.starts_at ? formatDateTime(r.starts_at) : r.review_date,
        due: r.report_due_at ? formatDateTime(r.report_due_at) : null,
        link: emails.link(paths.reports.edit(r.id)),
      },
      { essential: true },
    )
    await outbox.enqueue([{ to: r.officer_email, ...draft }], at, trx)
  }

  /** The court's clerks (every clerk, where none is linked to the court: a deployment is one region). */
  async function clerksOf(trx: Knex, courtId: string): Promise<string[]> {
    const clerks = trx('app_user as u').where({ 'u.role': 'clerk', 'u.disabled': false })
    const linked = await clerks
      .clone()
      .join('user_court as c', 'c.user_id', 'u.id')
      .where('c.court_id', courtId)
      .pluck('u.email')
    return linked.length ? linked : clerks.pluck('u.email')
  }

  // Sch 9 para 22(7): the person must attend a hearing; their officer and the court's clerks are told.
  async function attendanceRequired(trx: Knex, entry: AuditEntry, at: string) {
    const detail = (entry.detail ?? {}) as { nextReviewId?: string | null }
    const r = await reviewContext(trx, entry.subjectId!)
    if (!r) return
    const to = [
      ...new Set([...(r.officer_email ? [r.officer_email as string] : []), ...(await clerksOf(trx, r.court_id))]),
    ]
    const next = detail.nextReviewId ? await reviewContext(trx, detail.nextReviewId) : null
    const draft = emails.draft(
      'attendance-required',
      'Attendance required at a review hearing',
      {
        when: next?.starts_at ? formatDateTime(next.starts_at) : null,
        court: next?.court_name ?? r.court_name,
        link: emails.link(paths.people.show(r.person_id)),
      },
      { essential: true },
    )
    await outbox.enqueue(
      to.map(email => ({ to: email, ...draft })),
      at,
      trx,
    )
  }

  async function packIssued(trx: Knex, entry: AuditEntry, at: string) {
    const sitting = await trx('sitting as s')
      .join('court as c', 'c.id', 's.court_id')
      .select('s.id', 's.starts_at', 'c.name as court_name')
      .where('s.id', entry.subjectId!)
      .first()
    if (!sitting) return
    const bench = await trx('sitting_bench as b')
      .join('app_user as u', 'u.id', 'b.user_id')
      .where('b.sitting_id', sitting.id)
      .where('u.disabled', false)
      .pluck('u.email')
    const version = Number((entry.detail as { version?: number } | undefined)?.version ?? 1)
    const draft = emails.draft(
      'pack-issued',
      `Hearing pack issued: ${formatDateTime(sitting.starts_at)}`,
      {
        version,
        court: sitting.court_name,
        when: formatDateTime(sitting.starts_at),
        link: emails.link(paths.packs.sitting(sitting.id)),
      },
      { essential: true },
    )
    await outbox.enqueue(
      bench.map((to: string) => ({ to, ...draft })),
      at,
      trx,
    )
  }

  const listener: AuditListener = {
    actions: new Set([...PLACEMENT_ACTIONS, 'chase_report', 'issue_pack', 'notify_officer']),
    async onRecorded(entry, at, trx) {
      if (PLACEMENT_ACTIONS.has(entry.action)) return announceReviews(trx, entry, at)
      if (entry.action === 'chase_report') return chase(trx, entry, at)
      if (entry.action === 'issue_pack') return packIssued(trx, entry, at)
      if (entry.action === 'notify_officer') return attendanceRequired(trx, entry, at)
    },
  }
  return { listener }
}
