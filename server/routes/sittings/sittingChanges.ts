import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { ConflictError, ValidationError } from '../../errors'
import { formatDate } from '../../utils/dates'
import { describeChanges, planChanges } from '../../services/scheduling/planChanges'
import { flash, keepForm, str } from '../forms'
import { benchItems } from './courtChoice'
import { explained, takeFormFor } from './formErrors'
import { calendarHref, plural } from './calendarModel'
import { parseCancelForm, parseSittingChangeForm } from './sittingForm'

const clerk = ['clerk'] as const

/** Changing a sitting's courtroom, places and bench; cancelling it, its reviews re-planned. */
export function sittingChangeRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get('/sittings/:id/edit', clerk, async (req, res) => {
    const sitting = await services.sittings.get(req.params.id)
    const form = takeFormFor(req, `sitting-${sitting.id}`, 'courtroom')
    if (!Object.keys(form.values).length)
      form.values = {
        courtroom: sitting.courtroom,
        capacity: String(sitting.capacity),
        benchUserIds: sitting.benchUserIds,
        version: String(sitting.version),
      }
    render(req, res, 'pages/sittings/sitting-change', {
      title: 'Change sitting',
      sitting,
      form,
      benchItems: await benchItems(services),
      action: paths.sittings.edit(sitting.id),
      backHref: paths.sittings.show(sitting.id),
    })
  })

  route.post('/sittings/:id/edit', clerk, async (req, res) => {
    const id = req.params.id
    const { input, values } = parseSittingChangeForm(req.body)
    try {
      await services.sittings.update(req.user!, id, input)
      flash(req, 'Sitting changed.')
      res.redirect(303, paths.sittings.show(id))
    } catch (err) {
      // After a conflict the form shows what is saved now, with its version, so checking and saving again works.
      keepForm(
        req,
        `sitting-${id}`,
        explained(err),
        err instanceof ConflictError ? {} : { ...values, version: str(req.body.version) },
      )
      res.redirect(303, paths.sittings.edit(id))
    }
  })

  route.get('/sittings/:id/cancel', clerk, async (req, res) => {
    const sitting = await services.sittings.get(req.params.id)
    render(req, res, 'pages/sittings/sitting-cancel', {
      title: 'Cancel sitting',
      sitting,
      form: takeFormFor(req, `cancel-${sitting.id}`, 'reason'),
      action: paths.sittings.cancel(sitting.id),
      backHref: paths.sittings.show(sitting.id),
    })
  })

  route.post('/sittings/:id/cancel', clerk, async (req, res) => {
    const id = req.params.id
    const parsed = parseCancelForm(req.body)
    try {
      if (parsed.errors.length) throw new ValidationError(parsed.errors)
      const sitting = await services.sittings.get(id)
      const affected = await services.listing.requirementsInSitting(id)
      const before = await services.listing.snapshot(affected)
      const { relisted, unlisted } = await services.sittings.cancel(
        req.user!,
        id,
        parsed.input.version,
        parsed.input.reason,
      )
      const changed = planChanges(before, await services.listing.snapshot(affected))
      flash(
        req,
        `Sitting on ${formatDate(sitting.date)} cancelled. ${plural(relisted, 'review', 'reviews')} relisted in other sittings; ${plural(unlisted, 'review needs', 'reviews need')} listing.`,
        undefined,
        describeChanges(changed),
      )
      res.redirect(303, calendarHref(sitting.courtId, sitting.date.slice(0, 7)))
    } catch (err) {
      keepForm(req, `cancel-${id}`, err, parsed.values)
      res.redirect(303, paths.sittings.cancel(id))
    }
  })
}
