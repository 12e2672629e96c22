import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { NotFoundError } from '../../errors'
import { drugTestInput, providerUpdateInput } from '../../services/progress/providerService'

/** API.md: the provider update for a review, and drug tests (provider and probation write, clerks read too). */
export function providerApi(api: DeclareApi, services: Services) {
  const { providers } = services

  api(
    {
      method: 'put',
      path: '/reviews/:id/provider-update',
      access: ['provider'],
      summary: "Save the provider organisation's update for a review (treatment view, appointments offered and kept)",
      body: providerUpdateInput,
      status: 200,
    },
    async (req, res) => {
      res.json(await providers.saveUpdate(req.user!, req.params.id, req.body))
    },
  )

  api(
    {
      method: 'get',
      path: '/reviews/:id/provider-update',
      access: ['provider'],
      summary: "Read back the provider organisation's update for a review (404 until one is saved)",
    },
    async (req, res) => {
      const { update } = await providers.updateFor(req.user!, req.params.id)
      if (!update) throw new NotFoundError('No update has been saved for this review')
      res.json(update)
    },
  )

  api(
    {
      method: 'post',
      path: '/people/:id/drug-tests',
      access: ['provider', 'probation'],
      summary: 'Record a drug test: date, method and a result per substance',
      body: drugTestInput,
      status: 201,
    },
    async (req, res) => {
      res.status(201).json(await providers.addTest(req.user!, req.params.id, req.body))
    },
  )

  api(
    {
      method: 'get',
      path: '/people/:id/drug-tests',
      access: ['provider', 'probation', 'clerk', 'admin'],
      summary: "A person's drug tests, newest first",
    },
    async (req, res) => {
      res.json((await providers.tests(req.user!, req.params.id)).tests)
    },
  )
}
