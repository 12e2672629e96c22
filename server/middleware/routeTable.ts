import type { NextFunction, Request, RequestHandler, Response, Router } from 'express'
import type { Role } from '../roles'
import { AppError, NotFoundError } from '../errors'

/** Who may use a route: named roles, any signed-in user, or the public (sign-in, health, assets). */
export type Access = readonly Role[] | 'signed-in' | 'public'

export interface DeclaredRoute {
  method: string
  path: string
  access: Access
}

type Guard = RequestHandler & { access: Access }

/** Route handlers see named path parameters as plain strings. */
export type Handler = RequestHandler<Record<string, string>>

/**
 * Deny by default: every route is declared with the roles it allows, and the guard is the first
 * handler on it. A test walks the router and fails on any route whose first handler is not a guard.
 */
export function guard(access: Access, unauthenticated: (req: Request, res: Response) => void): Guard {
  const fn = ((req: Request, res: Response, next: NextFunction) => {
    if (access === 'public') return next()
    if (!req.user) return unauthenticated(req, res)
    if (access === 'signed-in' || access.includes(req.user.role)) return next()
    // A role that may not use a route at all is told so; an object that is not theirs is a 404 elsewhere.
    return next(new AppError(403, 'You do not have permission to see this page', [], 'Forbidden'))
  }) as Guard
  fn.access = access
  return fn
}

export const isGuard = (fn: unknown): fn is Guard => typeof fn === 'function' && 'access' in fn

export function declareRoutes(
  router: Router,
  table: DeclaredRoute[],
  unauthenticated: (req: Request, res: Response) => void,
  prefix = '',
) {
  const add =
    (method: 'get' | 'post' | 'put' | 'delete') =>
    (path: string, access: Access, ...handlers: Handler[]) => {
      table.push({ method: method.toUpperCase(), path: prefix + path, access })
      router[method](path, guard(access, unauthenticated), ...(handlers as RequestHandler[]))
    }
  return { get: add('get'), post: add('post'), put: add('put'), delete: add('delete') }
}

export type RouteDeclarer = ReturnType<typeof declareRoutes>

export const notFound: RequestHandler = () => {
  throw new NotFoundError()
}
