import type { Knex } from 'knex'
import { planReviews, reportDueDate, type SittingSlotInfo } from '../server/services/scheduling/reviewPlanner'
import { endOfLocalDay, slotStartsAt, toUtcIso } from '../server/utils/dates'

const RESTORED =
  'Breach proceedings keep the order live (Sentencing Act 2020 Sch 10 para 1): review restored after a breach referral'

/**
 * The law, corrected:
 * - a court has a kind (magistrates | crown): a paper review is decided by a single justice or a judge;
 * - a breach referral no longer ends the requirement (Sch 10: the review court deals with the breach and
 *   the order goes on): status `breach` becomes `active` with `breach_proceedings`, and the reviews the
 *   referral vacated are planned again from the review that referred it;
 * - an outcome records who actually sat (`outcome_bench`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('court', t => {
    t.string('kind', 20).notNullable().defaultTo('magistrates')
  })
  await knex.schema.alterTable('requirement', t => {
    t.boolean('breach_proceedings').notNullable().defaultTo(false)
  })
  await knex.schema.createTable('outcome_bench', t => {
    t.string('outcome_id', 36).notNullable().references('outcome.id').onDelete('CASCADE')
    t.string('user_id', 36).notNullable().references('app_user.id')
    t.primary(['outcome_id', 'user_id'])
    t.index(['user_id'])
  })
  // Who sat, as far as it is known: the sitting's rostered bench.
  const outcomes = await knex('outcome as o')
    .join('review as r', 'r.id', 'o.review_id')
    .join('sitting_bench as b', 'b.sitting_id', knex.raw('coalesce(r.sitting_id, r.last_sitting_id)'))
    .select('o.id as outcome_id', 'b.user_id')
  for (let i = 0; i < outcomes.length; i += 200) await knex('outcome_bench').insert(outcomes.slice(i, i + 200))

  const inBreach = await knex('requirement').where('status', 'breach').select('id')
  if (inBreach.length === 0) return
  const holidays = new Set<string>((await knex('bank_holiday').pluck('date')) as string[])
  for (const { id } of inBreach) {
    await knex('requirement').where({ id }).update({ status: 'active', breach_proceedings: true })
    await restoreReviews(knex, id as string, holidays)
  }
}

/** Plans again the reviews a breach referral vacated, from the review that referred it. */
async function restoreReviews(knex: Knex, requirementId: string, holidays: Set<string>) {
  const requirement = await knex('requirement as q')
    .join('sentence_order as o', 'o.id', 'q.order_id')
    .join('court as c', 'c.id', 'o.court_id')
    .where('q.id', requirementId)
    .first('q.*', 'o.court_id', 'c.report_due_working_days')
  if (!requirement?.review_interval_months) return
  const reviews = await knex('review').where('requirement_id', requirementId).orderBy('sequence')
  const vacatedIds = new Set(
    (await knex('review_event')
      .whereIn(
        'review_id',
        reviews.map(r => r.id),
      )
      .where({ action: 'replanned', reason: 'The requirement has no further reviews' })
      .pluck('review_id')) as string[],
  )
  const vacated = reviews.filter(r => r.status === 'vacated' && vacatedIds.has(r.id))
  if (vacated.length === 0) return
  const first = vacated[0].sequence as number
  const anchor = reviews
    .filter(r => r.sequence < first && ['held', 'did_not_attend', 'scheduled'].includes(r.status))
    .pop()
  const from = (anchor?.review_date as string | undefined) ?? (requirement.starts_on as string)
  const sittings = await knex('sitting as s')
    .where({ 's.court_id': requirement.court_id, 's.status': 'open' })
    .where('s.date', '>', from)
    .where('s.date', '<=', requirement.ends_on)
    .select('s.*')
  const sittingIds = sittings.map(s => s.id as string)
  const used = new Map<string, Set<number>>(sittingIds.map(id => [id, new Set<number>()]))
  const bench = new Map<string, string[]>(sittingIds.map(id => [id, []]))
  for (let i = 0; i < sittingIds.length; i += 500) {
    const chunk = sittingIds.slice(i, i + 500)
    for (const r of await knex('review').whereIn('sitting_id', chunk).whereNotNull('slot_index'))
      used.get(r.sitting_id)!.add(Number(r.slot_index))
    for (const b of await knex('sitting_bench').whereIn('sitting_id', chunk)) bench.get(b.sitting_id)!.push(b.user_id)
  }
  const calendar: SittingSlotInfo[] = sittings.map(s => ({
    id: s.id,
    date: s.date,
    startTime: s.start_time,
    slotMinutes: Number(s.slot_minutes),
    capacity: Number(s.capacity),
    booked: used.get(s.id)!.size,
    benchUserIds: bench.get(s.id)!,
  }))
  const previousBench = anchor?.sitting_id ? bench.get(anchor.sitting_id) : undefined
  const planned = planReviews({
    intervalMonths: Number(requirement.review_interval_months),
    mode: requirement.review_mode,
    from,
    endsOn: requirement.ends_on,
    firstSequence: first,
    previousBench,
    sittings: calendar,
    holidays,
  })
  const now = new Date().toISOString()
  for (const [i, p] of planned.entries()) {
    const review = vacated[i]
    if (!review) break
    const sitting = p.sittingId ? calendar.find(c => c.id === p.sittingId)! : null
    let slotIndex: number | null = null
    if (sitting) {
      const taken = used.get(sitting.id)!
      for (let n = 0; n < sitting.capacity && slotIndex === null; n += 1) if (!taken.has(n)) slotIndex = n
      if (slotIndex !== null) taken.add(slotIndex)
    }
    const listed = sitting !== null && slotIndex !== null
    await knex('review')
      .where({ id: review.id })
      .update({
        sequence: p.sequence,
        target_date: p.targetDate,
        mode: p.mode,
        status: listed ? 'scheduled' : p.mode === 'paper' ? 'scheduled' : 'unlisted',
        sitting_id: listed ? sitting.id : null,
        slot_index: listed ? slotIndex : null,
        starts_at: listed
          ? toUtcIso(slotStartsAt(sitting.date, sitting.startTime, sitting.slotMinutes, slotIndex!))
          : null,
        review_date: p.date,
        report_due_at: toUtcIso(
          endOfLocalDay(reportDueDate(p.date, Number(requirement.report_due_working_days), holidays)),
        ),
        updated_at: now,
        version: Number(review.version) + 1,
      })
    await knex('review_event').insert({
      review_id: review.id,
      at: now,
      user_id: null,
      action: 'replanned',
      from_sitting_id: null,
      to_sitting_id: listed ? sitting.id : null,
      from_slot_index: null,
      from_status: 'vacated',
      reason: RESTORED,
    })
  }
}

export async function down(knex: Knex): Promise<void> {
  // The restored reviews stay planned: they are real listings now. Only the requirement's status returns.
  await knex('requirement').where('breach_proceedings', true).where('status', 'active').update({ status: 'breach' })
  await knex.schema.dropTable('outcome_bench')
  // Native DROP COLUMN (SQLite 3.35+, PostgreSQL): knex's SQLite dropColumn rebuilds the table, and inside the
  // migration's transaction foreign keys stay on, so dropping the old `requirement` or `court` fails once a
  // review or an order refers to it.
  await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['requirement', 'breach_proceedings'])
  await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['court', 'kind'])
}
