import fc from 'fast-check'
import {
  amendmentValue,
  breachOutcome,
  packEnforcement,
  type AmendmentNames,
} from '../../../../server/services/hearing/packEnforcement'
import type { AmendmentRow, ApplicationRow } from '../../../../server/data/amendmentRepository'
import type { BreachRow } from '../../../../server/data/breachRepository'
import type { NonAttendanceRow, WarrantRow } from '../../../../server/data/enforcementRepository'

const names: AmendmentNames = {
  organisation: id => ({ g1: 'Forward Leeds', g2: 'Humankind' })[id] ?? null,
  court: id => ({ c1: 'Leeds Magistrates’ Court', c2: 'Bradford Magistrates’ Court' })[id] ?? null,
}

const amendment = (over: Partial<AmendmentRow> = {}): AmendmentRow => ({
  id: 'a1',
  requirementId: 'q1',
  reviewId: null,
  applicationId: null,
  madeOn: '2026-04-20',
  changes: { months: { from: 6, to: 9 } },
  consent: true,
  reason: 'More time in treatment',
  madeBy: 'u1',
  madeAt: '2026-04-20T10:00:00.000Z',
  ...over,
})

const breach = (over: Partial<BreachRow> = {}): BreachRow => ({
  id: 'b1',
  requirementId: 'q1',
  failure: 'Missed three appointments',
  occurredOn: '2026-04-14',
  details: null,
  laidBy: 'u2',
  laidAt: '2026-04-15T09:00:00.000Z',
  hearingReviewId: null,
  status: 'open',
  proved: null,
  power: null,
  fineAmount: null,
  comments: null,
  benchUserIds: [],
  decidedBy: null,
  decidedAt: null,
  version: 1,
  ...over,
})

const warrant = (over: Partial<WarrantRow> = {}): WarrantRow & { missedOn: string } => ({
  id: 'w1',
  requirementId: 'q1',
  missedReviewId: 'r1',
  returnReviewId: null,
  issuedOn: '2026-04-07',
  issuedBy: 'u1',
  issuedByBench: [],
  bail: true,
  status: 'open',
  executedOn: null,
  bailReturnOn: null,
  withdrawnReason: null,
  closedBy: null,
  closedAt: null,
  version: 1,
  missedOn: '2026-04-07',
  ...over,
})

const application = (over: Partial<ApplicationRow> = {}): ApplicationRow => ({
  id: 'p1',
  requirementId: 'q1',
  kind: 'early_revocation',
  reason: 'Twelve clean tests',
  proposed: null,
  madeBy: 'u2',
  madeAt: '2026-04-25T11:00:00.000Z',
  hearingReviewId: null,
  status: 'open',
  decidedBy: null,
  decidedAt: null,
  decisionComments: null,
  version: 1,
  ...over,
})

const nothing = { warrants: [], breaches: [], missed: [], amendments: [], applications: [], names }

