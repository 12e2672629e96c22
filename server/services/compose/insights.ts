import type { ServiceRepositories } from './notify'
import type { Clock } from '../../utils/clock'
import { createInsightService } from '../insights/insightService'

/** Is the review court working: a court's figures over a period (issue 22). */
export function composeInsights(repos: ServiceRepositories, deps: { clock: Clock }) {
  const { audit, insights, continuity, reference } = repos
  return { insights: createInsightService({ clock: deps.clock, audit, insights, continuity, reference }) }
}
