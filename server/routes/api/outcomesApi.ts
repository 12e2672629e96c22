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
        'Record what the court decided at a review, and who sat (benchUserIds; default the rostered bench): books or re-plans the next review, or ends the requirement. 422 before the hearing’s date and where Sentencing Act 2020 Sch 9 paras 21-22 do not allow the decision (continue_paper needs the person present and progress good or satisfactory; amend needs them present and consenting; require_attendance only at a review without a hearing). A second outcome is 409',
      body: outcomeInput,
      status: 201,
    },
    async (req, res) => {
      const { outcome, nextReview } = await services.outcomes.record(req.user!, req.params.id, req.body)
      res.status(201).json({ outcome: apiOutcome(outcome), nextReview })
    },
  )
}
