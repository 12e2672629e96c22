import type { ProgressDeps } from './deps'

export function createProviderService(_deps: ProgressDeps) {
  return {}
}

export type ProviderService = ReturnType<typeof createProviderService>
