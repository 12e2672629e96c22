import { createProviderUpdateService } from './providerUpdateService'
import { createDrugTestService } from './drugTestService'
import { createDrugTestUpload } from './drugTestUpload'
import { createDrugTestChecks } from './drugTestChecks'
import { createDrugTestChanges } from './drugTestChanges'

export * from './providerInput'
export * from './drugTestCsv'
export { correctionInput, withdrawalInput } from './drugTestChanges'
export { DuplicateTestError } from './drugTestChecks'

type Deps = Parameters<typeof createProviderUpdateService>[0] &
  Omit<Parameters<typeof createDrugTestService>[0], 'checks'> &
  Parameters<typeof createDrugTestUpload>[0]

/** Treatment providers' part: their clients and updates for the court, and drug tests (typed in, uploaded, corrected). */
export function createProviderService(deps: Deps) {
  const checks = createDrugTestChecks(deps)
  return {
    ...createProviderUpdateService(deps),
    ...createDrugTestService({ ...deps, checks }),
    ...createDrugTestUpload(deps),
    ...createDrugTestChanges({ ...deps, checks }),
  }
}

export type ProviderService = ReturnType<typeof createProviderService>
