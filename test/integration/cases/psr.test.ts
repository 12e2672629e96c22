import type { Response } from 'superagent'
import { createTestContext, csrfFrom, signIn, submitForm, type TestContext } from '../../support/testApp'
import {
  clerkUser,
  errorSummary,
  makeOrder,
  makeOrderParties,
  makePerson,
  signInAs,
  uniqueCrn,
  type Agent,
} from './caseSupport'

let ctx: TestContext

beforeAll(async () => {
  ctx = await createTestContext()
})

afterAll(async () => {
  await ctx.close()
})

/** A small, well-formed PDF: one empty A4 page. */
const SMALL_PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
)

async function arrange() {
  const clerk = await clerkUser(ctx)
  const person = await makePerson(ctx, clerk)
  const parties = await makeOrderParties(ctx)
  const { order } = await makeOrder(ctx, clerk, person.id, parties)
  const { agent } = await signInAs(ctx, 'clerk')
  return { person, parties, order, agent }
}

/** Sends the PSR form as a browser does: multipart, with the page's CSRF token. */
async function upload(
  agent: Agent,
  orderId: string,
  file: { content: Buffer; filename: string; contentType: string } | null,
  psrText = '',
) {
  const page = await agent.get(`/orders/${orderId}/psr`)
  const req = agent.post(`/orders/${orderId}/psr`).field('_csrf', csrfFrom(page.text)).field('psrText', psrText)
  return file ? req.attach('file', file.content, { filename: file.filename, contentType: file.contentType }) : req
}

const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}

const documentsOf = (orderId: string) => ctx.db('document').where({ order_id: orderId })

