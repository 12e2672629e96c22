import { z } from 'zod'
import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import { sittingInput } from '../../services/scheduling/sittingService'
import { moveInput, vacateInput } from '../../services/scheduling/bookingService'
import { personInput, orderInput } from '../../services/caseService'
import { bankHolidaysDocument } from '../../services/referenceService'
import { apiSitting } from '../../services/scheduling/listingService'
import { parse } from '../../services/validation'

const rangeQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'from must be a date like 2027-01-01' }),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'to must be a date like 2027-12-31' }),
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
  const { sittings, cases, listing, booking, reference } = services

  api(
    { method: 'get', path: '/bank-holidays', access: 'signed-in', summary: 'England and Wales bank holidays' },
    async (_req, res) => {
      res.json(await reference.bankHolidays())
    },
  )

  api(
    {
      method: 'put',
      path: '/bank-holidays',
      access: ['admin'],
      summary: 'Replace bank holidays from gov.uk bank-holidays.json (england-and-wales division)',
      body: bankHolidaysDocument,
      status: 204,
    },
    async (req, res) => {
      await reference.replaceBankHolidays(req.user!, req.body)
      res.status(204).end()
    },
  )

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
      summary: 'Sittings of a court between two dates, with booked counts',
      query: rangeQuery,
    },
    async (req, res) => {
      const { from, to } = parse(rangeQuery, req.query)
      await reference.court(req.params.courtId)
      res.json((await sittings.forCourt(req.params.courtId, from, to)).map(apiSitting))
    },
  )

  api(
    {
      method: 'get',
      path: '/sittings/:id',
      access: ['clerk', 'sentencer'],
      summary: 'A sitting with its reviews in slot order',
    },
    async (req, res) => {
      const list = await listing.courtList(req.user!, req.params.id)
      res.json({
        ...apiSitting(list.sitting),
        reviews: list.cases.map(c => ({
          ...c.api,
          slot: c.review.slotIndex,
          personId: c.personId,
          personName: c.personName,
          reviewNumber: c.n,
          reviewCount: c.m,
          reportStatus: c.reportStatus,
          continuity: c.continuity,
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
      summary: 'Record an order; every review of each requirement is planned at once',
      body: orderInput,
      status: 201,
    },
    async (req, res) => {
      const { order, requirements } = await cases.createOrder(req.user!, req.body)
      res.status(201).json({
        order: {
          id: order.id,
          personId: order.personId,
          courtId: order.courtId,
          kind: order.kind,
          madeOn: order.madeOn,
          endsOn: order.endsOn,
          caseReference: order.caseReference,
        },
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
      const requirement = await cases.requirementInScope(req.user!, req.params.id)
      res.json(await listing.apiReviews(await services.repositories.reviews.forRequirement(requirement.id)))
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
