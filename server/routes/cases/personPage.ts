import type { OrderRow, PersonRow, RequirementRow } from '../../data/caseRepository'
import type { ReviewRow } from '../../data/reviewRepository'
import type { ReportStatus } from '../../services/scheduling/listingService'
import { paths } from '../../paths'
import { formatDate, formatDateTime, formatShortDate } from '../../utils/dates'
import { ORDER_KINDS, REPORT_STATUS, REQUIREMENT_KINDS, REQUIREMENT_STATUS, REVIEW_STATUS } from '../../content/labels'
import { applicationsView, breachesView, warrantsView, type Enforcement } from './personEnforcement'

// The person page's view model: plain strings and hrefs, so the template has no logic beyond if/each.

export interface PersonRecordView {
  person: PersonRow
  orders: OrderRow[]
  requirements: RequirementRow[]
  reviews: ReviewRow[]
  documents: { id: string; orderId: string; filename: string; size: number; uploadedAt: string }[]
}

export interface PersonPageInput {
  record: PersonRecordView
  /** The report status of each review, by review id. */
  reportStatuses: Map<string, ReportStatus>
  names: { courts: Map<string, string>; providers: Map<string, string>; officers: Map<string, string> }
  isClerk: boolean
  /** The person's breaches and open warrants, and who may act on them. */
  enforcement?: Enforcement
  /** Whether the user may take down the person's own words for the requirement's reviews (issue 23). */
  mayRecordStatement?: (r: RequirementRow) => boolean
}

const NO_ENFORCEMENT: Enforcement = { breaches: [], warrants: [], canLay: false }

export { REQUIREMENT_KINDS }
// A review that was vacated or adjourned is history: it is not one of the n of m, and needs no report.
const COUNTED = (r: ReviewRow) => r.status !== 'vacated' && r.status !== 'adjourned'

const months = (n: number) => `${n} ${n === 1 ? 'month' : 'months'}`

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** Pasted text as paragraphs of lines, so line breaks survive without markup in the text. */
export function paragraphsOf(text: string | null): string[][] {
  if (!text?.trim()) return []
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map(p => p.split(/\r?\n/))
}

function reviewView(review: ReviewRow, counted: ReviewRow[], input: PersonPageInput) {
  const n = counted.findIndex(c => c.id === review.id) + 1
  const listed = Boolean(
    review.mode === 'hearing' && review.sittingId && review.startsAt && review.status !== 'unlisted',
  )
  const when = listed
    ? formatDateTime(review.startsAt!)
    : review.mode === 'paper'
      ? `Paper review, ${formatShortDate(review.reviewDate)}`
      : 'Not listed yet'
  const report = input.reportStatuses.get(review.id)
  return {
    review,
    listed,
    label: n ? `Review ${n} of ${counted.length}` : 'Not counted',
    targetDate: formatShortDate(review.targetDate),
    when,
    sittingHref: listed && input.isClerk ? paths.sittings.show(review.sittingId!) : null,
    statusTag: REVIEW_STATUS[review.status] ?? { text: review.status, colour: 'grey' },
    reportDue: review.reportDueAt && n ? formatShortDate(review.reportDueAt) : 'Not applicable',
    reportTag: n && report ? REPORT_STATUS[report] : null,
  }
}

/** "Record their own words" for the requirement's next review waiting to be heard, for its officer or provider. */
function statementLink(r: RequirementRow, reviews: ReviewRow[], input: PersonPageInput) {
  const next = reviews.find(v => v.status === 'scheduled' || v.status === 'unlisted')
  if (!next || r.status !== 'active' || !input.mayRecordStatement?.(r)) return null
  return { href: paths.statements.record(next.id), date: formatDate(next.reviewDate) }
}

