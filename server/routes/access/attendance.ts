import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { ATTENDANCE_MODES } from '../../content/labels'
import { paths } from '../../paths'
import { formatDateTime } from '../../utils/dates'
import { flash, keepForm, str } from '../forms'
import { takeFormFor, explained } from '../sittings/formErrors'
import { formErrors, remapped } from '../cases/formErrors'

const clerk = ['clerk'] as const
const FIELDS = ['mode', 'videoReference', 'reason'] as const

/**
 * How the person attends a hearing (issue 23 point 3): the clerk changes it with a reason (kept as the
 * hearing's history), and records per hearing whether the interpreter the person needs is booked.
 */
export function attendanceRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { attendance } = services
  const key = (id: string) => `attendance-mode-${id}`
  const backTo = (review: { sittingId: string | null }, personId: string) =>
    review.sittingId ? paths.sittings.show(review.sittingId) : paths.people.show(personId)

  route.get('/reviews/:id/attendance-mode', clerk, async (req, res) => {
    const found = await attendance.forForm(req.user!, req.params.id)
    const { review, person, hearing, history } = found
    const form = takeFormFor(req, key(review.id), 'mode')
    const values = Object.keys(form.values).length
      ? form.values
      : { mode: hearing.attendanceMode, videoReference: hearing.videoReference ?? '', reason: '' }
    render(req, res, 'pages/access/attendance-mode', {
      title: `How ${person.name} attends the hearing`,
      person,
      form,
      values,
      refusal: found.refusal,
      summaryRows: [
        { key: 'Person', value: [person.name, person.crn] },
        { key: 'Hearing', value: hearing.startsAt ? formatDateTime(hearing.startsAt) : 'Not listed yet' },
        { key: 'Attends', value: ATTENDANCE_MODES[hearing.attendanceMode] ?? hearing.attendanceMode },
        ...(hearing.videoReference ? [{ key: 'Video room or reference', value: hearing.videoReference }] : []),
      ],
      modeItems: [
        { value: 'in_person', text: ATTENDANCE_MODES.in_person },
        { value: 'video', text: ATTENDANCE_MODES.video, conditional: 'video-reference' },
      ],
      history: history.map(h => ({
        when: formatDateTime(h.changedAt),
        change: `${ATTENDANCE_MODES[h.fromMode]} to ${ATTENDANCE_MODES[h.toMode].toLowerCase()}${h.referenceChanged && h.toMode === 'video' ? ' (room or reference set)' : ''}`,
        reason: h.reason,
        by: h.changedByName ?? 'Unknown user',
      })),
      historyHead: ['When', 'Change', 'Reason', 'By'],
      historyAttributes: { 'data-qa': 'attendance-history' },
      action: paths.reviews.attendanceMode(review.id),
      backHref: backTo(review, person.id),
    })
  })

  route.post('/reviews/:id/attendance-mode', clerk, async (req, res) => {
    const id = req.params.id
    const body = req.body as Record<string, unknown>
    const values = { mode: str(body.mode), videoReference: str(body.videoReference), reason: str(body.reason) }
    let changed: Awaited<ReturnType<typeof attendance.change>>
    try {
      changed = await attendance.change(req.user!, id, {
        mode: values.mode || undefined,
        videoReference: values.videoReference,
        reason: values.reason,
      })
    } catch (err) {
      keepForm(
        req,
        key(id),
        remapped(explained(err), e => formErrors(FIELDS, [], e)),
        values,
      )
      return res.redirect(303, paths.reviews.attendanceMode(id))
    }
    flash(req, `Saved: the person attends ${changed.attendanceMode === 'video' ? 'by video link' : 'in person'}.`)
    res.redirect(303, changed.sittingId ? paths.sittings.show(changed.sittingId) : paths.reviews.attendanceMode(id))
  })

  // The court list's toggle: booked for the hearing as now listed, or not.
  route.post('/reviews/:id/interpreter', clerk, async (req, res) => {
    const booked = str((req.body as Record<string, unknown>).booked)
    const { review, sittingId } = await attendance.setInterpreterBooked(req.user!, req.params.id, {
      booked: booked === 'yes' ? true : booked === 'no' ? false : undefined,
    })
    flash(req, review.interpreterBooked ? 'Interpreter recorded as booked.' : 'Interpreter recorded as not booked.')
    res.redirect(303, sittingId ? paths.sittings.show(sittingId) : paths.home)
  })
}