describe('packEnforcement', () => {
  it('when a requirement has no warrant, breach, missed hearing, amendment or application, then there is no section', () => {
    expect(packEnforcement({ ...nothing, lastReviewOn: '2026-04-07' })).toBeNull()
  })

  it('when amendments were made before, at and after the last review, then those at or after it are "since the last review", each list oldest first', () => {
    const section = packEnforcement({
      ...nothing,
      lastReviewOn: '2026-04-07',
      amendments: [
        amendment({ id: 'late', madeOn: '2026-04-30', madeAt: '2026-04-30T10:00:00.000Z', reason: 'Third' }),
        amendment({ id: 'old', madeOn: '2026-03-20', madeAt: '2026-03-20T10:00:00.000Z', reason: 'First' }),
        amendment({ id: 'at', madeOn: '2026-04-07', madeAt: '2026-04-07T11:00:00.000Z', reason: 'Second' }),
      ],
    })!

    expect(section.sinceLabel).toBe('Since the last review on 7 April 2026')
    expect(section.amendmentsSince.map(a => a.reason)).toEqual(['Second', 'Third'])
    expect(section.amendmentsSince.map(a => a.date)).toEqual(['7 April 2026', '30 April 2026'])
    expect(section.amendmentsEarlier.map(a => a.reason)).toEqual(['First'])
  })

  it('when it is the first review, then every amendment is since the order was made', () => {
    const section = packEnforcement({ ...nothing, lastReviewOn: null, amendments: [amendment()] })!

    expect(section.sinceLabel).toBe('Since the order was made')
    expect(section.amendmentsSince).toHaveLength(1)
    expect(section.amendmentsEarlier).toHaveLength(0)
  })

  it('when an amendment changed each field, then each reads in words, ids named, with consent', () => {
    const section = packEnforcement({
      ...nothing,
      lastReviewOn: null,
      amendments: [
        amendment({
          consent: false,
          changes: {
            months: { from: 6, to: 9 },
            reviewIntervalMonths: { from: 1, to: 2 },
            providerOrganisationId: { from: 'g1', to: 'g2' },
            residential: { from: false, to: true },
            responsibleCourtId: { from: 'c1', to: 'c2' },
          },
        }),
      ],
    })!

    const [a] = section.amendmentsSince
    expect(a.consent).toBe('Made without the person’s consent')
    expect(a.changes).toEqual([
      { field: 'Length', from: '6 months', to: '9 months' },
      { field: 'Review interval', from: 'Every month', to: 'Every 2 months' },
      { field: 'Treatment provider', from: 'Forward Leeds', to: 'Humankind' },
      { field: 'Residential treatment', from: 'No', to: 'Yes' },
      { field: 'Responsible court', from: 'Leeds Magistrates’ Court', to: 'Bradford Magistrates’ Court' },
    ])
  })

  it('when a provider or court id is not known or not set, then it says so rather than showing the id', () => {
    expect(amendmentValue('providerOrganisationId', 'zzz', names)).toBe('Unknown provider')
    expect(amendmentValue('providerOrganisationId', null, names)).toBe('Not referred')
    expect(amendmentValue('responsibleCourtId', 'zzz', names)).toBe('Unknown court')
    expect(amendmentValue('months', 1, names)).toBe('1 month')
  })

  it('when breaches are open or decided, then each shows where it stands and the outcome in words', () => {
    const section = packEnforcement({
      ...nothing,
      lastReviewOn: '2026-04-07',
      breaches: [
        breach({ id: 'b2', occurredOn: '2026-04-20' }),
        breach({ status: 'decided', proved: true, power: 'fine', fineAmount: 150 }),
      ],
    })!

    expect(section.breaches).toEqual([
      {
        open: false,
        status: 'Decided',
        failure: 'Missed three appointments',
        occurredOn: '14 April 2026',
        outcome: 'Proved: a fine of £150',
      },
      {
        open: true,
        status: 'Before the court',
        failure: 'Missed three appointments',
        occurredOn: '20 April 2026',
        outcome: null,
      },
    ])
  })

  it('when a breach was not proved, or proved with another power, then the outcome says which', () => {
    expect(breachOutcome({ status: 'decided', proved: false, power: 'not_proved', fineAmount: null })).toBe(
      'Not proved',
    )
    expect(breachOutcome({ status: 'decided', proved: true, power: 'revoke_resentence', fineAmount: null })).toBe(
      'Proved: the order revoked and the person re-sentenced',
    )
    expect(breachOutcome({ status: 'decided', proved: true, power: 'fine', fineAmount: 62.5 })).toBe(
      'Proved: a fine of £62.50',
    )
  })

  it('when warrants were issued, then only open ones are listed, and missed hearings say what the court did', () => {
    const executed = warrant({ id: 'w0', status: 'executed', executedOn: '2026-03-30', bail: false })
    const open = warrant()
    const missed = (id: string, reviewDate: string, over: Partial<NonAttendanceRow>) => ({
      reviewDate,
      row: {
        id,
        reviewId: id,
        action: 'adjourn' as const,
        summonsOn: null,
        hearingReviewId: null,
        warrantId: null,
        comments: null,
        recordedBy: 'u1',
        recordedAt: `${reviewDate}T12:00:00.000Z`,
        ...over,
      },
    })
    const section = packEnforcement({
      ...nothing,
      lastReviewOn: '2026-04-07',
      warrants: [open, executed],
      missed: [
        missed('n3', '2026-04-07', { action: 'warrant', warrantId: 'w1' }),
        missed('n1', '2026-03-10', { action: 'summons', summonsOn: '2026-03-17' }),
        missed('n2', '2026-03-24', { action: 'warrant', warrantId: 'w0', comments: 'No contact' }),
      ],
    })!

    expect(section.openWarrants).toEqual([
      { issuedOn: '7 April 2026', bail: 'Backed for bail', missedOn: '7 April 2026' },
    ])
    expect(section.nonAttendance).toEqual([
      { date: '10 March 2026', action: 'Summons issued for 17 March 2026', comments: null },
      {
        date: '24 March 2026',
        action: 'Warrant issued (not backed for bail), executed 30 March 2026',
        comments: 'No contact',
      },
      { date: '7 April 2026', action: 'Warrant issued (backed for bail), not yet executed', comments: null },
    ])
  })

  it('when applications were made, then each shows its kind, where it stands and the decision', () => {
    const section = packEnforcement({
      ...nothing,
      lastReviewOn: null,
      applications: [
        application(),
        application({
          id: 'p0',
          kind: 'amend',
          status: 'refused',
          madeAt: '2026-03-25T09:00:00.000Z',
          decisionComments: 'Too soon',
        }),
      ],
    })!

    expect(section.applications).toEqual([
      {
        kind: 'To amend the requirement',
        status: 'Refused',
        open: false,
        madeOn: '25 March 2026',
        reason: 'Twelve clean tests',
        decision: 'Too soon',
      },
      {
        kind: 'To revoke early for good progress',
        status: 'Before the court',
        open: true,
        madeOn: '25 April 2026',
        reason: 'Twelve clean tests',
        decision: null,
      },
    ])
  })

  it('whatever the dates, each amendment is shown once: since the last review or earlier, never both', () => {
    const day = fc.integer({ min: 0, max: 200 }).map(n => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10))
    fc.assert(
      fc.property(fc.array(day, { maxLength: 8 }), fc.option(day, { nil: null }), (days, last) => {
        const section = packEnforcement({
          ...nothing,
          lastReviewOn: last,
          amendments: days.map((d, i) => amendment({ id: `a${i}`, madeOn: d, madeAt: `${d}T10:00:00.000Z` })),
        })
        if (days.length === 0) return section === null
        const since = section!.amendmentsSince.length
        const earlier = section!.amendmentsEarlier.length
        return since + earlier === days.length && since === days.filter(d => last === null || d >= last).length
      }),
    )
  })
})
