import crypto from 'node:crypto'
import type { RequestHandler } from 'express'
import helmet from 'helmet'

/**
 * Powerful browser features the service never uses, denied to every page and frame. Each is a name
 * Chromium 156 knows (an unknown one is a console warning): `browsing-topics` is the current name
 * of `interest-cohort`, which Chromium still recognises, so both are sent.
 */
export const DENIED_FEATURES = [
  'accelerometer',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'interest-cohort',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
export const PERMISSIONS_POLICY = DENIED_FEATURES.map(feature => `${feature}=()`).join(', ')

// A fresh CSP nonce per response; nothing inline runs without it.
export function setUpSecurity(production: boolean): RequestHandler[] {
  return [
    (_req, res, next) => {
      res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY)
      next()
    },
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: [
            "'self'",
            (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`,
          ],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: production ? [] : null,
        },
      },
      strictTransportSecurity: production ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
      frameguard: { action: 'deny' },
    }),
  ]
}
