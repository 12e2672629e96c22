import type { HearingDeps } from './deps'

export function createPackService(_deps: HearingDeps) {
  return {}
}

export type PackService = ReturnType<typeof createPackService>
