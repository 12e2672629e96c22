import express, { Router, type RequestHandler } from 'express'
import type { Services } from '../../services'
import { guard, type DeclaredRoute } from '../../middleware/routeTable'
import { declareApi, type ApiOperation } from './declare'
import { apiErrorHandler, sendProblem } from './problem'
import { buildOpenApi } from './openapi'
import { foundationApi } from './foundationApi'
import { schedulingApi } from './schedulingApi'
import { referenceApi } from './referenceApi'
import { reportsApi } from './reportsApi'
import { providerApi } from './providerApi'
import { outcomesApi } from './outcomesApi'
import { packsApi } from './packsApi'
import { paperReviewsApi } from './paperReviewsApi'
import { enforcementApi } from './enforcementApi'
import { insightsApi } from './insightsApi'
import { retentionApi } from './retentionApi'
import { accessApi } from './accessApi'
import { statementsApi } from './statementsApi'

/**
 * Bearer tokens only: cookies are never accepted on /api, so no CSRF token is needed. The scheme
 * is matched in any case (RFC 9110 §11.1: `bearer`, `BEARER`); the token exactly.
 */
function bearerAuth(services: Services): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? ''
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/i.exec(header)
    if (match) {
      const user = await services.auth.userForToken(match[1])
      if (user) req.user = user
    }
    next()
  }
}

export function apiRouter(services: Services, table: DeclaredRoute[]) {
  const operations: ApiOperation[] = []
  const v1 = Router()
  v1.use(express.json({ limit: '1mb' }))
  v1.use((_req, res, next) => {
    // Answers hold case data, as the pages do: never kept by a cache or a shared machine.
    res.setHeader('Cache-Control', 'no-store')
    next()
  })
  v1.use(bearerAuth(services))
  const api = declareApi(v1, table, operations, '/api/v1')
  foundationApi(api, services)
  referenceApi(api, services)
  schedulingApi(api, services)
  reportsApi(api, services)
  providerApi(api, services)
  outcomesApi(api, services)
  paperReviewsApi(api, services)
  packsApi(api, services)
  enforcementApi(api, services)
  insightsApi(api, services)
  retentionApi(api, services)
  accessApi(api, services)
  statementsApi(api, services)
  v1.use((_req, res) => sendProblem(res, 404, 'No such resource'))
  v1.use(apiErrorHandler(services.logger))

  const router = Router()
  let openapi: unknown
  table.push({ method: 'GET', path: '/api/openapi.json', access: 'public' })
  router.get(
    '/openapi.json',
    guard('public', () => undefined),
    (_req, res) => {
      openapi ??= buildOpenApi(operations, services.config.version)
      res.json(openapi)
    },
  )
  router.use('/v1', v1)
  router.use((_req, res) => sendProblem(res, 404, 'No such resource'))
  return { router, operations }
}
