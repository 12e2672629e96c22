import type { Services } from '../../services'
import type { DeclareApi } from './declare'

export function outcomesApi(_api: DeclareApi, _services: Services) {}
