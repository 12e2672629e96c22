import { createTestContext, signIn, type TestContext } from '../../support/testApp'
import { makeUser } from '../../support/factories'
import { makeSittingWorld, qa, textOf } from './sittingWorld'

// Monday 2 March 2026, 9am in London.
let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

/**
 * Two courts: the clerk's own, and another whose name sorts first (so a default of "the first court"
 * would show the wrong one). Each has a sitting on Thursday 5 March and a person whose reviews wait
 * for a sitting (their courts have none after March).
 */
async function twoCourts() {
  const mine = await makeSittingWorld(ctx)
  const other = await makeSittingWorld(ctx)
  await ctx.db('court').where({ id: other.court.id }).update({ name: 'Aardvark Magistrates’ Court' })
  const mySitting = await mine.addSitting('2026-03-05')
  const otherSitting = await other.addSitting('2026-03-05')
  const myCase = await mine.addCase('Mina Owncourt', { madeOn: '2026-03-02' })
  const otherCase = await other.addCase('Otto Othercourt', { madeOn: '2026-03-02' })
  return { mine, other, mySitting, otherSitting, myCase, otherCase }
}

const waitingIn = (html: string) => [...html.matchAll(/data-qa="review-([^"]+)"/g)].map(m => m[1])

describe('a clerk starts from their own courts', () => {
  it('when the clerk opens the calendar, the week and the add-a-sitting form, then their own court is shown, and the chooser still offers the other', async () => {
    const { mine, other, mySitting, otherSitting } = await twoCourts()
    const agent = await mine.agent()

    const month = await agent.get('/calendar?month=2026-03')
    const week = await agent.get('/calendar/week?week=2026-03-02')
    const newSitting = await agent.get('/sittings/new')
    const chosen = await agent.get(`/calendar?month=2026-03&court=${other.court.id}`)

    expect(textOf(month.text)).toContain('Northtown Magistrates’ Court March 2026')
    expect(month.text).toContain(`data-qa="sitting-${mySitting.id}"`)
    expect(month.text).not.toContain(`data-qa="sitting-${otherSitting.id}"`)
    expect(month.text).toMatch(new RegExp(`<option value="${other.court.id}"\\s*>Aardvark Magistrates’ Court`))
    expect(week.text).toContain(`/sittings/${mySitting.id}`)
    expect(week.text).not.toContain(`/sittings/${otherSitting.id}`)
    expect(newSitting.text).toMatch(new RegExp(`<option value="${mine.court.id}"\\s*selected`))
    expect(chosen.text).toContain(`data-qa="sitting-${otherSitting.id}"`)
    expect(chosen.text).not.toContain(`data-qa="sitting-${mySitting.id}"`)
  })

  it('when the clerk opens needs listing, then it shows their courts’ waiting reviews; choosing another court or all courts shows those', async () => {
    const { mine, other, myCase, otherCase } = await twoCourts()
    const agent = await mine.agent()
    const mineWaiting = (await mine.openReviews(myCase.requirement.id)).filter(r => r.status === 'unlisted')
    const otherWaiting = (await other.openReviews(otherCase.requirement.id)).filter(r => r.status === 'unlisted')
    expect(mineWaiting.length).toBeGreaterThan(0)
    expect(otherWaiting.length).toBeGreaterThan(0)

    const byDefault = await agent.get('/needs-listing')
    const otherCourt = await agent.get(`/needs-listing?court=${other.court.id}`)
    const all = await agent.get('/needs-listing?court=all')
    const unknown = await agent.get('/needs-listing?court=no-such-court')

    expect(textOf(qa(byDefault.text, 'showing'))).toBe('Showing reviews for Northtown Magistrates’ Court.')
    expect(waitingIn(byDefault.text).sort()).toEqual(mineWaiting.map(r => r.id).sort())
    expect(byDefault.text).toMatch(/<option value=""\s*selected\s*>Northtown Magistrates’ Court \(your court\)/)
    expect(waitingIn(otherCourt.text).sort()).toEqual(otherWaiting.map(r => r.id).sort())
    expect(textOf(qa(otherCourt.text, 'showing'))).toBe('Showing reviews for Aardvark Magistrates’ Court.')
    expect(waitingIn(all.text)).toEqual(expect.arrayContaining([...mineWaiting, ...otherWaiting].map(r => r.id)))
    expect(textOf(qa(all.text, 'showing'))).toBe('Showing reviews for every court.')
    expect(unknown.status).toBe(404)
  })

  it('when a clerk is linked to no court, then needs listing shows every court, as before', async () => {
    const { myCase, otherCase, mine, other } = await twoCourts()
    const courtless = await makeUser(ctx.services, 'clerk')
    const agent = await signIn(ctx.app, courtless.email)

    const page = await agent.get('/needs-listing')
    const shown = waitingIn(page.text)

    expect(textOf(qa(page.text, 'showing'))).toBe('Showing reviews for every court.')
    expect(shown).toEqual(
      expect.arrayContaining(
        [...(await mine.openReviews(myCase.requirement.id)), ...(await other.openReviews(otherCase.requirement.id))]
          .filter(r => r.status === 'unlisted')
          .map(r => r.id),
      ),
    )
  })
})
