import type { OrderService } from '../../services/orderService'
import { formatDate, formatDateTime, formatShortDate, localDateOf } from '../../utils/dates'
import { ORDER_KINDS, REQUIREMENT_KINDS } from '../../content/labels'

const months = (n: number) => `${n} ${n === 1 ? 'month' : 'months'}`

/** The check page: the order's answers, then each requirement's plan in a sentence and a table. */
export function orderCheckModel(plan: Awaited<ReturnType<OrderService['planOrder']>>, courtName: string) {
  const { order } = plan
  return {
    orderRows: [
      { key: 'Kind', value: ORDER_KINDS[order.kind] ?? order.kind },
      { key: 'Court', value: courtName },
      { key: 'Made on', value: formatDate(order.madeOn) },
      { key: 'Ends on', value: formatDate(order.endsOn) },
      { key: 'Case reference', value: order.caseReference },
    ],
    requirements: plan.requirements.map(r => ({
      title: `${r.kind}, ${months(r.months)}`,
      rows: [
        { key: 'Kind', value: REQUIREMENT_KINDS[r.kind] ?? r.kind },
        { key: 'Length', value: `${months(r.months)}, ${formatShortDate(r.startsOn)} to ${formatShortDate(r.endsOn)}` },
        {
          key: 'Reviews',
          value: r.reviewIntervalMonths ? `At hearings, every ${months(r.reviewIntervalMonths)}` : 'Not reviewed',
        },
      ],
      message: r.plan.message,
      warnings: r.plan.warnings,
      reviews: r.reviews.map(v => ({
        sequence: v.sequence,
        due: formatShortDate(v.targetDate),
        when: v.startsAt ? formatDateTime(v.startsAt) : `Needs listing (due ${formatShortDate(v.reviewDate)})`,
        listed: Boolean(v.sittingId),
        reportDue: v.reportDueAt ? formatShortDate(localDateOf(v.reportDueAt)) : '',
      })),
    })),
  }
}
