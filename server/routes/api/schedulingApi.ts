import { z } from 'zod'
import type { Services } from '../../services'
import { apiHearingAccess } from '../../services/person/accessNeedsService'
import type { DeclareApi } from './declare'
import { sittingInput } from '../../services/scheduling/sittingService'
import { moveInput, vacateInput } from '../../services/scheduling/booking'
import { personInput } from '../../services/caseService'
import { orderInput } from '../../services/orderService'
import { apiSitting } from '../../services/scheduling/listingService'
import { parse } from '../../services/validation'
import type { OrderRow } from '../../data/caseRepository'

const rangeQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'from must be a date like 2027-01-01' }),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'to must be a date like 2027-12-31' }),
})

const orderQuery = z.object({
  dryRun: z.enum(['true', 'false'], { error: 'dryRun must be true or false' }).optional(),
})

const orderOut = (order: OrderRow) => ({
  id: order.id,
  personId: order.personId,
  courtId: order.courtId,
  kind: order.kind,
  madeOn: order.madeOn,
  endsOn: order.endsOn,
  caseReference: order.caseReference,
})

const personOut = (p: {
  id: string
  name: string
  dateOfBirth: string
  crn: string
  pnc: string | null
  version: number
}) => ({
  id: p.id,
  name: p.name,
  dateOfBirth: p.dateOfBirth,
  crn: p.crn,
  pnc: p.pnc,
  version: p.version,
})

