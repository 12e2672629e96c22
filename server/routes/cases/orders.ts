import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { AppError, NotFoundError, ValidationError } from '../../errors'
import { orderInput } from '../../services/orderService'
import { flash, keepForm, str } from '../forms'
import { formErrors, remapped, schemaErrors, takeCaseForm } from './formErrors'
import { NEW_ORDER_VALUES, ORDER_DATE_FIELDS, ORDER_FIELDS, orderFieldFor, parseOrderForm } from './orderForm'
import { REQUIREMENT_KINDS } from './personPage'
import { orderCheckModel } from './orderCheckModel'
import { CASE_READERS, CLERK } from './people'
import { plural } from '../../content/labels'

const ORDER_KIND_ITEMS = [
  { value: 'community', text: 'Community order' },
  { value: 'suspended', text: 'Suspended sentence order' },
]
const REQUIREMENT_KIND_ITEMS = Object.entries(REQUIREMENT_KINDS).map(([value, text]) => ({ value, text }))
const YES_NO_ITEMS = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
]
const WILLING_ITEMS = [{ value: 'yes', text: 'The person expressed willingness to comply' }]

export function orderRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { cases, orders } = services

  // The answers a clerk has given, kept between the form, the plan they check, and recording it.
  const draftKey = (personId: string) => `order-draft-${personId}`
  const draftOf = (req: Request, personId: string) => req.session.forms?.[draftKey(personId)]?.values ?? null
  const keepDraft = (req: Request, personId: string, values: Record<string, unknown>) => {
    req.session.forms = { ...(req.session.forms ?? {}), [draftKey(personId)]: { errors: {}, values } }
  }
  const dropDraft = (req: Request, personId: string) => {
    if (req.session.forms) delete req.session.forms[draftKey(personId)]
  }

  async function choices() {
    const [courts, providers, officers] = await Promise.all([
      services.reference.courts(),
      services.reference.organisations('provider'),
      services.users.list({ role: 'probation' }),
    ])
    return {
      courtItems: [{ value: '', text: 'Select a court' }, ...courts.map(c => ({ value: c.id, text: c.name }))],
      providerItems: [
        { value: '', text: 'Select a treatment provider' },
        ...providers.map(p => ({ value: p.id, text: p.name })),
      ],
      officerItems: [
        { value: '', text: 'Select a responsible officer' },
        ...officers.map(o => ({
          value: o.id,
          text: o.organisationName ? `${o.name} (${o.organisationName})` : o.name,
        })),
      ],
      orderKindItems: ORDER_KIND_ITEMS,
      requirementKindItems: REQUIREMENT_KIND_ITEMS,
      yesNoItems: YES_NO_ITEMS,
      willingItems: WILLING_ITEMS,
    }
  }

  route.get('/people/:id/orders/new', CLERK, async (req, res) => {
    const person = await cases.person(req.user!, req.params.id, req.ip)
    const form = takeCaseForm(req, `order-${person.id}`, ORDER_DATE_FIELDS)
    render(req, res, 'pages/cases/order-form', {
      title: 'Record an order',
      person,
      form,
      values: Object.keys(form.values).length ? form.values : (draftOf(req, person.id) ?? NEW_ORDER_VALUES),
      action: paths.people.newOrder(person.id),
      cancelHref: paths.people.show(person.id),
      ...(await choices()),
    })
  })

  route.post('/people/:id/orders/new', CLERK, async (req, res) => {
    const personId = req.params.id
    const { input, values, errors, endsOnGiven } = parseOrderForm(req.body, personId)
    const toForm = (serviceErrors: { field: string; message: string }[]) =>
      formErrors(ORDER_FIELDS, errors, serviceErrors, f => orderFieldFor(f, endsOnGiven))
    try {
      if (errors.length) throw new ValidationError(toForm(schemaErrors(orderInput, input)))
      // Every rule checked now; the clerk sees the plan before anything is saved.
      await orders.planOrder(req.user!, input)
      keepDraft(req, personId, values)
      res.redirect(303, paths.people.checkOrder(personId))
    } catch (err) {
      // The person is in the address: one that is not recorded is a missing page, not a mistake on the form.
      if (err instanceof AppError && err.errors.some(e => e.field === 'personId')) throw new NotFoundError()
      keepForm(req, `order-${personId}`, remapped(err, toForm), values)
      res.redirect(303, paths.people.newOrder(personId))
    }
  })

  /** The order's answers and the reviews it would plan, before it is saved (GOV.UK "check answers"). */
  route.get('/people/:id/orders/check', CLERK, async (req, res) => {
    const person = await cases.person(req.user!, req.params.id, req.ip)
    const values = draftOf(req, person.id)
    if (!values) return res.redirect(303, paths.people.newOrder(person.id))
    const { input } = parseOrderForm(values, person.id)
    let plan
    try {
      plan = await orders.planOrder(req.user!, input)
    } catch (err) {
      keepForm(req, `order-${person.id}`, err, values)
      return res.redirect(303, paths.people.newOrder(person.id))
    }
    const court = await services.reference.court(plan.order.courtId)
    render(req, res, 'pages/cases/order-check', {
      title: 'Check the order and its reviews',
      person,
      form: takeCaseForm(req, `order-check-${person.id}`),
      ...orderCheckModel(plan, court.name),
      changeHref: paths.people.newOrder(person.id),
      action: paths.people.checkOrder(person.id),
      cancelHref: paths.people.show(person.id),
    })
  })

  route.post('/people/:id/orders/check', CLERK, async (req, res) => {
    const personId = req.params.id
    const values = draftOf(req, personId)
    if (!values) return res.redirect(303, paths.people.newOrder(personId))
    const { input } = parseOrderForm(values, personId)
    try {
      const { requirements } = await orders.createOrder(req.user!, input)
      dropDraft(req, personId)
      const reviews = requirements.flatMap(r => r.reviews)
      const unlisted = reviews.filter(r => r.status === 'unlisted').length
      flash(
        req,
        `Order recorded: ${plural(reviews.length, 'review', 'reviews')} planned (${unlisted} ${unlisted === 1 ? 'needs' : 'need'} listing)`,
      )
      res.redirect(303, paths.people.show(personId))
    } catch (err) {
      if (err instanceof AppError && err.errors.some(e => e.field === 'personId')) throw new NotFoundError()
      keepForm(req, `order-check-${personId}`, err, {})
      res.redirect(303, paths.people.checkOrder(personId))
    }
  })

  route.get('/orders/:id/psr', CLERK, async (req, res) => {
    const order = await cases.order(req.user!, req.params.id)
    const person = await cases.person(req.user!, order.personId, req.ip)
    const form = takeCaseForm(req, `psr-${order.id}`)
    render(req, res, 'pages/cases/psr-form', {
      title: 'Attach a pre-sentence report',
      person,
      order,
      form,
      values: Object.keys(form.values).length ? form.values : { psrText: order.psrText ?? '' },
      action: paths.orders.psr(order.id),
      cancelHref: paths.people.show(person.id),
    })
  })

  route.post('/orders/:id/psr', CLERK, async (req, res) => {
    const order = await cases.order(req.user!, req.params.id)
    const psrText = str(req.body?.psrText)
    const file = req.file ? { filename: req.file.originalname, content: req.file.buffer } : null
    try {
      await cases.attachPsr(req.user!, order.id, file, psrText.trim() ? psrText : null)
      flash(req, file ? 'Pre-sentence report attached.' : 'Pre-sentence report text saved.')
      res.redirect(303, paths.people.show(order.personId))
    } catch (err) {
      keepForm(req, `psr-${order.id}`, err, { psrText })
      res.redirect(303, paths.orders.psr(order.id))
    }
  })

  route.get('/documents/:id', CASE_READERS, async (req, res) => {
    const doc = await cases.document(req.user!, req.params.id)
    // Always a download, never rendered in the page's origin; the browser must not guess another type.
    res.attachment(doc.filename)
    res.type(doc.mediaType)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.send(doc.content)
  })
}
