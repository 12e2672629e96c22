import type request from 'supertest'
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../support/testApp'
import { csv, HEADER, makeProviderWorld, row, type ProviderWorld } from './providerWorld'

let ctx: TestContext
let w: ProviderWorld

beforeAll(async () => {
  // Orders are made on 2 March 2026; today (London) is Friday 20 March.
  ctx = await createTestContext({ now: '2026-03-20T10:00:00Z' })
  w = await makeProviderWorld(ctx)
})

afterAll(async () => {
  await ctx.close()
})

type Agent = ReturnType<typeof request.agent>

async function upload(agent: Agent, text: string) {
  const page = await agent.get('/drug-tests/upload')
  await agent
    .post('/drug-tests/upload')
    .field('_csrf', csrfFrom(page.text))
    .attach('file', Buffer.from(text, 'utf8'), 'tests.csv')
  return agent.get('/drug-tests/upload')
}

async function confirm(agent: Agent) {
  const page = await agent.get('/drug-tests/upload')
  const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1] ?? ''
  return agent
    .post('/drug-tests/upload')
    .type('form')
    .send({ action: 'confirm', token, _csrf: csrfFrom(page.text) })
}

const decode = (html: string) =>
  html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
/** Each rejected row's line and problems, as the preview lists them. */
const rejectedRows = (html: string) =>
  [...decode(html).matchAll(/data-qa="rejected-row">(.*?)<\/tr>/g)].map(m => {
    const cells = [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(c => c[1])
    const problems = [...cells[2].matchAll(/<li>(.*?)<\/li>/g)].map(li => li[1])
    return {
      line: Number(cells[0]),
      problems: problems.length ? problems : [cells[2].replace(/<[^>]+>.*$/, '').trim()],
    }
  })

describe('the drug test file', () => {
  it('when a provider downloads the template, fills it in for their client and uploads it, then every example row is accepted as it was written', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const agent = await signIn(ctx.app, w.providerWorker.email)

    const template = await agent.get('/drug-tests/template.csv')
    const filled = template.text.replace(/^EXAMPLE,/gm, `${person.crn},`)
    const preview = await upload(agent, filled)
    const examples = template.text.trim().split('\r\n').length - 1
    const stored = await confirm(agent)
    const tests = await ctx.db('drug_test').where({ person_id: person.id }).orderBy('taken_on')

    expect(template.text).toContain('Positive (prescribed)')
    expect(template.text).toContain('Oral fluid')
    expect(preview.text).toContain(`${examples} accepted, 0 rejected`)
    expect(stored.status).toBe(303)
    expect(tests).toHaveLength(examples)
    expect(tests.map(t => [t.method, JSON.parse(t.results)])).toEqual(
      expect.arrayContaining([
        ['oral_fluid', { opiates: 'negative', cannabis: 'positive', methadone: 'positive_prescribed' }],
        ['breath', { alcohol: 'negative' }],
      ]),
    )
  })

  it('when the template is uploaded unchanged, then each example row is rejected as an example, and nothing is stored', async () => {
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const template = await agent.get('/drug-tests/template.csv')

    const preview = await upload(agent, template.text)

    expect(preview.text).toMatch(/0 accepted, \d+ rejected/)
    for (const r of rejectedRows(preview.text)) expect(r.problems).toEqual([expect.stringMatching(/example row/)])
  })

  it('when the form’s words are used in any case, then they are read as the codes', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const agent = await signIn(ctx.app, w.providerWorker.email)

    const preview = await upload(
      agent,
      csv([
        HEADER,
        row(person.crn, '2026-03-05', 'ORAL FLUID', { methadone: 'positive (prescribed)', opiates: 'NEGATIVE' }),
        row(person.crn, '06/03/2026', 'Urine', {
          buprenorphine: 'Positive (prescribed)',
          cocaine: 'positive_prescribed',
        }),
      ]),
    )
    await confirm(agent)
    const tests = await ctx.db('drug_test').where({ person_id: person.id }).orderBy('taken_on')

    expect(preview.text).toContain('2 accepted, 0 rejected')
    expect(tests.map(t => [t.taken_on, t.method, JSON.parse(t.results)])).toEqual([
      ['2026-03-05', 'oral_fluid', { opiates: 'negative', methadone: 'positive_prescribed' }],
      ['2026-03-06', 'urine', { cocaine: 'positive_prescribed', buprenorphine: 'positive_prescribed' }],
    ])
  })

  it('when a row has several problems, then every one is listed; a future date and a breath test for opiates are named', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const agent = await signIn(ctx.app, w.providerWorker.email)

    const preview = await upload(
      agent,
      csv([
        HEADER,
        row(person.crn, '2026-03-25', 'breath', { opiates: 'negative', alcohol: 'positive' }),
        row('Z999999', 'soon', 'saliva', { cocaine: 'clean' }),
        row(person.crn, '2026-03-01', 'urine', { alcohol: 'Positive (prescribed)' }),
      ]),
    )

    expect(rejectedRows(preview.text)).toEqual([
      {
        line: 2,
        problems: [
          'Date taken must be today or in the past (today is Friday 20 March 2026)',
          'Opiates cannot be tested by breath: a breath test is for alcohol only',
        ],
      },
      {
        line: 3,
        problems: [
          'Date taken "soon" must be a real date, like 2026-04-07 or 07/04/2026',
          'Method "saliva" must be one of oral_fluid, urine, hair, breath',
          expect.stringMatching(/^Result "clean" for cocaine must be one of/),
          'Unknown CRN',
        ],
      },
      {
        line: 4,
        problems: [
          'Date taken must be on or after the order was made on Monday 2 March 2026',
          'Alcohol cannot be positive (prescribed): it is never prescribed',
        ],
      },
    ])
  })

  it('when the same tests are uploaded twice, then the second time each is refused with a link to the test already recorded', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const file = csv([
      HEADER,
      row(person.crn, '2026-03-09', 'urine', { opiates: 'negative' }),
      row(person.crn, '2026-03-16', 'urine', { opiates: 'positive' }),
    ])

    await upload(agent, file)
    await confirm(agent)
    const again = await upload(agent, file)
    const stored = await ctx.db('drug_test').where({ person_id: person.id }).orderBy('taken_on')

    expect(again.text).toContain('0 accepted, 2 rejected')
    expect(again.text).not.toMatch(/Store \d+ accepted/)
    for (const t of stored) expect(again.text).toContain(`href="/people/${person.id}/drug-tests/${t.id}"`)
    expect(rejectedRows(again.text).map(r => r.problems[0])).toEqual([
      expect.stringMatching(/^This test is already recorded: a test on Monday 9 March 2026/),
      expect.stringMatching(/^This test is already recorded: a test on Monday 16 March 2026/),
    ])
  })

  it('when a provider opens the upload page, then it links to the codes page, which lists every method, substance and result with its words', async () => {
    const agent = await signIn(ctx.app, w.providerWorker.email)

    const upload = await agent.get('/drug-tests/upload')
    const codes = decode((await agent.get('/drug-tests/codes')).text)

    expect(upload.text).toContain('href="/drug-tests/codes"')
    for (const [code, words] of [
      ['oral_fluid', 'Oral fluid'],
      ['breath', 'Breath'],
      ['positive_prescribed', 'Positive (prescribed)'],
      ['tampered', 'Tampered'],
      ['benzodiazepines', 'Benzodiazepines'],
    ]) {
      expect(codes).toContain(`<code>${code}</code>`)
      expect(codes).toContain(words)
    }
    expect(codes).toContain('For alcohol only')
    expect(codes).toMatch(/other_substance\s*<\/dt>/)
  })
})
