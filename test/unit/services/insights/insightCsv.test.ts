import { insightCsv, insightCsvName } from '../../../../server/services/insights/insightCsv'
import { FIGURES } from '../../../../server/services/insights/insightDefinitions'
import type { CourtInsights } from '../../../../server/services/insights/insightService'
import { parseCsv } from '../../../integration/insights/csv'

const month = (m: string) => ({
  month: m,
  reviews: { held: 1, adjourned: 0, vacated: 0, didNotAttend: 0, warrants: 0, paper: 0 },
  continuity: { eligible: 1, partial: 1, full: 0 },
  reports: { due: 1, onTime: 1, late: 0, missing: 0, medianHoursBefore: 48 },
  requirements: { active: 1, completed: 0, completedEarly: 0, revoked: 0, inBreachProceedings: 0 },
  attendance: { hearings: 1, attended: 1 },
  daysOrderToFirstReview: { median: null, p90: null },
  testing: { tests: 2, negative: 1 },
})

const figures: CourtInsights = {
  courtId: 'c',
  from: '2028-01-01',
  to: '2028-02-29',
  reviews: { held: 2, adjourned: 0, vacated: 0, didNotAttend: 0, warrants: 0, paper: 0 },
  continuity: { eligible: 2, partial: 2, full: 0 },
  reports: {
    due: 2,
    onTime: 2,
    late: 0,
    missing: 0,
    medianHoursBefore: 48,
    byTeam: [{ teamId: 't', team: '=cmd|"/c calc"!A1', received: 2, medianHoursBefore: 48 }],
  },
  requirements: { active: 1, completed: 0, completedEarly: 0, revoked: 0, inBreachProceedings: 0 },
  attendance: { hearings: 2, attended: 2 },
  daysOrderToFirstReview: { median: null, p90: null },
  testing: [
    { month: '2028-01', tests: 2, negative: 1 },
    { month: '2028-02', tests: 2, negative: 1 },
  ],
  months: [month('2028-01'), month('2028-02')],
}

describe('the insight CSV', () => {
  it('one row a figure for the period and a figure a month, with its definition; no figure is a blank cell', () => {
    const [head, ...rows] = parseCsv(insightCsv('Leeds Magistrates’ Court', figures))
    expect(head).toEqual(['Court', 'From', 'To', 'Month', 'Figure', 'Name', 'Team', 'Value', 'Out of', 'Definition'])
    expect(rows).toHaveLength(FIGURES.length * 3 + 1 + 2)
    expect(rows.find(r => r[3] === '' && r[4] === 'continuity.partial')).toEqual([
      'Leeds Magistrates’ Court',
      '2028-01-01',
      '2028-02-29',
      '',
      'continuity.partial',
      'Partial continuity',
      '',
      '2',
      '2',
      FIGURES.find(f => f.key === 'continuity.partial')!.definition,
    ])
    expect(rows.find(r => r[3] === '2028-02' && r[4] === 'daysOrderToFirstReview.median')![7]).toBe('')
    expect(rows.find(r => r[4] === 'testing.perMonth')![7]).toBe('2')
  })

  it('ASVS 5.0 1.2.10: a name a spreadsheet would run as a formula is made inert', () => {
    const csv = insightCsv('=HYPERLINK("http://x")', figures)
    const rows = parseCsv(csv)
    expect(rows[1][0]).toBe('\'=HYPERLINK("http://x")')
    expect(rows.find(r => r[4] === 'reports.byTeam.received')![6]).toBe('\'=cmd|"/c calc"!A1')
    expect(insightCsvName('LDS/1"', figures)).toBe('court-insight-LDS1-2028-01-01-to-2028-02-29.csv')
  })
})
