import type { TestContext } from '../../support/testApp'
import { signIn } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { newId } from '../../../server/utils/ids'
import { makeReportWorld } from '../progress/progressWorld'

export const HOSTILE_NAME = '<script>alert(1)</script>'

/**
 * A court with two sittings on magistrate 1's bench; a person (named `name`) whose first review,
 * in the first sitting, was held with an outcome, and whose second review is in the second sitting.
 */
export async function makePackWorld(ctx: TestContext, name = 'Pat Packson') {
  const w = await makeReportWorld(ctx)
  const first = await w.addSitting('2026-04-07')
  const second = await w.addSitting('2026-05-12', { benchUserIds: [w.magistrate1.id, w.magistrate2.id] })
  const offBench = await makeUser(ctx.services, 'sentencer')
  const person = await w.addPerson(name)
  const res = await w.clerkApi.post('/orders', w.orderBody(person.id, { madeOn: '2026-03-06', months: 6 }))
  if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`)
  const reviews = res.body.requirements[0].reviews as { id: string; sittingId: string | null; startsAt: string }[]
  const r1 = reviews.find(r => r.sittingId === first.id)
  const r2 = reviews.find(r => r.sittingId === second.id)
  if (!r1 || !r2) throw new Error(`reviews not listed as expected: ${JSON.stringify(reviews)}`)
  // The first review was held: the outcome service is not needed to say so.
  await ctx.db('review').where({ id: r1.id }).update({ status: 'held' })
  await ctx.db('outcome').insert({
    id: newId(),
    review_id: r1.id,
    attended: true,
    progress: 'good',
    decision: 'continue_hearing',
    bench_comments: 'Well done, keep it up & stay strong',
    recorded_by: w.clerk.id,
    recorded_at: '2026-04-07T11:00:00.000Z',
    updated_at: '2026-04-07T11:00:00.000Z',
    version: 1,
  })
  return {
    ...w,
    first,
    second,
    offBench,
    person,
    r1,
    r2,
    agent: (email: string) => signIn(ctx.app, email),
  }
}

export type PackWorld = Awaited<ReturnType<typeof makePackWorld>>