function requirementView(r: RequirementRow, input: PersonPageInput) {
  const { names } = input
  const reviews = input.record.reviews
    .filter(v => v.requirementId === r.id)
    .sort((a, b) => a.sequence - b.sequence || a.createdAt.localeCompare(b.createdAt))
  const counted = reviews.filter(COUNTED)
  const enforcement = input.enforcement ?? NO_ENFORCEMENT
  const status = REQUIREMENT_STATUS[r.status] ?? { text: r.status, colour: 'grey' }
  return {
    requirement: r,
    cardTitle: `${r.kind}, ${months(r.months)}`,
    statusTag: status,
    rows: [
      { key: 'Kind', value: REQUIREMENT_KINDS[r.kind] ?? r.kind },
      { key: 'Length', value: `${months(r.months)}, ${formatShortDate(r.startsOn)} to ${formatShortDate(r.endsOn)}` },
      { key: 'Residential', value: r.residential ? 'Yes' : 'No' },
      { key: 'Treatment provider', value: names.providers.get(r.providerOrganisationId ?? '') ?? 'Not recorded' },
      { key: 'Responsible officer', value: names.officers.get(r.responsibleOfficerId ?? '') ?? 'Not recorded' },
      {
        key: 'Review interval',
        value: r.reviewIntervalMonths ? `Every ${months(r.reviewIntervalMonths)}` : 'Not reviewed',
      },
      {
        key: 'Review mode',
        value:
          r.reviewMode === 'paper'
            ? 'Without a hearing (the court found progress satisfactory)'
            : 'At a review hearing the person attends',
      },
      {
        key: 'Status',
        value: r.completedEarly && r.status === 'completed' ? 'Completed early (good progress)' : status.text,
      },
      ...(r.breachProceedings ? [{ key: 'Breach', value: 'Breach proceedings before the court' }] : []),
      { key: 'Willingness to comply', value: r.willingToComply ? 'Recorded' : 'Not recorded' },
    ],
    // Sch 10 para 1: the review court deals with a breach; the order and its reviews go on meanwhile.
    breachWarning: r.breachProceedings
      ? 'Breach proceedings: a breach of this requirement is before the court. The order and its reviews continue until the court decides.'
      : null,
    reviews: reviews.map(v => reviewView(v, counted, input)),
    breaches: breachesView(r, reviews, enforcement, input.isClerk),
    warrants: warrantsView(r, enforcement, input.isClerk),
    // Sch 10 para 1: the officer lays a breach of an active requirement before the review court.
    layBreachHref: enforcement.canLay && r.status === 'active' ? paths.breaches.lay(r.id) : null,
    applications: applicationsView(r, reviews, enforcement, input.isClerk),
    // Sch 10 paras 14(1), 18(1); Sch 16 para 22(1): the responsible officer applies to amend or to revoke early.
    applyHref: enforcement.canApply?.(r) && r.status === 'active' ? paths.applications.make(r.id) : null,
    // Issue 23: the person's own words, taken down before their next review.
    statement: statementLink(r, reviews, input),
    // Sch 9 para 22: the clerk records a structured amendment the court made (the re-plan is shown first).
    amendHref: input.isClerk && r.status === 'active' ? `/requirements/${r.id}/amend` : null,
  }
}

export function personPage(input: PersonPageInput) {
  const { person, orders, requirements, documents } = input.record
  const change = (key: string) => (input.isClerk ? { href: paths.people.edit(person.id), visuallyHiddenText: key } : {})
  const orderViews = orders.map(o => {
    const reqs = requirements.filter(r => r.orderId === o.id).map(r => requirementView(r, input))
    return {
      order: o,
      heading: `${ORDER_KINDS[o.kind] ?? o.kind}, ${o.caseReference}`,
      rows: [
        { key: 'Kind', value: ORDER_KINDS[o.kind] ?? o.kind },
        { key: 'Court', value: input.names.courts.get(o.courtId) ?? 'Unknown court' },
        { key: 'Made on', value: formatDate(o.madeOn) },
        { key: 'Ends on', value: formatDate(o.endsOn) },
        { key: 'Case reference', value: o.caseReference },
      ],
      psrParagraphs: paragraphsOf(o.psrText),
      documents: documents
        .filter(d => d.orderId === o.id)
        .map(d => ({
          href: paths.documents.show(d.id),
          filename: d.filename,
          description: `PDF, ${fileSize(d.size)}, uploaded ${formatDateTime(d.uploadedAt)}`,
        })),
      psrHref: input.isClerk ? paths.orders.psr(o.id) : null,
      requirements: reqs,
    }
  })
  const timeline = orderViews
    // In review order: a review waiting for a sitting stays in its place in the sequence.
    .flatMap(o => o.requirements.flatMap(r => r.reviews.map(v => ({ v, kind: r.requirement.kind }))))
    .map(({ v, kind }) => ({
      label: `${kind} ${v.label.toLowerCase()}`,
      date: v.listed ? v.when : formatDate(v.review.reviewDate),
      datetime: v.listed ? v.review.startsAt! : v.review.reviewDate,
      text: [
        `Status: ${v.statusTag.text}${v.review.mode === 'paper' ? ' (paper review)' : ''}`,
        `Target date: ${v.targetDate}`,
        ...(v.reportTag ? [`Report due: ${v.reportDue} (${v.reportTag.text.toLowerCase()})`] : []),
      ],
    }))
  return {
    personRows: [
      { key: 'Name', value: person.name, ...change('name') },
      { key: 'Date of birth', value: formatDate(person.dateOfBirth), ...change('date of birth') },
      { key: 'CRN', value: person.crn, ...change('CRN') },
      { key: 'PNC ID', value: person.pnc ?? 'Not recorded', ...change('PNC ID') },
    ],
    orders: orderViews,
    timeline,
  }
}
