import type { Services } from '../../services'
import type { DeclareApi } from './declare'

export function packsApi(_api: DeclareApi, _services: Services) {}
