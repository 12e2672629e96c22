import type { Services } from '../../services'
import type { DeclareApi } from './declare'

export function providerApi(_api: DeclareApi, _services: Services) {}
