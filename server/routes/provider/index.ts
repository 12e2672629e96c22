import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { formatDate, localDateOf } from '../../utils/dates'
import { updateRoutes } from './updates'
import { drugTestRoutes } from './drugTests'
import { uploadRoutes } from './upload'
import { testChangeRoutes } from './testChanges'

/** Treatment providers: their clients, their update for each review, and drug tests (typed in or uploaded). */
export function providerRoutes(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.clients, ['provider'], async (req, res) => {
    const clients = await services.providers.clients(req.user!)
    render(req, res, 'pages/provider/clients', {
      title: 'My clients',
      uploadHref: paths.provider.upload,
      clientHead: ['Name', 'Next review', 'Report due', 'Wanted from you', 'Tests'],
      clients: clients.map(c => ({
        name: c.person.name,
        crn: c.person.crn,
        personHref: paths.people.show(c.person.id),
        testsHref: paths.provider.tests(c.person.id),
        nextReview: c.review ? formatDate(c.review.reviewDate) : 'None planned',
        reportDue: c.reportDueAt ? formatDate(localDateOf(c.reportDueAt)) : '',
        updateHref: c.review ? paths.provider.update(c.review.id) : null,
        updateReceived: !!c.update?.receivedAt,
      })),
    })
  })

  updateRoutes(route, services, render)
  drugTestRoutes(route, services, render)
  // After the list's own addresses (`/new`), so a test's id never shadows them.
  testChangeRoutes(route, services, render)
  uploadRoutes(route, services, render)
}
