import { z } from 'zod'
import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { courtInput } from '../../services/referenceService'
import { publicUser } from '../../services/userService'
import { ROLES } from '../../roles'
import { parse } from '../../services/validation'

export const tokenRequest = z.object({
  email: z.string({ error: 'Enter an email address' }).min(1, { error: 'Enter an email address' }),
  password: z.string({ error: 'Enter a password' }).min(1, { error: 'Enter a password' }),
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
      summary: 'Exchange email and password for a bearer token',
      body: tokenRequest,
      status: 201,
    },
    async (req, res) => {
      const { email, password } = parse(tokenRequest, req.body)
      const user = await services.auth.signIn(email, password, req.ip ?? '')
      res.status(201).json(await services.auth.issueToken(user, req.ip ?? ''))
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
      summary: 'List users, optionally by role',
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