describe('attaching a pre-sentence report', () => {
  it('when a clerk uploads a real PDF, then it is listed on the person’s page and downloads as an attachment', async () => {
    const { person, parties, order, agent } = await arrange()

    const res = await upload(agent, order.id, {
      content: SMALL_PDF,
      filename: 'psr.pdf',
      contentType: 'application/pdf',
    })
    const page = await agent.get(`/people/${person.id}`)
    const [doc] = await documentsOf(order.id)
    const download = await agent.get(`/documents/${doc.id}`).buffer(true).parse(binary)
    const officer = await signIn(ctx.app, parties.officer.email)
    const officerDownload = await officer.get(`/documents/${doc.id}`)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/people/${person.id}`)
    expect(page.text).toContain('Pre-sentence report attached.')
    expect(page.text).toContain(`<a class="govuk-link" href="/documents/${doc.id}">psr.pdf</a>`)
    expect(download.status).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="?psr\.pdf"?$/)
    expect(download.headers['x-content-type-options']).toBe('nosniff')
    expect(download.headers['cache-control']).toBe('no-store')
    expect(Buffer.compare(download.body as Buffer, SMALL_PDF)).toBe(0)
    expect(officerDownload.status).toBe(200)
  })

  it('when someone who may not see the person asks for the PDF, then it is not found (or refused for a sentencer)', async () => {
    const { order, agent } = await arrange()
    await upload(agent, order.id, { content: SMALL_PDF, filename: 'psr.pdf', contentType: 'application/pdf' })
    const [doc] = await documentsOf(order.id)
    const { agent: otherOfficer } = await signInAs(ctx, 'probation')
    const { agent: otherProvider } = await signInAs(ctx, 'provider')
    const { agent: sentencer } = await signInAs(ctx, 'sentencer')

    const officerRes = await otherOfficer.get(`/documents/${doc.id}`)
    const providerRes = await otherProvider.get(`/documents/${doc.id}`)
    const sentencerRes = await sentencer.get(`/documents/${doc.id}`)
    const unknown = await agent.get('/documents/00000000-0000-4000-8000-000000000000')

    expect(officerRes.status).toBe(404)
    expect(officerRes.headers['content-disposition']).toBeUndefined()
    expect(providerRes.status).toBe(404)
    expect(sentencerRes.status).toBe(403)
    expect(unknown.status).toBe(404)
  })

  it('when a text file is renamed .pdf, then it is refused because of its content and nothing is stored', async () => {
    const { order, agent } = await arrange()

    const res = await upload(
      agent,
      order.id,
      { content: Buffer.from('Just some notes, not a PDF\n'), filename: 'report.pdf', contentType: 'application/pdf' },
      'Typed text.\nSecond line.',
    )
    const page = await agent.get(`/orders/${order.id}/psr`)

    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/orders/${order.id}/psr`)
    expect(errorSummary(page.text)).toEqual(['#psrFile: The selected file must be a PDF'])
    expect(page.text).toMatch(/<p id="psrFile-error" class="govuk-error-message">/)
    expect(page.text).toContain('>Typed text.\nSecond line.</textarea>')
    expect(await documentsOf(order.id)).toHaveLength(0)
  })

  it('when the file is larger than 10 MB, then it is refused and nothing is stored', async () => {
    const { order, agent } = await arrange()
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024, 0x20)])

    const res = await upload(agent, order.id, { content: big, filename: 'big.pdf', contentType: 'application/pdf' })

    expect(res.status).toBe(413)
    expect(res.text).toContain('The file or form you sent is too large.')
    expect(await documentsOf(order.id)).toHaveLength(0)
  })

  it('when neither a file nor text is sent, then the clerk is asked for one', async () => {
    const { order, agent } = await arrange()

    await upload(agent, order.id, null, '   ')
    const page = await agent.get(`/orders/${order.id}/psr`)

    expect(errorSummary(page.text)).toEqual(['#psrFile: Choose a PDF file or paste the report text'])
  })

  it('when a clerk pastes the report’s text, then it is shown on the person’s page in a details component', async () => {
    const { person, order, agent } = await arrange()

    const res = await upload(agent, order.id, null, 'First paragraph.\nSecond line.\n\nSecond paragraph.')
    const page = await agent.get(`/people/${person.id}`)

    expect(res.headers.location).toBe(`/people/${person.id}`)
    expect(page.text).toContain('Pre-sentence report text saved.')
    expect(page.text).toMatch(/<details[^>]*class="govuk-details"/)
    expect(page.text).toContain('First paragraph.<br>Second line.')
    expect(page.text).toContain('>Second paragraph.</p>')
  })
})

describe('hostile text', () => {
  const hostile = `<script>alert(1)</script> "Dai" 'Bach' 🐉 Llŷr Siôn`

  it('when a name and a PSR hold markup, quotes, emoji and Welsh, then every page shows them escaped and intact', async () => {
    const { agent } = await signInAs(ctx, 'clerk')
    const crn = uniqueCrn()

    const added = await submitForm(agent, '/people/new', {
      name: hostile,
      'dateOfBirth[day]': '1',
      'dateOfBirth[month]': '3',
      'dateOfBirth[year]': '1985',
      crn,
    })
    const personUrl = added.headers.location
    const personId = personUrl.split('/').pop()!
    const clerk = await clerkUser(ctx)
    const { order } = await makeOrder(ctx, clerk, personId, await makeOrderParties(ctx), { psrText: hostile })
    await upload(agent, order.id, null, `${hostile}\n\n<img src=x onerror=alert(2)>`)
    const page = await agent.get(personUrl)
    const search = await agent.get(`/people?q=${crn}`)
    const form = await agent.get(`/people/${personId}/edit`)

    for (const res of [page, search, form]) {
      expect(res.text).not.toContain('<script>alert(1)</script>')
      expect(res.text).not.toContain('<img src=x')
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Dai&quot; &#x27;Bach&#x27; 🐉 Llŷr Siôn')
    }
    expect(page.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;')
    expect(page.text).toMatch(/<title>&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    expect((await ctx.db('person').where({ crn }).first()).name).toBe(hostile)
  })
})
