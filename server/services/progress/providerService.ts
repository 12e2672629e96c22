import { createProviderUpdateService } from './providerUpdateService'
import { createDrugTestService } from './drugTestService'
import { createDrugTestUpload } from './drugTestUpload'

export * from './providerInput'
export * from './drugTestCsv'

type Deps = Parameters<typeof createProviderUpdateService>[0] &
  Parameters<typeof createDrugTestService>[0] &
  Parameters<typeof createDrugTestUpload>[0]

/** Treatment providers' part: their clients and updates for the court, and drug tests (typed in or uploaded). */
export function createProviderService(deps: Deps) {
  return {
    ...createProviderUpdateService(deps),
    ...createDrugTestService(deps),
    ...createDrugTestUpload(deps),
  }
}

export type ProviderService = ReturnType<typeof createProviderService>
