import { createTestContext, type TestContext } from '../support/testApp'
import { formIds, hiddenFields, makeWorld, type DoubleSubmitWorld } from './doubleSubmitWorld'

// Two quick clicks, or a POST the browser sends again, make one record; these are not repeats: two
// renderings of a form, one rendering with different answers, a post without a form id, a form per row.

let ctx: TestContext
let world: DoubleSubmitWorld

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
  world = await makeWorld(ctx)
})

afterAll(async () => {
  await ctx.close()
})

describe('forms that are not repeats', () => {
  it('when the same form is opened twice and each is sent once, then each makes its record', async () => {
    const person = await world.onOrder('Ned Twice')
    const url = `/people/${person.id}/notes`
    const answers = { category: 'contact', text: 'Same words, two visits.' }

    const first = hiddenFields((await world.agents.officer.get(url)).text)
    const second = hiddenFields((await world.agents.officer.get(url)).text)
    await world.agents.officer
      .post(url)
      .type('form')
      .send({ ...answers, ...first })
    await world.agents.officer
      .post(url)
      .type('form')
      .send({ ...answers, ...second })

    expect(first._formId).not.toBe(second._formId)
    expect(await ctx.db('progress_note').where({ person_id: person.id })).toHaveLength(2)
  })

  it('when one rendered form is sent with different answers, then both are kept (only identical sends are repeats)', async () => {
    const person = await world.onOrder('Dora Different')
    const url = `/people/${person.id}/notes`
    const hidden = hiddenFields((await world.agents.officer.get(url)).text)

    await world.agents.officer
      .post(url)
      .type('form')
      .send({ category: 'contact', text: 'First words.', ...hidden })
    await world.agents.officer
      .post(url)
      .type('form')
      .send({ category: 'contact', text: 'Corrected words.', ...hidden })

    expect(await ctx.db('progress_note').where({ person_id: person.id }).pluck('text')).toEqual(
      expect.arrayContaining(['First words.', 'Corrected words.']),
    )
  })

  it('when a post carries no form id (an older page), then it is handled as before, each time', async () => {
    const person = await world.onOrder('Olga Older')
    const url = `/people/${person.id}/notes`
    const { _csrf } = hiddenFields((await world.agents.officer.get(url)).text)
    const body = { category: 'contact', text: 'No form id.', _csrf }

    const first = await world.agents.officer.post(url).type('form').send(body)
    const second = await world.agents.officer.post(url).type('form').send(body)

    expect([first.status, second.status]).toEqual([303, 303])
    expect(await ctx.db('progress_note').where({ person_id: person.id })).toHaveLength(2)
  })

  it('when a page has a form for each row, then every form carries its own id', async () => {
    await world.onOrder('Row One')
    await world.onOrder('Row Two')
    const page = await world.agents.clerk.get(`/reports/missing?court=${world.court.id}&from=2026-04-01&to=2026-04-03`)

    const ids = formIds(page.text)

    expect(page.status).toBe(200)
    expect(ids.length).toBeGreaterThanOrEqual(2)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
