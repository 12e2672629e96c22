import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { NOTE_MAX } from '../../services/hearing/benchService'
import { formatDate } from '../../utils/dates'
import { flash, keepForm, str, takeForm } from '../forms'

// Private to sentencers: every other role, admins included, is refused by the route guard.
const sentencer = ['sentencer'] as const

/** Private bench notes on a case, for the bench of the review. */
export function benchNotePages(route: RouteDeclarer, services: Services, render: Render) {
  route.get('/reviews/:id/bench-notes', sentencer, async (req, res) => {
    const { review, person, notes } = await services.bench.notes(req.user!, req.params.id)
    render(req, res, 'pages/sentencer/bench-notes', {
      title: `Bench notes: ${person.name}`,
      person,
      heading: `Review ${review.sequence}, ${formatDate(review.reviewDate)}`,
      form: takeForm(req, `bench-note-${review.id}`),
      action: paths.sentencer.benchNotes(review.id),
      hint: `Only magistrates and judges can read these notes. Up to ${NOTE_MAX.toLocaleString('en-GB')} characters.`,
      backHref: review.sittingId ? paths.sittings.show(review.sittingId) : paths.sentencer.paperReview(review.id),
      notes: notes.map(n => ({
        id: n.id,
        at: n.at,
        lines: n.text.split(/\r?\n/),
        authorName: n.authorName ?? 'A former user',
        about: n.reviewSequence
          ? `Review ${n.reviewSequence}${n.reviewDate ? `, ${formatDate(n.reviewDate)}` : ''}`
          : null,
      })),
    })
  })

  route.post('/reviews/:id/bench-notes', sentencer, async (req, res) => {
    const values = { text: str(req.body?.text) }
    try {
      await services.bench.addNote(req.user!, req.params.id, values.text)
    } catch (err) {
      keepForm(req, `bench-note-${req.params.id}`, err, values)
      return res.redirect(303, paths.sentencer.benchNotes(req.params.id))
    }
    flash(req, 'Bench note added.')
    res.redirect(303, paths.sentencer.benchNotes(req.params.id))
  })
}
