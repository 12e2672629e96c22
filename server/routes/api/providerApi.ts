import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { AppError, NotFoundError } from '../../errors'
import {
  correctionInput,
  drugTestInput,
  DuplicateTestError,
  providerUpdateInput,
  withdrawalInput,
  type DrugTest,
} from '../../services/progress/providerService'

const API = '/api/v1'
const testHref = (personId: string, testId: string) => `${API}/people/${personId}/drug-tests/${testId}`

/** A test as the API gives it: with `corrected` (the pack marks it) beside when it was. */
const asJson = (t: DrugTest) => ({ ...t, corrected: t.correctedAt !== null })

/** A duplicate's problem names the first test recorded: its id and address (RFC 9457 extension members). */
async function pointing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (!(err instanceof DuplicateTestError)) throw err
    const pointer = { duplicateOf: err.first.id, href: testHref(err.first.personId, err.first.id) }
    throw new AppError(
      409,
      err.message,
      err.errors.map(e => ({ ...e, ...pointer })),
      err.title,
    )
  }
}

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
      res.status(201).json(asJson(await pointing(() => providers.addTest(req.user!, req.params.id, req.body))))
    },
  )

  api(
    {
      method: 'get',
      path: '/people/:id/drug-tests/:testId',
      access: ['provider', 'probation', 'clerk', 'admin'],
      summary:
        'One drug test, withdrawn or not, with its history: each correction and withdrawal, the values before it, why, who and when',
    },
    async (req, res) => {
      const { test, revisions } = await providers.testHistory(req.user!, req.params.id, req.params.testId)
      res.json({ ...asJson(test), history: revisions })
    },
  )

  api(
    {
      method: 'put',
      path: '/people/:id/drug-tests/:testId',
      access: ['provider', 'probation'],
      summary:
        'Correct a drug test (its tester or their organisation): the new values and a reason; `version` (optional) is the one read, 409 if it has changed. The values before are kept in its history',
      body: correctionInput,
      status: 200,
    },
    async (req, res) => {
      const { id, testId } = req.params
      res.json(asJson(await pointing(() => providers.correctTest(req.user!, id, testId, req.body))))
    },
  )

  api(
    {
      method: 'post',
      path: '/people/:id/drug-tests/:testId/withdrawn',
      access: ['provider', 'probation'],
      summary:
        'Withdraw a drug test (its tester or their organisation) with a reason: it leaves the pack, the report and the charts; its history stays. 409 if already withdrawn',
      body: withdrawalInput,
      status: 200,
    },
    async (req, res) => {
      res.json(asJson(await providers.withdrawTest(req.user!, req.params.id, req.params.testId, req.body)))
    },
  )

  api(
    {
      method: 'get',
      path: '/people/:id/drug-tests',
      access: ['provider', 'probation', 'clerk', 'admin'],
      summary: "A person's drug tests (not withdrawn), newest first",
    },
    async (req, res) => {
      res.json((await providers.tests(req.user!, req.params.id, true)).tests.map(asJson))
    },
  )
}
