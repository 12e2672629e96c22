import type { HearingDeps } from './deps'
import type { ReviewRow } from '../../data/reviewRepository'
import type { SittingRow } from '../../data/sittingRepository'
import { formatShortDate, formatTime, localDateOf } from '../../utils/dates'
import { drugTestChart, RESULT_LABELS, substanceLabel } from './packChart'

type Raw = Record<string, unknown>
const str = (v: unknown) => (v === null || v === undefined ? null : String(v))
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))

const REQUIREMENT_NAMES: Record<string, string> = {
  DRR: 'Drug rehabilitation requirement (DRR)',
  ATR: 'Alcohol treatment requirement (ATR)',
  MHTR: 'Mental health treatment requirement (MHTR)',
}
const ORDER_NAMES: Record<string, string> = { community: 'Community order', suspended: 'Suspended sentence order' }
const RECOMMENDATIONS: Record<string, string> = {
  continue: 'Continue the order',
  paper_review: 'Move to paper reviews',
  amend: 'Amend the order',
  breach_action: 'Breach action',
}
const DECISIONS: Record<string, string> = {
  continue_hearing: 'Continue, next review at a hearing',
  continue_paper: 'Continue, next review on paper',
  amend: 'Amend the order',
  require_attendance: 'Require attendance',
  breach_referral: 'Refer for breach',
  completed: 'Completed',
  revoked: 'Revoked',
}
const PROGRESS: Record<string, string> = { good: 'Good', satisfactory: 'Satisfactory', poor: 'Poor' }
const STATUS_NAMES: Record<string, string> = {
  held: 'Held',
  did_not_attend: 'Did not attend',
  scheduled: 'Listed',
}
const POSITIVE = new Set(['positive'])

export interface PackCase {
  reviewId: string
  time: string
  person: { name: string; dateOfBirth: string; crn: string; pnc: string | null }
  order: {
    kind: string
    caseReference: string
    madeOn: string
    endsOn: string
    requirement: string
    months: number
    startsOn: string
    endsOnRequirement: string
    reviewMode: string
    officerName: string | null
    providerName: string | null
  }
  n: number
  m: number
  timeline: {
    date: string
    bench: string
    status: string
    progress: string | null
    decision: string | null
    attended: string | null
    benchComments: string | null
  }[]
  report: {
    submittedAt: string
    late: boolean
    amended: boolean
    versionNumber: number
    sections: { label: string; text: string }[]
    recommendation: string | null
    proposedAmendment: string | null
  } | null
  providerViews: {
    organisation: string | null
    treatmentView: string | null
    engagement: string | null
    updatedAt: string
  }[]
  testsSince: { date: string; method: string; results: { substance: string; result: string; positive: boolean }[] }[]
  sinceLabel: string
  chart: string
  attendance: { source: string; offered: number | null; kept: number | null }[]
  warnings: string[]
  psr: { text: string | null; onRecord: boolean }
}

export interface PackModel {
  sitting: SittingRow | null
  courtName: string
  heading: string
  bench: string[]
  list: { time: string; name: string; crn: string; reviewOf: string }[]
  cases: PackCase[]
}

/**
 * Everything a pack shows, for a sitting's booked reviews (or one review), in a fixed number of
 * queries however many cases: each table is read once for all of them.
 */
