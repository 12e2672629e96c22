import { z } from 'zod'
import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { courtInput } from '../../services/referenceService'
import { publicUser } from '../../services/userService'
import { ROLES } from '../../roles'
import { parse } from '../../services/validation'
import { TooManyRequestsError } from '../../errors'

export const tokenRequest = z.object({
  email: z.string({ error: 'Enter an email address' }).min(1, { error: 'Enter an email address' }),
  password: z.string({ error: 'Enter a password' }).min(1, { error: 'Enter a password' }),
  otp: z
    .string({ error: 'otp must be the 6-digit code from the authenticator app, or a recovery code, as a string' })
    .max(40, { error: 'otp is too long: send the 6-digit code or a recovery code' })
    .optional(),
})
const usersQuery = z.object({ role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }).optional() })
const organisationsQuery = z.object({
  kind: z.enum(['probation', 'provider'], { error: 'kind must be probation or provider' }).optional(),
})

export function foundationApi(api: DeclareApi, services: Services) {
  api(
    {
      method: 'post',
      path: '/tokens',
      access: 'public',
      summary:
        'Exchange email and password (and otp, the authenticator code, when the user has two-step verification) for a bearer token; 429 with Retry-After when attempts are throttled',
      body: tokenRequest,
      status: 201,
    },
    async (req, res) => {
      const { email, password, otp } = parse(tokenRequest, req.body)
      try {
        res.status(201).json(await services.auth.exchangeForToken(email, password, otp, req.ip ?? ''))
      } catch (err) {
        if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.retryAfterSeconds))
        throw err
      }
    },
  )

  api({ method: 'get', path: '/courts', access: 'signed-in', summary: 'List courts' }, async (_req, res) => {
    const courts = await services.reference.courts()
    res.json(
      courts.map(({ id, name, code, kind, reportDueWorkingDays }) => ({ id, name, code, kind, reportDueWorkingDays })),
    )
  })

  api(
    {
      method: 'post',
      path: '/courts',
      access: ['admin'],
      summary:
        'Add a court; kind magistrates (the default: a single justice decides reviews on paper) or crown (a judge)',
      body: courtInput,
      status: 201,
    },
    async (req, res) => {
      const { id, name, code, kind, reportDueWorkingDays } = await services.reference.createCourt(req.user!, req.body)
      res.status(201).json({ id, name, code, kind, reportDueWorkingDays })
    },
  )

  api(
    {
      method: 'get',
      path: '/users',
      access: ['clerk', 'admin'],
      summary: 'List users, optionally by role; clerks and sentencers with the courts they work at (courtIds)',
      query: usersQuery,
    },
    async (req, res) => {
      const { role } = parse(usersQuery, req.query)
      res.json((await services.users.list({ role })).map(publicUser))
    },
  )

  api(
    {
      method: 'get',
      path: '/organisations',
      access: 'signed-in',
      summary: 'List organisations, optionally by kind',
      query: organisationsQuery,
    },
    async (req, res) => {
      const { kind } = parse(organisationsQuery, req.query)
      res.json(await services.reference.organisations(kind))
    },
  )
}
