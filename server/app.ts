import path from 'node:path'
import express, { Router } from 'express'
import type { Services } from './services'
import { projectRoot } from './config'
import type { Views } from './views'
import { requestLogger } from './logger'
import { createRender } from './routes/render'
import { setUpSecurity } from './middleware/setUpSecurity'
import { loadUser, setUpSession } from './middleware/setUpSession'
import { setUpCsrf } from './middleware/setUpCsrf'
import { formOnce } from './middleware/formOnce'
import { statusOf, webErrorHandler } from './middleware/errorHandler'
import { auditRequests } from './middleware/auditRequests'
import { declareRoutes, guard, notFound, type DeclaredRoute } from './middleware/routeTable'
import { apiRouter } from './routes/api'
import { authRoutes } from './routes/auth'
import { homeRoutes } from './routes/home'
import { adminRoutes } from './routes/admin'
import { auditRoutes } from './routes/admin/audit'
import { retentionRoutes } from './routes/retention'
import { caseRoutes } from './routes/cases'
import { sittingRoutes } from './routes/sittings'
import { progressRoutes } from './routes/progress'
import { providerRoutes } from './routes/provider'
import { noteRoutes } from './routes/notes'
import { outcomeRoutes } from './routes/outcomes'
import { enforcementRoutes } from './routes/enforcement'
import { accessRoutes } from './routes/access'
import { packRoutes } from './routes/packs'
import { sentencerRoutes } from './routes/sentencer'
import { accountRoutes } from './routes/account'
import { mailRoutes } from './routes/admin/mail'
import { userSecurityRoutes } from './routes/admin/userSecurity'
import { mfaRoutes } from './routes/account/mfa'
import { insightRoutes } from './routes/insights'
import { statementRoutes } from './routes/statements'
import multer from 'multer'
import { paths } from './paths'

import { AppError } from './errors'

/** What a user who must set up two-step verification may still reach. */
const MFA_SET_UP_PATHS = new Set([
  paths.mfa.setUp,
  paths.signOut,
  // The footer's pages hold no case data: anyone may read them, including before setting up the app.
  paths.accessibility,
  paths.privacy,
  paths.cookies,
])

/** Builds the app from injected services: no I/O at import, nothing listening. */
export function createApp(services: Services, views: Views) {
  const { config, logger, clock } = services
  const app = express()
  const routeTable: DeclaredRoute[] = []
  app.disable('x-powered-by')
  // No ETag: every page, calendar feed and API answer is Cache-Control: no-store, so no client keeps one to ask
  // about again, and hashing each body for it cost a 20-case pack (a third of a megabyte) half a
  // millisecond a read. Static assets keep serve-static's own ETag and Last-Modified.
  app.set('etag', false)
  app.set('trust proxy', config.production ? 1 : false)
  app.set('query parser', 'simple')

  // One log line a request (ids, method, path, status, time): server/logger.ts.
  app.use(requestLogger(logger))
  app.use(setUpSecurity(config.production))
  app.use(auditRequests(services.audit))

  const health = Router()
  routeTable.push({ method: 'GET', path: paths.health, access: 'public' })
  health.get(
    paths.health,
    guard('public', () => undefined),
    async (_req, res) => {
      const database = (await services.web.databaseUp()) ? 'ok' : 'unavailable'
      res
        .status(database === 'ok' ? 200 : 503)
        .json({ status: database === 'ok' ? 'ok' : 'down', database, version: config.version })
    },
  )
  app.use(health)

  const govuk = path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk')
  const moj = path.join(projectRoot, 'node_modules/@ministryofjustice/frontend/moj')
  const staticOptions = { index: false, maxAge: config.production ? '1d' : 0 }
  app.use('/assets', express.static(path.join(projectRoot, 'assets'), staticOptions))
  app.use('/assets', express.static(path.join(govuk, 'assets'), staticOptions))
  app.use('/assets/govuk', express.static(govuk, staticOptions))
  app.use('/assets/moj', express.static(moj, staticOptions))

  app.use('/api', apiRouter(services, routeTable).router)

  const render = createRender(views)
  const web = Router()
  web.use(express.urlencoded({ extended: true, limit: '1mb' }))
  web.use(
    setUpSession({
      sessions: services.web.sessions,
      clock,
      secret: config.sessionSecret,
      production: config.production,
    }),
  )
  web.use(loadUser(services.auth, clock, config.production))
  web.use((req, res, next) => {
    // Signed-in pages hold case data: never cached, never stored by a shared machine's browser.
    res.setHeader('Cache-Control', 'no-store')
    if (req.user?.mustChangePassword && req.path !== paths.changePassword && req.path !== paths.signOut)
      // A user with a one-time password may do nothing else until they choose their own.
      return res.redirect(303, paths.changePassword)
    if (req.user?.mustSetUpMfa && !MFA_SET_UP_PATHS.has(req.path))
      // Where two-step verification is required, it is set up before anything else (ASVS 6.3.3).
      return res.redirect(303, paths.mfa.setUp)
    next()
  })
  // Uploads (a PSR, a CSV of drug tests) are parsed before the CSRF check so their token is read;
  // only for signed-in users, one file, at most 10 MB, kept in memory.
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 100 },
  }).single('file')
  web.use((req, res, next) =>
    req.user && req.is('multipart/form-data')
      ? // A body the multipart parser cannot read is the sender's mistake (400), not the service's (500).
        upload(req, res, err =>
          next(
            err && statusOf(err) >= 500 ? new AppError(400, 'The form could not be read. Try sending it again.') : err,
          ),
        )
      : next(),
  )
  web.use(setUpCsrf({ secret: config.sessionSecret, production: config.production }))
  web.use(formOnce({ submissions: services.web.submissions, clock }))
  // An administrator is told, on every page, when reviews are planned past the bank holidays known.
  web.use(async (req, res, next) => {
    if (req.user?.role === 'admin' && req.method === 'GET') res.locals.notice = await services.reference.holidayNotice()
    next()
  })
  const route = declareRoutes(web, routeTable, (req, res) => {
    if (req.method === 'GET') return res.redirect(`${paths.signIn}`)
    res.redirect(303, paths.signIn)
  })
  authRoutes(route, web, services, render)
  // The court lists are the pages read most: Express tries each route in turn, so theirs come early.
  // No route of theirs matches a path of a group after it (checked by test/integration/foundation/routes.test.ts).
  sittingRoutes(route, services, render)
  homeRoutes(route, services, render)
  adminRoutes(route, services, render)
  auditRoutes(route, services, render)
  retentionRoutes(route, services, render)
  caseRoutes(route, services, render)
  progressRoutes(route, services, render)
  providerRoutes(route, services, render)
  noteRoutes(route, services, render)
  outcomeRoutes(route, services, render)
  statementRoutes(route, services, render)
  enforcementRoutes(route, services, render)
  accessRoutes(route, services, render)
  packRoutes(route, services, render)
  sentencerRoutes(route, services, render)
  accountRoutes(route, services, render)
  mfaRoutes(route, services, render)
  userSecurityRoutes(route, services)
  mailRoutes(route, services, render)
  insightRoutes(route, services, render)
  web.use(notFound)
  web.use(webErrorHandler(render, logger))
  app.use(web)

  return { app, routeTable, views }
}
