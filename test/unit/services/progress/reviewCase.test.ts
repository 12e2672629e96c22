import type { CaseRepository, OrderRow, PersonRow, RequirementRow } from '../../../../server/data/caseRepository'
import type { ReviewRepository, ReviewRow } from '../../../../server/data/reviewRepository'
import { createReviewCaseLoader } from '../../../../server/services/progress/reviewCase'

// Plain typed fakes: one case (review r1 → requirement q1 → order o1 → person p1), and a log of what was read.

const REVIEW = { id: 'r1', requirementId: 'q1' } as ReviewRow
const REQUIREMENT = { id: 'q1', orderId: 'o1', providerOrganisationId: 'org' } as RequirementRow
const ORDER = { id: 'o1', personId: 'p1' } as OrderRow
const PERSON = { id: 'p1', name: 'Ann' } as PersonRow

function world(options: { orderMissing?: boolean } = {}) {
  const read: string[] = []
  const reviews = {
    find: async (id: string) => (read.push(`review ${id}`), id === REVIEW.id ? REVIEW : null),
  } as unknown as ReviewRepository
  const cases = {
    requirement: async (id: string) => (read.push(`requirement ${id}`), id === REQUIREMENT.id ? REQUIREMENT : null),
    order: async (id: string) => (
      read.push(`order ${id}`),
      options.orderMissing ? null : id === ORDER.id ? ORDER : null
    ),
    person: async (id: string) => (read.push(`person ${id}`), id === PERSON.id ? PERSON : null),
  } as unknown as CaseRepository
  return { read, load: createReviewCaseLoader({ cases, reviews }) }
}

describe('the review case loader', () => {
  it('when the user may read the requirement, then the review comes with its requirement, order and person', async () => {
    const w = world()

    const c = await w.load('r1', async q => q.providerOrganisationId === 'org')

    expect(c).toEqual({ review: REVIEW, requirement: REQUIREMENT, order: ORDER, person: PERSON })
    expect(w.read).toEqual(['review r1', 'requirement q1', 'order o1', 'person p1'])
  })

  it('when the user may not read the requirement, then it is null and nothing of the person is read', async () => {
    const w = world()

    expect(await w.load('r1', async () => false)).toBeNull()
    expect(w.read).toEqual(['review r1', 'requirement q1'])
  })

  it('when the review is unknown, then it is null and the user’s permission is not asked', async () => {
    const w = world()
    let asked = false

    expect(await w.load('nope', async () => (asked = true))).toBeNull()
    expect(asked).toBe(false)
  })

  it('when the case is incomplete, then it is null', async () => {
    const w = world({ orderMissing: true })

    expect(await w.load('r1', async () => true)).toBeNull()
    expect(w.read).toEqual(['review r1', 'requirement q1', 'order o1'])
  })
})
