import { createTestContext, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { makeWorld, type World } from '../scheduling/schedulingWorld'
import { toCurrentUser } from '../../../server/services/authService'
import type { EqualityResult } from '../../../server/services/insights/equalityService'

/**
 * Issue 22 point 4: `services.equality.forCourt` counts a court's people by sex and by ethnic group, on a
 * hand-built cohort whose every published figure is counted here by hand, with small cells withheld; scoped
 * like the insight figures, audited as a read that names nobody.
 */

let ctx: TestContext
let world: World
let other: World
let result: EqualityResult

type Status = 'held' | 'did_not_attend' | 'vacated'
const H: Status = 'held'
const D: Status = 'did_not_attend'
const V: Status = 'vacated'

/**
 * 25 people on monthly DRRs made on 5 January 2028 at the court; each first review is listed on 8 February (the
 * only sitting), so in February each has exactly one review, set to the status below.
 *
 * | sex (people)       | ethnicity: statuses                                        | hearings | attended |
 * | male (10)          | white H H H H D V; black H H D; asian H                    | 9        | 7        |
 * | female (6)         | white H H H; black H H; asian H                            | 6        | 6        |
 * | prefer not (5)     | white H D; black H; asian H H                              | 5        | 4        |
 * | not recorded (4)   | not recorded H H D D                                       | 4        | 2        |
 *
 * Ethnicity: white 11 people (hearings 5 + 3 + 2 = 10, attended 4 + 3 + 1 = 8), black 6 (3 + 2 + 1 = 6;
 * 2 + 2 + 1 = 5), asian 4, not recorded 4, the other groups 0.
 */
const COHORT: [string | null, string | null, Status[]][] = [
  ['male', 'white', [H, H, H, H, D, V]],
  ['male', 'black', [H, H, D]],
  ['male', 'asian', [H]],
  ['female', 'white', [H, H, H]],
  ['female', 'black', [H, H]],
  ['female', 'asian', [H]],
  ['prefer_not_to_say', 'white', [H, D]],
  ['prefer_not_to_say', 'black', [H]],
  ['prefer_not_to_say', 'asian', [H, H]],
  [null, null, [H, H, D, D]],
]

let crn = 700000
async function personAt(w: World, sex: string | null, ethnicity: string | null, status: Status) {
  crn += 1
  const person = await ctx.services.cases.createPerson(w.clerkUser, {
    name: `Person ${crn}`,
    dateOfBirth: '1990-05-17',
    crn: `E${crn}`,
    sex,
    ethnicity,
  })
  const res = await w.clerkApi.post('/orders', w.orderBody(person.id, { madeOn: '2028-01-05', months: 3, interval: 1 }))
  if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`)
  const first = res.body.requirements[0].reviews[0]
  expect(first.startsAt.slice(0, 10)).toBe('2028-02-08')
  // The history is hand-built: the review's status is what the outcome, the non-attendance or the vacating left.
  await ctx.db('review').where({ id: first.id }).update({ status })
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2028-01-10T09:00:00Z' })
  world = await makeWorld(ctx)
  other = await makeWorld(ctx)
  await world.addSitting('2028-02-08', { capacity: 40 })
  await other.addSitting('2028-02-08', { capacity: 40 })
  for (const [sex, ethnicity, statuses] of COHORT)
    for (const status of statuses) await personAt(world, sex, ethnicity, status)
  // Another court's people are not this court's: 5 women, all Black, all attended.
  for (let i = 0; i < 5; i++) await personAt(other, 'female', 'black', H)
  result = await ctx.services.equality.forCourt(world.clerkUser, world.court.id, '2028-02-01', '2028-02-29')
}, 120_000)
afterAll(async () => {
  await ctx.close()
})

const row = (rows: EqualityResult['sex'], label: string) => rows.find(r => r.label === label)!

describe('equality monitoring counts for a court', () => {
  it('when the clerk reads the court, then the sex table equals the hand count, with the small groups withheld', () => {
    expect(result.total).toEqual({
      label: 'All people',
      people: 25,
      hearings: 24,
      attendedPercent: 79,
      suppressed: null,
    })
    expect(row(result.sex, 'Male')).toMatchObject({ people: 10, hearings: 9, attendedPercent: 78, suppressed: null })
    expect(row(result.sex, 'Female')).toMatchObject({ people: 6, hearings: 6, attendedPercent: 100, suppressed: null })
    // Not recorded is 4: fewer than 5. It is the only group with anyone in it under 5, so 25 - 10 - 6 - 5 would
    // give it: the next smallest (prefer not to say, 5) is withheld too.
    expect(row(result.sex, 'Not recorded')).toMatchObject({ people: null, hearings: null, suppressed: 'small' })
    expect(row(result.sex, 'Prefer not to say')).toMatchObject({
      people: null,
      hearings: null,
      attendedPercent: null,
      suppressed: 'secondary',
    })
  })

  it('when the clerk reads the court, then the ethnicity table equals the hand count; the 4 Asian people are withheld', () => {
    expect(result.ethnicity.map(r => [r.label, r.people, r.hearings, r.attendedPercent, r.suppressed])).toEqual([
      ['Asian or Asian British', null, null, null, 'small'],
      ['Black, Black British, Caribbean or African', 6, 6, 83, null],
      ['Mixed or multiple ethnic groups', null, null, null, 'small'],
      ['White', 11, 10, 80, null],
      ['Other ethnic group', null, null, null, 'small'],
      ['Prefer not to say', null, null, null, 'small'],
      ['Not recorded', null, null, null, 'small'],
    ])
  })

  it('when the period holds none of the reviews, then nobody is counted', async () => {
    const march = await ctx.services.equality.forCourt(world.clerkUser, world.court.id, '2028-06-01', '2028-06-30')
    expect(march.total.people).toBe(0)
    expect(march.sex.every(r => r.people === null && r.suppressed === 'small')).toBe(true)
  })

  it('when a sentencer of the court or an admin reads it, then they get the same figures', async () => {
    const sentencer = toCurrentUser(await makeUser(ctx.services, 'sentencer', { courtIds: [world.court.id] }))
    const admin = toCurrentUser(await makeUser(ctx.services, 'admin'))
    for (const user of [sentencer, admin])
      expect(await ctx.services.equality.forCourt(user, world.court.id, '2028-02-01', '2028-02-29')).toEqual(result)
  })

  it('when another court’s sentencer, a clerk linked elsewhere, an officer or a provider asks, then the court is not found', async () => {
    const users = [
      await makeUser(ctx.services, 'sentencer', { courtIds: [other.court.id] }),
      await makeUser(ctx.services, 'clerk', { courtIds: [other.court.id] }),
      other.officer,
      other.providerWorker,
    ]
    for (const user of users)
      await expect(
        ctx.services.equality.forCourt(toCurrentUser(user), world.court.id, '2028-02-01', '2028-02-29'),
      ).rejects.toMatchObject({ status: 404 })
  })

  it('when the dates are not dates or the wrong way round, then the field is named', async () => {
    await expect(
      ctx.services.equality.forCourt(world.clerkUser, world.court.id, '2028-02-30', '2028-02-01'),
    ).rejects.toMatchObject({ status: 400, errors: [{ field: 'from' }] })
    await expect(
      ctx.services.equality.forCourt(world.clerkUser, world.court.id, '2028-03-01', '2028-02-01'),
    ).rejects.toMatchObject({ status: 400, errors: [{ field: 'from', message: 'from must be on or before to' }] })
  })

  it('when the figures are read, then the audit trail has the read, naming the court and nobody', async () => {
    const rows = await ctx.db('audit_event').where({ action: 'view_equality', user_id: world.clerk.id })
    expect(rows.length).toBeGreaterThan(0)
    const detail = JSON.parse(rows[0].detail)
    expect(rows[0]).toMatchObject({ subject_type: 'court', subject_id: world.court.id, person_id: null })
    expect(detail).toMatchObject({ from: '2028-02-01', to: '2028-02-29', count: 0, personIds: [] })
  })
})
