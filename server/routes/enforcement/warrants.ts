import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import type { WarrantListRow, WarrantStatus } from '../../data/enforcementRepository'
import { paths } from '../../paths'
import { formatDate, parseDateParts, todayIn } from '../../utils/dates'
import { dateAnswer, flash, keepForm, str } from '../forms'
import { takeFormFor } from '../sittings/formErrors'
import { ValidationError } from '../../errors'
import { hearingSittings } from './nonAttendance'

const clerk = ['clerk'] as const
const TABS: { status: WarrantStatus; text: string }[] = [
  { status: 'open', text: 'Open' },
  { status: 'executed', text: 'Executed' },
  { status: 'withdrawn', text: 'Withdrawn' },
]

/** The warrants list (open until executed or withdrawn), and recording a warrant executed or withdrawn. */
export function warrantRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const row = (w: WarrantListRow) => ({
    ...w,
    personHref: paths.people.show(w.personId),
    missed: formatDate(w.missedOn),
    issued: formatDate(w.issuedOn),
    executed: w.executedOn ? formatDate(w.executedOn) : null,
    executeHref: paths.warrants.execute(w.id),
    withdrawHref: paths.warrants.withdraw(w.id),
  })

  route.get(paths.warrants.list, clerk, async (req, res) => {
    const status = (TABS.find(t => t.status === req.query.status)?.status ?? 'open') as WarrantStatus
    const warrants = await services.warrants.list(req.user!, { status })
    render(req, res, 'pages/enforcement/warrants', {
      title: 'Warrants',
      status,
      isOpen: status === 'open',
      isExecuted: status === 'executed',
      isWithdrawn: status === 'withdrawn',
      tabs: TABS.map(t => ({
        text: t.text,
        href: `${paths.warrants.list}?status=${t.status}`,
        active: t.status === status,
      })),
      warrants: warrants.map(row),
    })
  })

  async function openWarrant(req: Request, id: string) {
    const warrant = await services.warrants.find(req.user!, id)
    return { warrant, closed: warrant.status !== 'open' }
  }

  route.get('/warrants/:id/executed', clerk, async (req, res) => {
    const { warrant } = await openWarrant(req, req.params.id)
    const form = takeFormFor(req, `execute-${warrant.id}`, 'executedOn', ['executedOn'])
    const today = todayIn(services.clock)
    render(req, res, 'pages/enforcement/warrant-execute', {
      title: 'Warrant executed',
      form,
      warrant: row(warrant),
      closed: warrant.status !== 'open',
      sittingItems: await hearingSittings(
        services,
        warrant.courtId,
        today,
        warrant.requirementEndsOn,
        null,
        warrant.issuedByBench,
      ),
      executedOn: form.values.executedOn ?? {},
      executedOnErrorFields: form.values.executedOnErrorFields ?? [],
      sittingId: str(form.values.sittingId),
      action: paths.warrants.execute(warrant.id),
      backHref: paths.warrants.list,
    })
  })

  route.post('/warrants/:id/executed', clerk, async (req, res) => {
    const { warrant } = await openWarrant(req, req.params.id)
    const body = req.body as Record<string, unknown>
    const answer = dateAnswer(body.executedOn)
    const parsed = parseDateParts(answer, 'The date the warrant was executed')
    const values: Record<string, unknown> = { executedOn: answer, sittingId: str(body.sittingId) }
    try {
      if (parsed.error) {
        values.executedOnErrorFields = parsed.errorParts
        throw new ValidationError([{ field: 'executedOn', message: parsed.error }])
      }
      const { hearing } = await services.warrants.execute(req.user!, warrant.id, {
        executedOn: parsed.date,
        sittingId: str(body.sittingId) || undefined,
        version: warrant.version,
      })
      const sitting = hearing?.sittingId ? await services.sittings.find(hearing.sittingId) : null
      flash(
        req,
        `Warrant for ${warrant.personName} recorded as executed. The return hearing is listed on ${sitting ? formatDate(sitting.date) : 'the next sitting'}.`,
      )
    } catch (err) {
      keepForm(req, `execute-${warrant.id}`, err, values)
      return res.redirect(303, paths.warrants.execute(warrant.id))
    }
    res.redirect(303, paths.warrants.list)
  })

  route.get('/warrants/:id/withdraw', clerk, async (req, res) => {
    const { warrant } = await openWarrant(req, req.params.id)
    const form = takeFormFor(req, `withdraw-${warrant.id}`, 'reason')
    render(req, res, 'pages/enforcement/warrant-withdraw', {
      title: 'Withdraw a warrant',
      form,
      warrant: row(warrant),
      closed: warrant.status !== 'open',
      action: paths.warrants.withdraw(warrant.id),
      backHref: paths.warrants.list,
    })
  })

  route.post('/warrants/:id/withdraw', clerk, async (req, res) => {
    const { warrant } = await openWarrant(req, req.params.id)
    const reason = str((req.body as Record<string, unknown>).reason)
    try {
      await services.warrants.withdraw(req.user!, warrant.id, { reason, version: warrant.version })
      flash(req, `Warrant for ${warrant.personName} withdrawn.`)
    } catch (err) {
      keepForm(req, `withdraw-${warrant.id}`, err, { reason })
      return res.redirect(303, paths.warrants.withdraw(warrant.id))
    }
    res.redirect(303, paths.warrants.list)
  })
}
