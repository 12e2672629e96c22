import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { apiOutcome, outcomeInput } from '../../services/hearing/outcomeService'

export function outcomesApi(api: DeclareApi, services: Services) {
  api(
    {
      method: 'post',
      path: '/reviews/:id/outcome',
      access: ['clerk'],
      summary:
        'Record what the bench decided at a review; books or re-plans the next review, or ends the requirement (a second outcome is 409)',
      body: outcomeInput,
      status: 201,
    },
    async (req, res) => {
      const { outcome, nextReview } = await services.outcomes.record(req.user!, req.params.id, req.body)
      res.status(201).json({ outcome: apiOutcome(outcome), nextReview })
    },
  )
}
