import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { formatDate, localDateOf } from '../../utils/dates'
import { flash, keepForm } from '../forms'
import { takeCaseForm } from '../cases/formErrors'
import { parseUpdateForm } from './providerForms'

const PROVIDER = ['provider'] as const

/** The provider organisation's update for a review: one per review, saved again to change it. */
export function updateRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get('/reviews/:id/provider-update', PROVIDER, async (req, res) => {
    const c = await services.providers.updateFor(req.user!, req.params.id)
    const form = takeCaseForm(req, `provider-update-${c.review.id}`)
    const u = c.update
    const values = Object.keys(form.values).length
      ? form.values
      : {
          treatmentView: u?.treatmentView ?? '',
          engagement: u?.engagement ?? '',
          appointmentsOffered: u?.appointmentsOffered === null || !u ? '' : String(u.appointmentsOffered),
          appointmentsKept: u?.appointmentsKept === null || !u ? '' : String(u.appointmentsKept),
        }
    render(req, res, 'pages/provider/update-form', {
      title: 'Treatment update for the court',
      form,
      values,
      personName: c.person.name,
      summaryRows: [
        { key: 'Name', value: c.person.name },
        { key: 'CRN', value: c.person.crn },
        { key: 'Review', value: `Review ${c.review.sequence} on ${formatDate(c.review.reviewDate)}` },
        {
          key: 'Report due',
          value: c.review.reportDueAt ? formatDate(localDateOf(c.review.reportDueAt)) : 'Not set',
        },
        { key: 'Update', value: u ? `Last saved ${formatDate(localDateOf(u.updatedAt))}` : 'Not sent yet' },
      ],
      action: paths.provider.update(c.review.id),
      cancelHref: paths.clients,
    })
  })

  route.post('/reviews/:id/provider-update', PROVIDER, async (req, res) => {
    const { input, values } = parseUpdateForm(req.body)
    try {
      await services.providers.saveUpdate(req.user!, req.params.id, input)
    } catch (err) {
      keepForm(req, `provider-update-${req.params.id}`, err, values)
      return res.redirect(303, paths.provider.update(req.params.id))
    }
    flash(req, 'Update saved. The responsible officer will see it in their report.')
    res.redirect(303, paths.clients)
  })
}