export async function buildPackModel(
  deps: HearingDeps,
  input: { sitting: SittingRow | null; reviews: ReviewRow[] },
): Promise<PackModel> {
  const { db, clock } = deps
  const { sitting, reviews: booked } = input
  const now = clock.now().toISOString()
  const requirementIds = [...new Set(booked.map(r => r.requirementId))]
  const reviewIds = booked.map(r => r.id)
  const [details, siblings, reports, updates, bench] = await Promise.all([
    requirementIds.length
      ? db('requirement as q')
          .join('sentence_order as o', 'o.id', 'q.order_id')
          .join('person as p', 'p.id', 'o.person_id')
          .join('court as c', 'c.id', 'o.court_id')
          .leftJoin('app_user as u', 'u.id', 'q.responsible_officer_id')
          .leftJoin('organisation as g', 'g.id', 'q.provider_organisation_id')
          .whereIn('q.id', requirementIds)
          .select(
            'q.id',
            'q.kind',
            'q.months',
            'q.starts_on',
            'q.ends_on as requirement_ends_on',
            'q.review_mode',
            'q.breach_proceedings',
            'o.id as order_id',
            'o.kind as order_kind',
            'o.made_on',
            'o.ends_on',
            'o.case_reference',
            'o.psr_text',
            'c.name as court_name',
            'c.kind as court_kind',
            'p.id as person_id',
            'p.name as person_name',
            'p.date_of_birth',
            'p.crn',
            'p.pnc',
            'u.name as officer_name',
            'g.name as provider_name',
          )
      : [],
    deps.reviews.forRequirements(requirementIds),
    reviewIds.length
      ? db('progress_report as r')
          .join('progress_report_version as v', 'v.report_id', 'r.id')
          .whereIn('r.review_id', reviewIds)
          .orderBy('v.version_number')
          .select('r.review_id', 'r.due_at', 'v.version_number', 'v.submitted_at', 'v.late', 'v.content')
      : [],
    reviewIds.length
      ? db('provider_update as u')
          .leftJoin('organisation as g', 'g.id', 'u.organisation_id')
          .whereIn('u.review_id', reviewIds)
          .orderBy('u.created_at')
          .select('u.*', 'g.name as organisation_name')
      : [],
    sitting?.benchUserIds.length ? db('app_user').whereIn('id', sitting.benchUserIds).select('id', 'name') : [],
  ])
  const byReq = new Map((details as Raw[]).map(d => [String(d.id), d]))
  const personIds = [...new Set((details as Raw[]).map(d => String(d.person_id)))]
  const orderIds = [...new Set((details as Raw[]).map(d => String(d.order_id)))]

  // Earlier reviews of each requirement: the timeline, and "since the last review".
  const earlierOf = new Map<string, ReviewRow[]>()
  for (const r of booked)
    earlierOf.set(
      r.id,
      siblings.filter(
        s =>
          s.requirementId === r.requirementId &&
          s.sequence < r.sequence &&
          (s.status === 'held' || s.status === 'did_not_attend' || (s.status === 'scheduled' && s.sittingId)),
      ),
    )
  const earlierIds = [...earlierOf.values()].flat().map(r => r.id)
  const earlierSittingIds = [
    ...new Set(
      [...earlierOf.values()]
        .flat()
        .map(r => r.sittingId)
        .filter((id): id is string => Boolean(id)),
    ),
  ]
  const [outcomes, whoSat, earlierSittings, tests, documents] = await Promise.all([
    earlierIds.length ? db('outcome').whereIn('review_id', earlierIds) : [],
    earlierIds.length
      ? db('outcome_bench as b')
          .join('outcome as o', 'o.id', 'b.outcome_id')
          .whereIn('o.review_id', earlierIds)
          .select('o.review_id', 'b.user_id')
      : [],
    deps.sittings.findMany(earlierSittingIds),
    personIds.length
      ? db('drug_test')
          .whereIn('person_id', personIds)
          .orderBy([{ column: 'taken_on' }, 'id'])
      : [],
    orderIds.length
      ? db('document').whereIn('order_id', orderIds).where('kind', 'psr').select('order_id', 'filename')
      : [],
  ])
  // Who sat at each earlier review, where the outcome recorded it; else the sitting's rostered bench.
  const satAt = new Map<string, string[]>()
  for (const b of whoSat as Raw[])
    satAt.set(String(b.review_id), [...(satAt.get(String(b.review_id)) ?? []), String(b.user_id)])
  const benchIds = [...new Set([...earlierSittings.flatMap(s => s.benchUserIds), ...[...satAt.values()].flat()])]
  const benchUsers = benchIds.length ? await db('app_user').whereIn('id', benchIds).select('id', 'name') : []
  const names = new Map(
    [...(bench as Raw[]), ...(benchUsers as Raw[])].map(u => [String(u.id), String(u.name)] as [string, string]),
  )
  const benchOf = (ids: string[]) =>
    ids
      .map(id => names.get(id))
      .filter((n): n is string => Boolean(n))
      .sort((a, b) => a.localeCompare(b))
  const sittingsById = new Map(earlierSittings.map(s => [s.id, s]))
  const outcomeOf = new Map((outcomes as Raw[]).map(o => [String(o.review_id), o]))
  const psrOrders = new Set((documents as Raw[]).map(d => String(d.order_id)))

  const cases: PackCase[] = booked.map(r => {
    const d = byReq.get(r.requirementId)!
    const active = siblings.filter(
      s => s.requirementId === r.requirementId && s.status !== 'vacated' && s.status !== 'adjourned',
    )
    const earlier = earlierOf.get(r.id) ?? []
    const last = earlier[earlier.length - 1] ?? null
    const timeline = earlier.map(e => {
      const o = outcomeOf.get(e.id)
      const s = e.sittingId ? sittingsById.get(e.sittingId) : undefined
      const sat = satAt.get(e.id) ?? s?.benchUserIds ?? []
      const who = benchOf(sat).join(', ')
      return {
        date: formatShortDate(e.reviewDate),
        bench: e.mode === 'paper' ? `On the papers${who ? `: ${who}` : ''}` : who || '—',
        status: STATUS_NAMES[e.status] ?? e.status,
        progress: o ? (PROGRESS[String(o.progress)] ?? String(o.progress)) : null,
        decision: o ? (DECISIONS[String(o.decision)] ?? String(o.decision)) : null,
        attended: o ? (o.attended ? 'Yes' : 'No') : null,
        benchComments: o ? str(o.bench_comments) : null,
      }
    })

    const versions = (reports as Raw[]).filter(v => v.review_id === r.id)
    const latest = versions[versions.length - 1]
    let report: PackCase['report'] = null
    if (latest) {
      const c = JSON.parse(String(latest.content)) as Raw
      report = {
        submittedAt: String(latest.submitted_at),
        late: Boolean(versions[0].late),
        amended: versions.length > 1,
        versionNumber: Number(latest.version_number),
        sections: [
          { label: 'Attendance and compliance', text: str(c.attendance) ?? '' },
          { label: 'Engagement', text: str(c.engagement) ?? '' },
          { label: 'Treatment', text: str(c.treatment) ?? '' },
          { label: 'Drug testing', text: str(c.testing) ?? '' },
          { label: 'New offending', text: str(c.newOffending) ?? '' },
        ].filter(s => s.text),
        recommendation: c.recommendation
          ? (RECOMMENDATIONS[String(c.recommendation)] ?? String(c.recommendation))
          : null,
        proposedAmendment: str(c.proposedAmendment),
      }
    }
    const reportContent = latest ? (JSON.parse(String(latest.content)) as Raw) : null

    const providerViews = (updates as Raw[])
      .filter(u => u.review_id === r.id)
      .map(u => ({
        organisation: str(u.organisation_name),
        treatmentView: str(u.treatment_view),
        engagement: str(u.engagement),
        updatedAt: String(u.updated_at),
      }))

    const personTests = (tests as Raw[])
      .filter(t => t.person_id === d.person_id && String(t.taken_on) >= String(d.made_on))
      .map(t => ({
        takenOn: String(t.taken_on),
        method: String(t.method),
        results: JSON.parse(String(t.results)) as Record<string, string>,
        other: str(t.other_substance),
      }))
    const sinceDate = last ? last.reviewDate : String(d.starts_on)
    const reviewDay = r.reviewDate
    const since = personTests.filter(t => t.takenOn > sinceDate && t.takenOn <= reviewDay)
    const before = personTests.filter(t => t.takenOn <= sinceDate)
    const positiveBefore = new Set(before.flatMap(t => Object.keys(t.results).filter(s => POSITIVE.has(t.results[s]))))
    const newPositives = [
      ...new Set(since.flatMap(t => Object.keys(t.results).filter(s => POSITIVE.has(t.results[s])))),
    ].filter(s => !positiveBefore.has(s))

    const update = (updates as Raw[]).filter(u => u.review_id === r.id).pop()
    const attendance: PackCase['attendance'] = []
    if (update && (update.appointments_offered !== null || update.appointments_kept !== null))
      attendance.push({
        source: 'Treatment provider',
        offered: num(update.appointments_offered),
        kept: num(update.appointments_kept),
      })
    if (
      reportContent &&
      (num(reportContent.appointmentsOffered) !== null || num(reportContent.appointmentsKept) !== null)
    )
      attendance.push({
        source: 'Probation',
        offered: num(reportContent.appointmentsOffered),
        kept: num(reportContent.appointmentsKept),
      })

    const warnings: string[] = []
    if (d.breach_proceedings)
      warnings.push(
        'Breach proceedings: a breach of this requirement is before the court (Sentencing Act 2020 Sch 10). The order continues until the court decides.',
      )
    if (!report)
      warnings.push(
        r.reportDueAt && r.reportDueAt < now
          ? `No progress report: it was due ${formatShortDate(localDateOf(r.reportDueAt))} and is overdue.`
          : 'No progress report has been submitted yet.',
      )
    else if (report.late) warnings.push('The progress report was submitted late.')
    if (providerViews.length === 0) warnings.push('No update from the treatment provider.')
    if (since.length === 0) warnings.push('No drug tests since the last review.')
    if (last?.status === 'did_not_attend') warnings.push('Did not attend the last review.')
    for (const s of newPositives)
      warnings.push(`Positive for ${substanceLabel(s).toLowerCase()} for the first time on this order.`)
    for (const a of attendance)
      if (a.offered !== null && a.kept !== null && a.offered > 0 && a.kept / a.offered < 0.75)
        warnings.push(`${a.source}: kept ${a.kept} of ${a.offered} appointments.`)

    return {
      reviewId: r.id,
      time: r.startsAt ? formatTime(r.startsAt) : '',
      person: {
        name: String(d.person_name),
        dateOfBirth: formatShortDate(String(d.date_of_birth)),
        crn: String(d.crn),
        pnc: str(d.pnc),
      },
      order: {
        kind: ORDER_NAMES[String(d.order_kind)] ?? String(d.order_kind),
        caseReference: String(d.case_reference),
        madeOn: formatShortDate(String(d.made_on)),
        endsOn: formatShortDate(String(d.ends_on)),
        requirement: REQUIREMENT_NAMES[String(d.kind)] ?? String(d.kind),
        months: Number(d.months),
        startsOn: formatShortDate(String(d.starts_on)),
        endsOnRequirement: formatShortDate(String(d.requirement_ends_on)),
        reviewMode:
          d.review_mode === 'paper'
            ? `Without a hearing, decided on the papers by a ${d.court_kind === 'crown' ? 'judge' : 'single justice'}`
            : 'At a review hearing the person attends',
        officerName: str(d.officer_name),
        providerName: str(d.provider_name),
      },
      n: active.findIndex(a => a.id === r.id) + 1,
      m: active.length,
      timeline,
      report,
      providerViews,
      testsSince: since.map(t => ({
        date: formatShortDate(t.takenOn),
        method: t.method.replace(/_/g, ' '),
        results: Object.keys(t.results).map(s => ({
          substance: s === 'other' && t.other ? `Other (${t.other})` : substanceLabel(s),
          result: RESULT_LABELS[t.results[s]] ?? t.results[s],
          positive: POSITIVE.has(t.results[s]),
        })),
      })),
      sinceLabel: last ? `since the last review on ${formatShortDate(sinceDate)}` : `since the order started`,
      chart: drugTestChart(
        personTests,
        String(d.made_on),
        String(d.ends_on) < reviewDay ? reviewDay : String(d.ends_on),
      ),
      attendance,
      warnings,
      psr: { text: str(d.psr_text), onRecord: psrOrders.has(String(d.order_id)) },
    }
  })

  const courtName = sitting
    ? String((await deps.reference.court(sitting.courtId))?.name ?? '')
    : String((details as Raw[])[0]?.court_name ?? '')
  return {
    sitting,
    courtName,
    heading: sitting ? `${formatShortDate(sitting.date)}, courtroom ${sitting.courtroom}` : '',
    bench: sitting ? benchOf(sitting.benchUserIds) : [],
    list: cases.map(c => ({ time: c.time, name: c.person.name, crn: c.person.crn, reviewOf: `${c.n} of ${c.m}` })),
    cases,
  }
}
