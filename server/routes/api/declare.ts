import type { RequestHandler, Router } from 'express'
import type { z } from 'zod'
import { guard, type Access, type DeclaredRoute, type Handler } from '../../middleware/routeTable'
import { sendProblem } from './problem'

export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'delete'
  path: string
  access: Access
  summary: string
  body?: z.ZodType
  query?: z.ZodType
  status?: number
  responseDescription?: string
  produces?: string
}

/** Every API route is declared with its roles and its input schema; the OpenAPI document is built from these. */
export function declareApi(router: Router, table: DeclaredRoute[], operations: ApiOperation[], prefix: string) {
  const unauthenticated: Parameters<typeof guard>[1] = (_req, res) =>
    sendProblem(res, 401, 'Send a valid bearer token: POST /api/v1/tokens with your email and password to get one')
  return (op: ApiOperation, ...handlers: Handler[]) => {
    operations.push({ ...op, path: prefix + op.path })
    table.push({ method: op.method.toUpperCase(), path: prefix + op.path, access: op.access })
    router[op.method](op.path, guard(op.access, unauthenticated), ...(handlers as RequestHandler[]))
  }
}

export type DeclareApi = ReturnType<typeof declareApi>
