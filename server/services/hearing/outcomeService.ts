import type { HearingDeps } from './deps'

export function createOutcomeService(_deps: HearingDeps) {
  return {}
}

export type OutcomeService = ReturnType<typeof createOutcomeService>
