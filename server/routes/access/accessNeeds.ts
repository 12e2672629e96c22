import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { AccessNeedsRow } from '../../data/accessNeedsRepository'
import { ACCESS_NEEDS_EDITORS } from '../../services/person/accessNeedsService'
import { ADJUSTMENT_CODES, accessNeedsInput, needTags } from '../../services/person/accessNeedsRules'
import { ADJUSTMENTS } from '../../content/labels'
import { paths } from '../../paths'
import { formatDateTime } from '../../utils/dates'
import { ValidationError, type FieldError } from '../../errors'
import { asArray, flash, keepForm, str } from '../forms'
import { takeFormFor } from '../sittings/formErrors'
import { formErrors, remapped, schemaErrors } from '../cases/formErrors'

const FIELDS = ['interpreter', 'interpreterLanguage', 'adjustments', 'notes', 'literacySupport'] as const

const ADJUSTMENT_HINTS: Record<string, string> = {
  step_free: 'No steps or stairs between the entrance and the courtroom',
  hearing_loop: 'An induction loop in the courtroom for a hearing aid',
  breaks: 'Breaks during the hearing',
  easy_read: 'Letters and documents in easy-read form',
  other: 'Say what in the notes',
}

/** The person page's "Access needs" card: what is recorded, and a Change link for those who record it. */
export function accessNeedsCard(personId: string, needs: AccessNeedsRow | null, canChange: boolean) {
  const adjustments = needs?.adjustments.map(c => ADJUSTMENTS[c] ?? c) ?? []
  return {
    title: 'Access needs',
    tags: needTags(needs),
    rows: [
      { key: 'Interpreter', value: needs?.interpreterLanguage ?? 'Not needed' },
      { key: 'Adjustments', value: adjustments.length ? adjustments : 'None recorded' },
      { key: 'Literacy support', value: needs?.literacySupport ? 'Needs help to read documents' : 'Not needed' },
      ...(needs?.notes ? [{ key: 'Notes', value: needs.notes }] : []),
      ...(needs ? [{ key: 'Last changed', value: formatDateTime(needs.updatedAt) }] : []),
    ],
    actions: canChange ? [{ text: needs ? 'Change' : 'Add', href: paths.people.accessNeeds(personId) }] : null,
  }
}

/** What the form posts, as typed, and the service's input made from it. */
function parseForm(body: Record<string, unknown>) {
  const values = {
    interpreter: str(body.interpreter),
    interpreterLanguage: str(body.interpreterLanguage),
    adjustments: asArray(body.adjustments),
    notes: str(body.notes),
    literacySupport: asArray(body.literacySupport),
  }
  const errors: FieldError[] = []
  if (values.interpreter !== 'yes' && values.interpreter !== 'no')
    errors.push({ field: 'interpreter', message: 'Select whether the person needs an interpreter' })
  if (values.interpreter === 'yes' && !values.interpreterLanguage.trim())
    errors.push({ field: 'interpreterLanguage', message: 'Enter the language the person needs an interpreter for' })
  const input = {
    interpreterLanguage: values.interpreter === 'yes' ? values.interpreterLanguage : null,
    adjustments: values.adjustments,
    notes: values.notes,
    literacySupport: values.literacySupport.includes('yes'),
  }
  return { values, input, errors }
}

/** Recording a person's access needs (issue 23 point 2): the clerk, or the officer responsible for the case. */
export function accessNeedsRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { accessNeeds } = services
  const key = (id: string) => `access-needs-${id}`

  route.get('/people/:id/access-needs', ACCESS_NEEDS_EDITORS, async (req, res) => {
    const { person, needs } = await accessNeeds.forForm(req.user!, req.params.id)
    const form = takeFormFor(req, key(person.id), 'interpreter')
    const kept = Object.keys(form.values).length > 0
    const values = kept
      ? form.values
      : {
          interpreter: needs ? (needs.interpreterLanguage ? 'yes' : 'no') : '',
          interpreterLanguage: needs?.interpreterLanguage ?? '',
          adjustments: needs?.adjustments ?? [],
          notes: needs?.notes ?? '',
          literacySupport: needs?.literacySupport ? ['yes'] : [],
        }
    render(req, res, 'pages/access/access-needs', {
      title: `Access needs: ${person.name}`,
      person,
      form,
      values,
      interpreterItems: [
        { value: 'yes', text: 'Yes', conditional: 'interpreter-language' },
        { value: 'no', text: 'No' },
      ],
      adjustmentItems: ADJUSTMENT_CODES.map(c => ({ value: c, text: ADJUSTMENTS[c], hint: ADJUSTMENT_HINTS[c] })),
      literacyItems: [{ value: 'yes', text: 'The person needs help to read and understand documents' }],
      action: paths.people.accessNeeds(person.id),
      backHref: paths.people.show(person.id),
    })
  })

  route.post('/people/:id/access-needs', ACCESS_NEEDS_EDITORS, async (req, res) => {
    // Someone else's person is a 404 before anything about the answers is said.
    await accessNeeds.ofPerson(req.user!, req.params.id)
    const id = req.params.id
    const { values, input, errors } = parseForm(req.body as Record<string, unknown>)
    try {
      if (errors.length) throw new ValidationError(formErrors(FIELDS, errors, schemaErrors(accessNeedsInput, input)))
      await accessNeeds.set(req.user!, id, input)
    } catch (err) {
      keepForm(
        req,
        key(id),
        remapped(err, e => formErrors(FIELDS, errors, e)),
        values,
      )
      return res.redirect(303, paths.people.accessNeeds(id))
    }
    flash(req, 'Access needs saved. They show on the court list and in the hearing pack.')
    res.redirect(303, paths.people.show(id))
  })
}
