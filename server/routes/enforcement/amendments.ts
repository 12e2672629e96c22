import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { addCalendarMonths, formatDate } from '../../utils/dates'
import { flash, keepForm, num, str, takeForm } from '../forms'
import { describeChanges, planChanges } from '../../services/scheduling/planChanges'

const clerk = ['clerk'] as const
const FIELD_WORDS: Record<string, string> = {
  months: 'Length',
  reviewIntervalMonths: 'Review interval',
  providerOrganisationId: 'Treatment provider',
  residential: 'Residential treatment',
  responsibleCourtId: 'Responsible court',
}

/** The form's answers as the API's input: only what the clerk filled in counts as a change asked for. */
function inputOf(values: Record<string, string>) {
  return {
    consent: values.consent === 'yes',
    reason: values.reason,
    months: values.months ? (num(values.months) ?? Number.NaN) : null,
    reviewIntervalMonths: values.reviewIntervalMonths ? (num(values.reviewIntervalMonths) ?? Number.NaN) : null,
    providerOrganisationId: values.providerOrganisationId || null,
    residential: values.residential === 'yes' ? true : values.residential === 'no' ? false : null,
    responsibleCourtId: values.responsibleCourtId || null,
  }
}

/**
 * A clerk amends a requirement (Sentencing Act 2020 Sch 9 paras 21-22): the form, then the re-plan shown
 * before it is confirmed (a dry run: nothing stored), then the amendment made.
 */
export function amendmentRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const key = (id: string) => `amend-${id}`

  async function context(req: Request, id: string) {
    const c = await services.requirementAccess.forPage(req.user!, id)
    const [providers, courts] = await Promise.all([
      services.reference.organisations('provider'),
      services.reference.courts(),
    ])
    return { ...c, providers, courts }
  }

  route.get('/requirements/:id/amend', clerk, async (req, res) => {
    const c = await context(req, req.params.id)
    const kept0 = takeForm(req, key(c.requirement.id))
    // "Nothing changed" and "the requirement has ended" belong to the whole form: they link to its first field.
    const form = {
      ...kept0,
      errorList: kept0.errorList.map(e =>
        ['#body', '#requirementId', '#form'].includes(e.href) ? { ...e, href: '#months' } : e,
      ),
    }
    const kept = req.session.amendments?.[c.requirement.id]
    const v = { ...(kept ?? {}), ...(form.values as Record<string, string>) }
    render(req, res, 'pages/enforcement/amend', {
      title: 'Amend the requirement',
      form,
      values: v,
      summaryRows: [
        { key: 'Person', value: [c.person.name, c.person.crn] },
        { key: 'Requirement', value: `${c.requirement.kind}, ${c.order.caseReference}` },
        { key: 'Length', value: `${c.requirement.months} months, ending ${formatDate(c.requirement.endsOn)}` },
        {
          key: 'Reviews',
          value: c.requirement.reviewIntervalMonths ? `Every ${c.requirement.reviewIntervalMonths} month(s)` : 'None',
        },
      ],
      providerItems: [
        { value: '', text: 'No change' },
        ...c.providers.map(o => ({ value: o.id, text: o.name, selected: false })),
      ],
      courtItems: [
        { value: '', text: 'No change' },
        ...c.courts
          .filter(ct => ct.id !== c.order.courtId && ct.kind === 'magistrates')
          .map(ct => ({ value: ct.id, text: ct.name })),
      ],
      residentialItems: [
        { value: '', text: 'No change' },
        { value: 'yes', text: 'Residential treatment' },
        { value: 'no', text: 'Not residential' },
      ],
      consentItems: [
        { value: 'yes', text: 'The person expresses willingness to comply with the requirement as amended' },
      ],
      consentValues: v.consent === 'yes' ? ['yes'] : [],
      action: `/requirements/${c.requirement.id}/amend`,
      backHref: paths.people.show(c.person.id),
    })
  })

  // The answers are checked with a dry run: the re-plan is shown on the next page before anything is stored.
  route.post('/requirements/:id/amend', clerk, async (req, res) => {
    const c = await context(req, req.params.id)
    const body = req.body as Record<string, unknown>
    const values: Record<string, string> = {}
    for (const f of [
      'months',
      'reviewIntervalMonths',
      'providerOrganisationId',
      'residential',
      'responsibleCourtId',
      'reason',
    ])
      values[f] = str(body[f]).trim()
    values.consent = [body.consent].flat().includes('yes') ? 'yes' : ''
    try {
      await services.amendments.amend(req.user!, c.requirement.id, inputOf(values), { dryRun: true })
    } catch (err) {
      keepForm(req, key(c.requirement.id), err, values)
      return res.redirect(303, `/requirements/${c.requirement.id}/amend`)
    }
    req.session.amendments = { ...(req.session.amendments ?? {}), [c.requirement.id]: values }
    res.redirect(303, `/requirements/${c.requirement.id}/amend/check`)
  })

  route.get('/requirements/:id/amend/check', clerk, async (req, res) => {
    const c = await context(req, req.params.id)
    const values = req.session.amendments?.[c.requirement.id]
    if (!values) return res.redirect(303, `/requirements/${c.requirement.id}/amend`)
    const before = await services.listing.snapshot([c.requirement.id])
    const dry = await services.amendments.amend(req.user!, c.requirement.id, inputOf(values), { dryRun: true })
    const name = (id: unknown) =>
      c.providers.find(o => o.id === id)?.name ?? c.courts.find(ct => ct.id === id)?.name ?? String(id ?? 'none')
    const shown = (field: string, v: unknown) =>
      field === 'months'
        ? `${String(v)} months (ending ${formatDate(addCalendarMonths(c.requirement.startsOn, Number(v)))})`
        : field === 'reviewIntervalMonths'
          ? `every ${String(v)} month(s)`
          : field === 'residential'
            ? v
              ? 'residential'
              : 'not residential'
            : name(v)
    render(req, res, 'pages/enforcement/amend-check', {
      title: 'Check the amendment and the reviews it re-plans',
      changeRows: Object.entries(dry.amendment.changes).map(([field, ch]) => ({
        key: FIELD_WORDS[field] ?? field,
        value: `${shown(field, ch.from)} → ${shown(field, ch.to)}`,
      })),
      reason: values.reason,
      replanned: describeChanges(planChanges(before, dry.reviews)),
      action: `/requirements/${c.requirement.id}/amend/check`,
      changeHref: `/requirements/${c.requirement.id}/amend`,
      backHref: paths.people.show(c.person.id),
    })
  })

  route.post('/requirements/:id/amend/check', clerk, async (req, res) => {
    const c = await context(req, req.params.id)
    const values = req.session.amendments?.[c.requirement.id]
    if (!values) return res.redirect(303, paths.people.show(c.person.id))
    try {
      const made = await services.amendments.amend(req.user!, c.requirement.id, inputOf(values))
      delete req.session.amendments![c.requirement.id]
      flash(
        req,
        `Requirement amended for ${c.person.name}: ${Object.keys(made.amendment.changes)
          .map(f => (FIELD_WORDS[f] ?? f).toLowerCase())
          .join(', ')} changed. Later reviews are re-planned and the officer and provider told.`,
      )
    } catch (err) {
      keepForm(req, key(c.requirement.id), err, values)
      return res.redirect(303, `/requirements/${c.requirement.id}/amend`)
    }
    res.redirect(303, paths.people.show(c.person.id))
  })
}
