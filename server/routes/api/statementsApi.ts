import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { AppError } from '../../errors'
import { apiResponse, apiStatement, statementInput, StatementClosedError } from '../../services/person/statementService'

const API = '/api/v1'

/** A closed review's problem names the review a later statement goes on (an RFC 9457 extension member). */
async function pointing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (!(err instanceof StatementClosedError)) throw err
    const next = err.nextReviewId
    const pointer = next ? { nextReviewId: next, href: `${API}/reviews/${next}/statement` } : { nextReviewId: null }
    throw new AppError(
      409,
      err.message,
      err.errors.map(e => ({ ...e, ...pointer })),
      err.title,
    )
  }
}

/** API.md "The person": the person's own words for a review. */
export function statementsApi(api: DeclareApi, services: Services) {
  const { statements } = services

  api(
    {
      method: 'put',
      path: '/reviews/:id/statement',
      access: ['probation', 'provider'],
      summary:
        "Take down the person's own words for a review (the responsible officer, or the provider the requirement is referred to). Each save adds a revision, the earlier ones kept; 409 once the review is held or will not be heard (a later statement goes on the next review)",
      body: statementInput,
      status: 200,
    },
    async (req, res) => {
      const saved = await pointing(() => statements.record(req.user!, req.params.id, req.body))
      res.json({ reviewId: saved.reviewId, ...apiStatement(saved) })
    },
  )

  api(
    {
      method: 'get',
      path: '/reviews/:id/statement',
      access: ['probation', 'provider', 'clerk', 'sentencer'],
      summary:
        "The person's own words for a review (scoped; sentencers of the review's bench): the current revision, the bench's response once recorded, and the earlier revisions for those who may write it. 404 when none is recorded",
    },
    async (req, res) => {
      const s = await statements.read(req.user!, req.params.id)
      res.json({
        reviewId: s.review.id,
        ...apiStatement(s.current),
        ...(s.earlier ? { earlier: s.earlier.map(apiStatement) } : {}),
        benchResponse: s.response ? apiResponse(s.response) : null,
      })
    },
  )
}