export function schedulingApi(api: DeclareApi, services: Services) {
  const { sittings, cases, orders, listing, booking, reference } = services

  api(
    {
      method: 'post',
      path: '/courts/:courtId/sittings',
      access: ['clerk'],
      summary: 'Add a review sitting (refused on weekends and bank holidays)',
      body: sittingInput,
      status: 201,
    },
    async (req, res) => {
      res.status(201).json(apiSitting(await sittings.create(req.user!, req.params.courtId, req.body)))
    },
  )

  api(
    {
      method: 'get',
      path: '/courts/:courtId/sittings',
      access: ['clerk'],
      summary:
        'Sittings of a court between two dates, with booked counts and continuity of bench on their held hearings ({ eligible, partial, full }: a member in common with, or the same bench as, who sat at the person’s previous held hearing)',
      query: rangeQuery,
    },
    async (req, res) => {
      const { from, to } = parse(rangeQuery, req.query)
      await reference.court(req.params.courtId)
      const [rows, continuity] = await Promise.all([
        sittings.forCourt(req.params.courtId, from, to),
        listing.continuity(req.params.courtId, from, to),
      ])
      // Continuity of bench on each sitting's held hearings, counted on who sat (2011 evaluation).
      res.json(rows.map(s => ({ ...apiSitting(s), continuity: continuity.sitting(s.id) })))
    },
  )

  api(
    {
      method: 'get',
      path: '/sittings/:id',
      access: ['clerk', 'sentencer'],
      summary:
        'A sitting with its reviews in slot order; each review carries the person’s accessNeeds (or null), attendanceMode (in_person or video; null on paper), videoReference and interpreterBooked',
    },
    async (req, res) => {
      const list = await listing.courtList(req.user!, req.params.id)
      // Issue 23: the access needs and how each person attends, for the clerks and the sitting's bench.
      const access = await services.accessNeeds.forListed(
        list.cases.map(c => ({ personId: c.personId, reviewId: c.review.id })),
      )
      res.json({
        ...apiSitting(list.sitting),
        reviews: list.cases.map(c => ({
          ...listing.toApi(c.review, c.report),
          slot: c.review.slotIndex,
          personId: c.personId,
          personName: c.personName,
          reviewNumber: c.n,
          reviewCount: c.m,
          reportStatus: c.reportStatus,
          continuity: c.continuity,
          ...apiHearingAccess(access.needs.get(c.personId), access.attendance.get(c.review.id), c.review.mode),
        })),
      })
    },
  )

  api(
    { method: 'post', path: '/people', access: ['clerk'], summary: 'Record a person', body: personInput, status: 201 },
    async (req, res) => {
      res.status(201).json(personOut(await cases.createPerson(req.user!, req.body)))
    },
  )

  api(
    {
      method: 'get',
      path: '/people/:id',
      access: ['clerk', 'probation', 'provider', 'admin'],
      summary: 'A person with their orders, requirements and reviews (scoped)',
    },
    async (req, res) => {
      const record = await cases.personRecord(req.user!, req.params.id, req.ip)
      const reviews = await listing.apiReviews(record.reviews)
      res.json({
        ...personOut(record.person),
        orders: record.orders.map(o => ({
          id: o.id,
          courtId: o.courtId,
          kind: o.kind,
          madeOn: o.madeOn,
          endsOn: o.endsOn,
          caseReference: o.caseReference,
          requirements: record.requirements
            .filter(r => r.orderId === o.id)
            .map(r => ({ ...requirementOut(r), reviews: reviews.filter(v => v.requirementId === r.id) })),
        })),
      })
    },
  )

  api(
    {
      method: 'post',
      path: '/orders',
      access: ['clerk'],
      summary:
        'Record an order; every review of each requirement is planned at once (every order starts with review hearings: reviewMode paper is 422, Sentencing Act 2020 Sch 9 para 21(2)). ?dryRun=true answers 200 with the reviews it would plan and each requirement’s plan in words, storing nothing',
      body: orderInput,
      query: orderQuery,
      status: 201,
    },
    async (req, res) => {
      const { dryRun } = parse(orderQuery, req.query)
      if (dryRun === 'true') {
        const { order, requirements } = await orders.planOrder(req.user!, req.body)
        res.status(200).json({
          order: orderOut(order),
          requirements: requirements.map(r => ({
            ...requirementOut(r),
            reviews: r.reviews.map(v => ({
              ...listing.toApi({ ...v, lastSittingId: null, version: 0, createdAt: '' }),
              id: null,
              version: null,
            })),
            plan: r.plan,
          })),
        })
        return
      }
      const { order, requirements } = await orders.createOrder(req.user!, req.body)
      res.status(201).json({
        order: orderOut(order),
        requirements: await Promise.all(
          requirements.map(async r => ({ ...requirementOut(r), reviews: await listing.apiReviews(r.reviews) })),
        ),
      })
    },
  )

  api(
    {
      method: 'get',
      path: '/requirements/:id/reviews',
      access: ['clerk', 'probation', 'provider', 'admin'],
      summary: 'A requirement’s reviews in sequence order (scoped)',
    },
    async (req, res) => {
      res.json(await listing.apiReviews(await cases.reviewsOf(req.user!, req.params.id)))
    },
  )

  api(
    {
      method: 'post',
      path: '/reviews/:id/move',
      access: ['clerk'],
      summary: 'Move a review to another sitting; later reviews are re-planned',
      body: moveInput,
    },
    async (req, res) => {
      const review = await booking.move(req.user!, req.params.id, req.body)
      res.json((await listing.apiReviews([review]))[0])
    },
  )

  api(
    {
      method: 'post',
      path: '/reviews/:id/vacate',
      access: ['clerk'],
      summary: 'Vacate a review; later reviews are re-planned',
      body: vacateInput,
    },
    async (req, res) => {
      const review = await booking.vacate(req.user!, req.params.id, req.body)
      res.json((await listing.apiReviews([review]))[0])
    },
  )

  api(
    {
      method: 'get',
      path: '/needs-listing',
      access: ['clerk'],
      summary: 'Reviews waiting for a sitting with a free place',
    },
    async (_req, res) => {
      const rows = await listing.needsListing()
      res.json(
        rows.map(r => ({ ...listing.toApi(r), personId: r.personId, personName: r.personName, courtId: r.courtId })),
      )
    },
  )
}

function requirementOut(r: {
  id: string
  kind: string
  months: number
  residential: boolean
  providerOrganisationId: string | null
  responsibleOfficerId: string | null
  reviewIntervalMonths: number | null
  reviewMode: string
  willingToComply: boolean
  startsOn: string
  endsOn: string
  status: string
  breachProceedings: boolean
  version: number
}) {
  return {
    id: r.id,
    kind: r.kind,
    months: r.months,
    residential: r.residential,
    providerOrganisationId: r.providerOrganisationId,
    responsibleOfficerId: r.responsibleOfficerId,
    reviewIntervalMonths: r.reviewIntervalMonths,
    reviewMode: r.reviewMode,
    willingToComply: r.willingToComply,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    status: r.status,
    breachProceedings: r.breachProceedings,
    version: r.version,
  }
}
