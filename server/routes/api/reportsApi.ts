import type { Services } from '../../services'
import type { DeclareApi } from './declare'

export function reportsApi(_api: DeclareApi, _services: Services) {}
