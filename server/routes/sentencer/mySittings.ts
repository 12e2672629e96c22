import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { formatDate, formatTime } from '../../utils/dates'
import { queueRow } from './model'

const sentencer = ['sentencer'] as const

/** The sentencer's home: the sittings they sit on, with packs, and the paper reviews waiting for them. */
export function mySittingsPages(route: RouteDeclarer, services: Services, render: Render) {
  route.get(paths.mySittings, sentencer, async (req, res) => {
    const user = req.user!
    const [sittings, queue] = await Promise.all([services.bench.mySittings(user), services.papers.paperQueue(user)])
    render(req, res, 'pages/sentencer/my-sittings', {
      title: 'My sittings',
      sittings: sittings.map(({ sitting: s, courtName }) => ({
        id: s.id,
        date: formatDate(s.date),
        time: formatTime(s.startsAt),
        courtName,
        courtroom: s.courtroom,
        booked: `${s.booked} of ${s.capacity}`,
        listHref: paths.sittings.show(s.id),
        packHref: paths.packs.sitting(s.id),
      })),
      queueCount: queue.length,
      queueWithReport: queue.filter(q => q.report).length,
      queue: queue.slice(0, 5).map(queueRow),
      queueHref: paths.sentencer.paperReviews,
      hasCourts: user.courtIds.length > 0,
    })
  })
}
