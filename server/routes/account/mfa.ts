import type { Request, Response } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { AppError } from '../../errors'
import { flash, str, toFormState } from '../forms'

/**
 * Two-step verification on "Your account": set up with an authenticator app (QR code made on the
 * server, the secret also shown for typing in), recovery codes shown once, new codes and turning it
 * off confirmed with a code. Errors are shown on the spot; codes are never kept in the session.
 */
export function mfaRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { mfa } = services

  const refused = (err: unknown) => {
    if (!(err instanceof AppError) || err.status >= 500) throw err
    return { status: err.status, errors: err.errors.length ? err.errors : [{ field: 'code', message: err.message }] }
  }

  const showCodes = (req: Request, res: Response, title: string, codes: string[]) =>
    render(req, res, 'pages/account/recovery-codes', { title, codes })

  route.get(paths.mfa.show, 'signed-in', async (req, res) => {
    const status = await mfa.status(req.user!)
    if (!status.enabled) return res.redirect(303, paths.mfa.setUp)
    render(req, res, 'pages/account/mfa', { title: 'Two-step verification', status, form: toFormState([], {}) })
  })

  const setUpPage = async (req: Request, res: Response, errors: { field: string; message: string }[], status = 200) => {
    const enrol = await mfa.startSetUp(req.user!, req.session.mfaSetUp)
    req.session.mfaSetUp = enrol.sealed
    render(
      req,
      res,
      'pages/account/mfa-set-up',
      {
        title: 'Set up two-step verification',
        required: req.user!.mustSetUpMfa,
        // An image, not inline markup: nothing from a library is written into the page unescaped.
        qrSrc: `data:image/svg+xml;base64,${Buffer.from(enrol.svg).toString('base64')}`,
        secretText: enrol.secretText,
        form: toFormState(errors, {}),
      },
      status,
    )
  }

  route.get(paths.mfa.setUp, 'signed-in', async (req, res) => {
    if ((await mfa.status(req.user!)).enabled) return res.redirect(303, paths.mfa.show)
    await setUpPage(req, res, [])
  })

  route.post(paths.mfa.setUp, 'signed-in', async (req, res) => {
    try {
      const codes = await mfa.confirmSetUp(req.user!, req.session.mfaSetUp, str(req.body.code), req.ip ?? '')
      delete req.session.mfaSetUp
      showCodes(req, res, 'Two-step verification is on: save your recovery codes', codes)
    } catch (err) {
      const { status, errors } = refused(err)
      await setUpPage(req, res, errors, status)
    }
  })

  route.post(paths.mfa.recoveryCodes, 'signed-in', async (req, res) => {
    try {
      const codes = await mfa.newRecoveryCodes(req.user!, str(req.body.code), req.ip ?? '')
      showCodes(req, res, 'Your new recovery codes', codes)
    } catch (err) {
      const { status, errors } = refused(err)
      const current = await mfa.status(req.user!)
      const form = toFormState(
        errors.map(e => ({ ...e, field: 'code' })),
        {},
      )
      render(req, res, 'pages/account/mfa', { title: 'Two-step verification', status: current, form }, status)
    }
  })

  route.post(paths.mfa.turnOff, 'signed-in', async (req, res) => {
    try {
      await mfa.turnOff(req.user!, str(req.body.offCode), req.ip ?? '')
      flash(req, 'Two-step verification is off. Signing in now needs only your password.')
      res.redirect(303, paths.account)
    } catch (err) {
      const { status, errors } = refused(err)
      const current = await mfa.status(req.user!)
      const form = toFormState(
        errors.map(e => ({ ...e, field: 'offCode' })),
        {},
      )
      render(req, res, 'pages/account/mfa', { title: 'Two-step verification', status: current, form }, status)
    }
  })
}
