import type request from 'supertest'
import { createTestContext, csrfFrom, signIn, type TestContext } from '../../support/testApp'
import { csv, HEADER, makeProviderWorld, row, type ProviderWorld } from './providerWorld'

let ctx: TestContext
let w: ProviderWorld

beforeAll(async () => {
  // Orders are made on 2 March 2026; today is the 20th, so tests may be dated from the 2nd to the 20th.
  ctx = await createTestContext({ now: '2026-03-20T10:00:00Z' })
  w = await makeProviderWorld(ctx)
})

afterAll(async () => {
  await ctx.close()
})

type Agent = ReturnType<typeof request.agent>

/** Choose a file on the upload page and send it; then read the page it leads to. */
async function upload(agent: Agent, text: string | Buffer, filename = 'tests.csv') {
  const page = await agent.get('/drug-tests/upload')
  const res = await agent
    .post('/drug-tests/upload')
    .field('_csrf', csrfFrom(page.text))
    .attach('file', Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), filename)
  expect(res.status).toBe(303)
  return agent.get('/drug-tests/upload')
}

async function press(agent: Agent, action: 'confirm' | 'cancel', token?: string) {
  const page = await agent.get('/drug-tests/upload')
  const kept = /name="token" value="([^"]+)"/.exec(page.text)?.[1] ?? ''
  return agent
    .post('/drug-tests/upload')
    .type('form')
    .send({ action, token: token ?? kept, _csrf: csrfFrom(page.text) })
}

const testsOf = (personId: string) => ctx.db('drug_test').where({ person_id: personId })
const decode = (html: string) =>
  html
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")

