import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { NOTE_CATEGORIES } from '../../services/progress/noteService'
import { flash, keepForm, str, takeForm } from '../forms'
import { NOTE_CATEGORIES as CATEGORY_NAMES } from '../../content/labels'

const readers = ['probation', 'provider', 'clerk', 'admin'] as const
const writers = ['probation', 'provider'] as const

/** What the note form posts, as the service reads it; the text exactly as typed. */
export const parseNoteForm = (body: Record<string, unknown> | undefined) => ({
  category: str(body?.category),
  text: str(body?.text),
})

/** A person's contact log, newest first, with a form for the two agencies to add to it. */
export function notePages(route: RouteDeclarer, services: Services, render: Render) {
  route.get('/people/:id/notes', readers, async (req, res) => {
    const user = req.user!
    const { person, notes } = await services.notes.list(user, req.params.id)
    const form = takeForm(req, `note-${person.id}`)
    render(req, res, 'pages/notes/list', {
      title: `Progress notes: ${person.name}`,
      person,
      personHref: paths.people.show(person.id),
      action: paths.notes.list(person.id),
      canAdd: (writers as readonly string[]).includes(user.role),
      form,
      categoryItems: [
        { value: '', text: 'Choose a category' },
        ...NOTE_CATEGORIES.map(c => ({ value: c, text: CATEGORY_NAMES[c] })),
      ],
      notes: notes.map(n => ({
        id: n.id,
        at: n.at,
        category: CATEGORY_NAMES[n.category] ?? n.category,
        // Line breaks as typed; each line is still escaped by the template.
        lines: n.text.split(/\r?\n/),
        authorName: n.authorName,
        organisationName: n.organisationName,
      })),
    })
  })

  route.post('/people/:id/notes', writers, async (req, res) => {
    const values = parseNoteForm(req.body)
    try {
      await services.notes.add(req.user!, req.params.id, values)
    } catch (err) {
      keepForm(req, `note-${req.params.id}`, err, values)
      return res.redirect(303, paths.notes.list(req.params.id))
    }
    flash(req, 'Note added.')
    res.redirect(303, paths.notes.list(req.params.id))
  })
}
