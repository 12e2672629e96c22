import type { HearingDeps } from './deps'

export function createBenchService(_deps: HearingDeps) {
  return {}
}

export type BenchService = ReturnType<typeof createBenchService>