describe('bulk upload of drug tests', () => {
  it('when a file has bad rows, then each is rejected with its reason, nothing is stored until confirm, and then the good rows are stored together', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const stored = await w.as(w.tokens.provider).post(`/people/${person.id}/drug-tests`, {
      takenOn: '2026-03-03',
      method: 'urine',
      results: { opiates: 'negative' },
    })
    expect(stored.status).toBe(201)
    const formula = '=HYPERLINK("http://evil.example","x")'
    const text = csv([
      HEADER,
      row(person.crn, '2026-03-10', 'urine', { opiates: 'negative', cocaine: 'positive' }),
      row(person.crn, '2026-02-31', 'urine', { opiates: 'negative' }),
      row('Z999999', '2026-03-10', 'urine', { opiates: 'negative' }),
      row(w.theirs.person.crn, '2026-03-10', 'urine', { opiates: 'negative' }),
      row(person.crn, '2026-03-11', 'urine', { cannabis: 'probably' }),
      row(person.crn, '2026-03-10', 'urine', { opiates: 'negative', cocaine: 'positive' }),
      row(person.crn, '2026-03-03', 'urine', { opiates: 'negative' }),
      row(person.crn, '12/03/2026', 'Oral fluid', { other: 'positive' }, formula),
      row(person.crn, '2026-03-13', 'saliva', { opiates: 'negative' }),
      row(person.crn, '2099-02-13', 'urine', { opiates: 'negative' }),
    ])
    const agent = await signIn(ctx.app, w.providerWorker.email)

    const preview = await upload(agent, text)
    const before = await testsOf(person.id)
    const confirmed = await press(agent, 'confirm')
    const after = await testsOf(person.id)
    const exported = await agent.get(`/people/${person.id}/drug-tests.csv`)

    const rejected = [...preview.text.matchAll(/data-qa="rejected-row">(.*?)<\/tr>/g)].map(m =>
      decode(m[1].replace(/<[^>]+>/g, '|')),
    )
    expect(preview.text).toContain('2 accepted, 8 rejected')
    expect(rejected.join('\n')).toMatch(/\|3\|.*must be a real date/)
    expect(rejected.join('\n')).toMatch(/\|4\|\|Z999999\|\|Unknown CRN/)
    expect(rejected.join('\n')).toMatch(new RegExp(`\\|5\\|\\|${w.theirs.person.crn}\\|\\|Unknown CRN`))
    expect(rejected.join('\n')).toMatch(/\|6\|.*Result "probably" for cannabis/)
    expect(rejected.join('\n')).toMatch(/\|7\|.*Duplicate of line 2/)
    expect(rejected.join('\n')).toMatch(/\|8\|.*already recorded/)
    expect(rejected.join('\n')).toMatch(/\|10\|.*Method "saliva"/)
    expect(rejected.join('\n')).toMatch(/\|11\|.*on or before the order ends/)
    expect(before).toHaveLength(1)
    expect(confirmed.status).toBe(303)
    expect(after).toHaveLength(3)
    const uploaded = after.filter(t => t.upload_id)
    expect(uploaded).toHaveLength(2)
    expect(new Set(uploaded.map(t => t.upload_id)).size).toBe(1)
    expect(uploaded.find(t => t.taken_on === '2026-03-12')).toEqual(
      expect.objectContaining({ method: 'oral_fluid', other_substance: formula }),
    )
    expect(exported.status).toBe(200)
    expect(exported.headers['content-type']).toMatch(/text\/csv/)
    expect(exported.text).toContain(`,positive,"'=HYPERLINK(""http://evil.example"",""x"")"\r\n`)
    expect(exported.text.split('\r\n')[0]).toBe(HEADER.join(','))
  })

  it('when the columns are wrong, the file is empty, only a header, too big or too long, then the whole file is refused with the reason', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const good = row(person.crn, '2026-03-10', 'urine', { opiates: 'negative' })
    const agent = await signIn(ctx.app, w.providerWorker.email)
    const big = csv([HEADER, row(person.crn, '2026-03-10', 'urine', { opiates: 'negative' }, 'x'.repeat(100))])
    const cases: [string | Buffer, RegExp][] = [
      [csv([HEADER.slice(0, 12), good.slice(0, 12)]), /The first row must name the columns/],
      [csv([[...HEADER.slice(0, 3), 'heroin', ...HEADER.slice(4)], good]), /The first row must name the columns/],
      ['', /The file is empty/],
      ['\r\n\r\n', /The file is empty/],
      [csv([HEADER]), /no tests in it/],
      [big.repeat(Math.ceil((2 * 1024 * 1024) / big.length) + 1), /2 MB or smaller/],
      [csv([HEADER, ...Array.from({ length: 5001 }, () => good)]), /5000 or fewer/],
      ['crn,"taken_on\n', /not a CSV file/],
      [Buffer.from([0xff, 0xfe, 0x00, 0x41]), /UTF-8/],
    ]

    for (const [file, reason] of cases) {
      const page = await upload(agent, file)
      expect(page.text).toContain('There is a problem')
      expect(decode(page.text)).toMatch(reason)
      expect(page.text).not.toContain('data-qa="confirm-form"')
    }
    expect(await testsOf(person.id)).toHaveLength(0)
  })

  it('when a row is recorded by someone else between preview and confirm, then nothing from the file is stored', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const agent = await signIn(ctx.app, w.providerWorker.email)
    await upload(
      agent,
      csv([
        HEADER,
        row(person.crn, '2026-03-10', 'urine', { opiates: 'negative' }),
        row(person.crn, '2026-03-11', 'urine', { opiates: 'negative' }),
        row(person.crn, '2026-03-12', 'urine', { opiates: 'positive' }),
      ]),
    )
    await w.as(w.tokens.officer).post(`/people/${person.id}/drug-tests`, {
      takenOn: '2026-03-12',
      method: 'urine',
      results: { opiates: 'positive' },
    })

    const confirmed = await press(agent, 'confirm')
    const page = await agent.get('/drug-tests/upload')

    expect(confirmed.status).toBe(303)
    expect(page.text).toContain('Nothing was stored')
    expect(await testsOf(person.id)).toHaveLength(1)
  })

  it('when the user cancels, or confirms a preview already stored, then nothing more is stored', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const agent = await signIn(ctx.app, w.officer.email)
    const file = csv([HEADER, row(person.crn, '2026-03-10', 'hair', { cocaine: 'negative' })])

    await upload(agent, file)
    await press(agent, 'cancel')
    const afterCancel = await testsOf(person.id)
    const preview = await upload(agent, file)
    const token = /name="token" value="([^"]+)"/.exec(preview.text)![1]
    await press(agent, 'confirm', token)
    const again = await press(agent, 'confirm', token)
    const page = await agent.get('/drug-tests/upload')

    expect(afterCancel).toHaveLength(0)
    expect(again.status).toBe(303)
    expect(page.text).toContain('already been stored or cancelled')
    expect(await testsOf(person.id)).toHaveLength(1)
  })

  it('when a rejected cell holds hostile text, then the preview shows it escaped', async () => {
    const { person } = await w.addOrder({ madeOn: '2026-03-02', months: 6 })
    const agent = await signIn(ctx.app, w.providerWorker.email)

    const page = await upload(
      agent,
      csv([HEADER, row(person.crn, '2026-03-10', 'urine', { opiates: '<script>alert(1)</script>' })]),
    )

    expect(page.text).toContain('0 accepted, 1 rejected')
    expect(page.text).not.toContain('<script>alert(1)')
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('when a provider downloads the template, then it is the header row and example rows to replace', async () => {
    const agent = await signIn(ctx.app, w.providerWorker.email)

    const res = await agent.get('/drug-tests/template.csv')
    const lines = res.text.trim().split('\r\n')

    expect(res.status).toBe(200)
    expect(res.headers['content-disposition']).toContain('attachment')
    expect(lines[0]).toBe(HEADER.join(','))
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.slice(1).every(l => l.startsWith('EXAMPLE,'))).toBe(true)
  })

  it('when a clerk opens the upload page, then it is forbidden', async () => {
    const agent = await signIn(ctx.app, w.clerk.email)

    expect((await agent.get('/drug-tests/upload')).status).toBe(403)
  })
})
