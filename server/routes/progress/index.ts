import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'

export function progressRoutes(route: RouteDeclarer, _services: Services, render: Render) {
  route.get(paths.caseload, ['probation'], (req, res) => {
    render(req, res, 'pages/home/placeholder', {
      title: 'My caseload',
      lead: 'People on review for whom you are the responsible officer.',
    })
  })
}
