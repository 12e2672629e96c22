import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { StatementRow } from '../../data/statementRepository'
import { paths } from '../../paths'
import { formatDate } from '../../utils/dates'
import { statementByline } from '../../services/person/statementPack'
import { STATEMENT_WORDS } from '../../content/labels'
import { STATEMENT_MAX } from '../../services/person/statementRules'
import { flash, keepForm, str } from '../forms'
import { takeCaseForm } from '../cases/formErrors'
import { paragraphsOf } from '../cases/personPage'

const WRITERS = ['probation', 'provider'] as const
const formKey = (reviewId: string) => `statement-${reviewId}`

const revisionView = (s: StatementRow) => ({
  revision: s.revision,
  byline: statementByline(s),
  paragraphs: paragraphsOf(s.text),
})

/** The officer's (or provider's) page for the person's own words before a review (issue 23 point 1). */
export function statementRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get('/reviews/:id/statement', WRITERS, async (req, res) => {
    const c = await services.statements.forWriter(req.user!, req.params.id)
    const form = takeCaseForm(req, formKey(c.review.id))
    const values = Object.keys(form.values).length ? form.values : { text: c.current?.text ?? '' }
    const next = c.closed?.nextReview ?? null
    render(req, res, 'pages/statements/record', {
      title: 'In their own words',
      form,
      values,
      words: STATEMENT_WORDS,
      maxText: STATEMENT_MAX,
      personName: c.person.name,
      summaryRows: [
        { key: 'Name', value: c.person.name },
        { key: 'CRN', value: c.person.crn },
        { key: 'Review', value: `Review ${c.review.sequence} on ${formatDate(c.review.reviewDate)}` },
      ],
      current: c.current ? revisionView(c.current) : null,
      earlier: c.revisions.slice(0, -1).reverse().map(revisionView),
      closed: c.closed
        ? {
            message: c.closed.message,
            nextHref: next ? paths.statements.record(next.id) : null,
            nextText: next ? `Take down their words for the review on ${formatDate(next.reviewDate)}` : null,
          }
        : null,
      action: paths.statements.record(c.review.id),
      formLabel: c.current ? 'Replace their words with a new version' : 'Their words',
      buttonText: c.current ? 'Save as a new version' : 'Save their words',
      backHref: paths.people.show(c.person.id),
    })
  })

  route.post('/reviews/:id/statement', WRITERS, async (req, res) => {
    const body = req.body as Record<string, unknown>
    const values = { text: str(body.text) }
    try {
      await services.statements.record(req.user!, req.params.id, values)
    } catch (err) {
      keepForm(req, formKey(req.params.id), err, values)
      return res.redirect(303, paths.statements.record(req.params.id))
    }
    flash(req, 'Their words are saved. The bench reads them first in the hearing pack.')
    res.redirect(303, paths.statements.record(req.params.id))
  })
}
