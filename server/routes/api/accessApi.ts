import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { ACCESS_NEEDS_EDITORS, apiAccessNeeds } from '../../services/person/accessNeedsService'
import { accessNeedsInput } from '../../services/person/accessNeedsRules'
import { attendanceModeInput, interpreterInput } from '../../services/person/attendanceModeRules'

/** API.md, "The person": access needs, and how the person attends each hearing (issue 23 points 2, 3 and 5). */
export function accessApi(api: DeclareApi, services: Services) {
  const { accessNeeds, attendance } = services

  api(
    {
      method: 'put',
      path: '/people/:id/access-needs',
      access: ACCESS_NEEDS_EDITORS,
      summary:
        'Replace the person’s access needs: interpreterLanguage (a language, or null for none), adjustments (a set of step_free, hearing_loop, breaks, easy_read, other; other needs notes), notes, and literacySupport (true or false; this service’s extension, default false). A clerk for any person; the responsible officer for their own cases',
      body: accessNeedsInput,
    },
    async (req, res) => {
      res.json(apiAccessNeeds(await accessNeeds.set(req.user!, req.params.id, req.body)))
    },
  )

  api(
    {
      method: 'put',
      path: '/reviews/:id/attendance-mode',
      access: ['clerk'],
      summary:
        'How the person attends the hearing: mode in_person or video (video needs videoReference, the room or reference, which no email or invite carries) and the reason for the change, kept in its history. 422 for a review without a hearing or one already heard; the same mode and reference again changes nothing',
      body: attendanceModeInput,
    },
    async (req, res) => {
      res.json(await attendance.change(req.user!, req.params.id, req.body))
    },
  )

  api(
    {
      method: 'put',
      path: '/reviews/:id/interpreter',
      access: ['clerk'],
      summary:
        'Whether the interpreter the person needs is booked for the hearing as now listed (booked true or false; this service’s extension). A hearing moved to another time needs booking again. 422 for a review without a hearing, one not listed or heard, or booked true when the person needs no interpreter',
      body: interpreterInput,
    },
    async (req, res) => {
      res.json((await attendance.setInterpreterBooked(req.user!, req.params.id, req.body)).review)
    },
  )
}
