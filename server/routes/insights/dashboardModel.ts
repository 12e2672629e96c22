import type { CourtInsights } from '../../services/insights/insightService'
import type { MonthFigures } from '../../services/insights/insightTrends'
import {
  CONTINUITY_MARK,
  FIGURES,
  SECTIONS,
  TEAM_FIGURES,
  TESTS_A_MONTH,
  percent,
  type FigureDefinition,
  type Figures,
  type SectionKey,
} from '../../services/insights/insightDefinitions'
import { periodFigures, testsAMonth } from '../../services/insights/insightCsv'
import { monthName, trendChart, type TrendChart } from './trendChart'

const number = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toFixed(1))

/** A figure as the page shows it: "2 of 4 (50%)", "34 days", "51.5 hours", or "No figure" when there is none. */
export function display(figure: FigureDefinition, f: Figures): string {
  const value = figure.value(f)
  if (value === null) return 'No figure'
  if (figure.outOf) {
    const of = figure.outOf(f)
    const rate = percent(value, of)
    return rate === null ? `${number(value)} of ${number(of)}` : `${number(value)} of ${number(of)} (${rate}%)`
  }
  if (figure.unit === 'days') return `${number(value)} ${value === 1 ? 'day' : 'days'}`
  if (figure.unit === 'hours') return `${number(value)} ${value === 1 ? 'hour' : 'hours'}`
  return number(value)
}

function monthTable(figures: FigureDefinition[], months: readonly MonthFigures[]) {
  return {
    head: figures.map(f => f.name),
    rows: months.map(m => ({
      month: monthName(m.month, true),
      cells: figures.map(f => ({ label: f.name, text: display(f, m) })),
    })),
  }
}

/** What the continuity figures mean against the 2011 evaluation's 90% partial-continuity mark. */
function continuityNote(f: Figures): string {
  const { eligible, partial } = f.continuity
  if (!eligible)
    return 'No hearing in the period followed an earlier held hearing with who sat known, so there is no rate.'
  const rate = percent(partial, eligible)!
  const side = partial / eligible >= CONTINUITY_MARK ? 'at or above' : 'below'
  return `Partial continuity was ${rate}% (${partial} of ${eligible} hearings), ${side} the 90% that five of the six Dedicated Drug Court sites reached in the Ministry of Justice’s 2011 evaluation.`
}

/** The court dashboard's sections: each figure with its definition, its chart and its months as a table. */
export function dashboardSections(i: CourtInsights) {
  const total = periodFigures(i)
  return SECTIONS.map(({ key, title }) => {
    const figures = FIGURES.filter(f => f.section === key)
    const rows: { key: string; name: string; definition: string; text: string; chart: TrendChart | null }[] =
      figures.map(f => ({
        key: f.key,
        name: f.name,
        definition: f.definition,
        text: display(f, total),
        chart: trendChart(f, i.months),
      }))
    if (key === 'testing') {
      const perMonth = testsAMonth(i)
      rows.push({
        key: TESTS_A_MONTH.key,
        name: TESTS_A_MONTH.name,
        definition: TESTS_A_MONTH.definition,
        text: perMonth === null ? 'No figure' : number(perMonth),
        chart: null,
      })
    }
    return {
      key: key as SectionKey,
      id: `section-${key}`,
      title,
      figures: rows,
      note: key === 'continuity' ? continuityNote(total) : null,
      teams:
        key === 'reports'
          ? {
              received: TEAM_FIGURES.received,
              medianHoursBefore: TEAM_FIGURES.medianHoursBefore,
              rows: i.reports.byTeam.map(t => ({
                team: t.team ?? 'No team recorded',
                received: number(t.received),
                median: t.medianHoursBefore === null ? 'No figure' : `${number(t.medianHoursBefore)} hours`,
              })),
            }
          : null,
      table: monthTable(figures, i.months),
    }
  })
}
