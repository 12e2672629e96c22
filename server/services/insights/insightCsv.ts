import { auditCsvCell } from '../notify/auditCsv'
import type { CourtInsights } from './insightService'
import { FIGURES, TEAM_FIGURES, TESTS_A_MONTH, type Figures } from './insightDefinitions'

/**
 * A court's insight figures as CSV (`?format=csv` on the dashboard and the API): one row per figure for
 * the whole period (Month blank), per officer team for the reports' teams, and per figure per month;
 * each row with the figure's definition. Cells are made inert for spreadsheets (ASVS 5.0 1.2.10).
 */
export const INSIGHT_CSV_COLUMNS = [
  'Court',
  'From',
  'To',
  'Month',
  'Figure',
  'Name',
  'Team',
  'Value',
  'Out of',
  'Definition',
] as const

const line = (cells: (string | number | null)[]) => `${cells.map(auditCsvCell).join(',')}\r\n`

/** The whole period's figures in the shape of a month's (tests summed over the months). */
export function periodFigures(i: CourtInsights): Figures {
  const tests = i.testing.reduce((n, t) => n + t.tests, 0)
  const negative = i.testing.reduce((n, t) => n + t.negative, 0)
  return { ...i, testing: { tests, negative } }
}

/** The period's tests over the months it touches, to one decimal place; null for no months. */
export function testsAMonth(i: CourtInsights): number | null {
  if (!i.testing.length) return null
  return Math.round((periodFigures(i).testing.tests / i.testing.length) * 10) / 10
}

export function insightCsv(courtName: string, i: CourtInsights): string {
  const row = (
    month: string,
    key: string,
    name: string,
    team: string,
    value: number | null,
    outOf: number | null,
    d: string,
  ) => line([courtName, i.from, i.to, month, key, name, team, value, outOf, d])
  const out = [line([...INSIGHT_CSV_COLUMNS])]
  const total = periodFigures(i)
  for (const f of FIGURES) out.push(row('', f.key, f.name, '', f.value(total), f.outOf?.(total) ?? null, f.definition))
  out.push(row('', TESTS_A_MONTH.key, TESTS_A_MONTH.name, '', testsAMonth(i), null, TESTS_A_MONTH.definition))
  for (const t of i.reports.byTeam) {
    const team = t.team ?? 'No team recorded'
    const { received, medianHoursBefore } = TEAM_FIGURES
    out.push(row('', received.key, received.name, team, t.received, null, received.definition))
    out.push(
      row(
        '',
        medianHoursBefore.key,
        medianHoursBefore.name,
        team,
        t.medianHoursBefore,
        null,
        medianHoursBefore.definition,
      ),
    )
  }
  for (const f of FIGURES)
    for (const m of i.months) out.push(row(m.month, f.key, f.name, '', f.value(m), f.outOf?.(m) ?? null, f.definition))
  return out.join('')
}

/** The file name for a court's figures: its code and the period. */
export const insightCsvName = (courtCode: string, i: { from: string; to: string }) =>
  `court-insight-${courtCode.replace(/[^A-Za-z0-9-]/g, '')}-${i.from}-to-${i.to}.csv`
