import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import request from 'supertest'
import { apiToken, createTestContext, signIn, usePdfRenderer, type TestContext } from '../../support/testApp'
import { bearer } from '../scheduling/schedulingWorld'
import {
  CHROMIUM_PATH,
  PDF_UNAVAILABLE,
  createPdfRenderer,
  type PdfRenderer,
} from '../../../server/services/hearing/pdfRenderer'
import { HOSTILE_NAME, makePackWorld, type PackWorld } from './packWorld'
import { newId } from '../../../server/utils/ids'

let ctx: TestContext
let w: PackWorld

/** The people whose reviews are in a sitting's pack (slot order): the ids its audit row names. */
const peopleInSitting = async (sittingId: string): Promise<string[]> =>
  (await ctx
    .db('review as r')
    .join('requirement as q', 'q.id', 'r.requirement_id')
    .join('sentence_order as o', 'o.id', 'q.order_id')
    .where('r.sitting_id', sittingId)
    .whereNotNull('r.slot_index')
    .orderBy('r.slot_index')
    .pluck('o.person_id')) as string[]
let renderer: PdfRenderer

const hasChromium = fs.existsSync(CHROMIUM_PATH)
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

/** What a poppler tool (pdftotext, pdfinfo) prints for the PDF. */
function poppler(tool: 'pdftotext' | 'pdfinfo', pdf: Buffer, args: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-pdf-'))
  try {
    fs.writeFileSync(path.join(dir, 'pack.pdf'), pdf)
    const out = tool === 'pdftotext' ? ['-'] : []
    return execFileSync(tool, [...args, path.join(dir, 'pack.pdf'), ...out], { encoding: 'utf8' })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
const pdfText = (pdf: Buffer) => poppler('pdftotext', pdf, ['-enc', 'UTF-8'])

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-20T09:00:00Z' })
  w = await makePackWorld(ctx, HOSTILE_NAME)
  await w.drugTest(w.person.id, '2026-04-20', { opiates: 'negative', cocaine: 'positive' })
  // One warm browser for the file.
  renderer = createPdfRenderer()
  usePdfRenderer(renderer)
})

afterAll(async () => {
  await renderer.close()
  usePdfRenderer(null)
  await ctx.close()
})

// On a developer machine without Chromium these are skipped; in CI (.ci/run installs it) they always run.
const withChromium = hasChromium || process.env.CI ? it : it.skip

describe('the pack as PDF', () => {
  withChromium('renders a real PDF whose text has the name (literally) and the marking', async () => {
    const clerk = await signIn(ctx.app, w.clerk.email)
    const res = await clerk.get(`/sittings/${w.second.id}/pack.pdf`).buffer(true).parse(binary)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="hearing-pack-2026-05-12-draft\.pdf"$/)
    expect(res.headers['cache-control']).toBe('no-store')
    const pdf = res.body as Buffer
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF')
    if (hasPdftotext || process.env.CI) {
      const text = pdfText(pdf)
      expect(text).toContain(HOSTILE_NAME)
      expect(text).toContain('OFFICIAL-SENSITIVE')
      expect(text).toMatch(/Page 1 of \d+/)
      expect(text).toContain('Draft — not issued')
    }
    const audit = await ctx.services.audit.list({ userId: w.clerk.id, action: 'print_pack' })
    const people = await peopleInSitting(w.second.id)
    expect(audit[0]).toEqual(
      expect.objectContaining({
        subjectId: w.second.id,
        personId: null,
        detail: { version: null, count: people.length, personIds: people },
      }),
    )
  })

  withChromium('renders one case on the API, two at once', async () => {
    const token = await apiToken(ctx.app, w.magistrate1.email)
    const get = () =>
      request(ctx.app).get(`/api/v1/reviews/${w.r2.id}/pack.pdf`).set(bearer(token)).buffer(true).parse(binary)
    const [a, b] = await Promise.all([get(), get()])
    for (const res of [a, b]) {
      expect(res.status).toBe(200)
      expect(res.type).toBe('application/pdf')
      expect((res.body as Buffer).subarray(0, 4).toString('latin1')).toBe('%PDF')
    }
    const off = await apiToken(ctx.app, w.offBench.email)
    expect((await request(ctx.app).get(`/api/v1/reviews/${w.r2.id}/pack.pdf`).set(bearer(off))).status).toBe(404)
  })

  withChromium(
    'is tagged with an outline, marked OFFICIAL-SENSITIVE once a page, with methods in words and a first review counted from the order',
    async () => {
      // A test on the day the order was made: a first review counts it.
      await ctx.db('drug_test').insert({
        id: newId(),
        person_id: w.person.id,
        taken_on: '2026-03-06',
        method: 'oral_fluid',
        results: JSON.stringify({ opiates: 'negative' }),
        organisation_id: w.providerOrg.id,
        entered_by: w.providerWorker.id,
        created_at: '2026-03-06T12:00:00.000Z',
      })
      const clerk = await signIn(ctx.app, w.clerk.email)
      const get = async (url: string) => {
        const res = await clerk.get(url).buffer(true).parse(binary)
        expect(res.status).toBe(200)
        return res.body as Buffer
      }
      const sittingPack = await get(`/sittings/${w.second.id}/pack.pdf`)
      const firstReview = await get(`/reviews/${w.r1.id}/pack.pdf`)
      // The outline (bookmarks from the headings) is in the document catalogue.
      for (const pdf of [sittingPack, firstReview]) expect(pdf.toString('latin1')).toContain('/Outlines')
      expect(sittingPack.toString('latin1')).toContain('/Title (Drug tests since the last review on 7 April 2026)')
      if (!hasPdftotext && !process.env.CI) return

      for (const pdf of [sittingPack, firstReview]) {
        const info = poppler('pdfinfo', pdf)
        expect(info).toMatch(/^Tagged:\s+yes$/m)
        const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1])
        expect(pages).toBeGreaterThan(1)
        // pdftotext ends each page with a form feed: the marking once on each, not twice on the first.
        const perPage = pdfText(pdf).split('\f').slice(0, pages)
        expect(perPage.map(p => p.split('OFFICIAL-SENSITIVE').length - 1)).toEqual(new Array(pages).fill(1))
      }

      const later = pdfText(sittingPack)
      expect(later).toContain('Drug tests since the last review on 7 April 2026')
      expect(later).toMatch(/20 April 2026\s+Urine/)
      expect(later).not.toMatch(/\burine\b/)

      const first = pdfText(firstReview)
      expect(first).toContain('Drug tests since the order was made on 6 March 2026')
      expect(first).toMatch(/6 March 2026\s+Oral fluid/)
      expect(first).toContain('Order made, 6 March')
      expect(first).not.toContain('since the last review')
      expect(first).not.toMatch(/oral fluid|oral_fluid/)
    },
  )

  withChromium('with enforcement and changes in the case, the PDF is still tagged and reads the section', async () => {
    const { requirement_id: requirementId } = (await ctx.db('review').where({ id: w.r2.id }).first()) as {
      requirement_id: string
    }
    await ctx.repos.amendments.insert({
      id: newId(),
      requirementId,
      reviewId: null,
      applicationId: null,
      madeOn: '2026-04-20',
      changes: { reviewIntervalMonths: { from: 1, to: 2 } },
      consent: true,
      reason: 'Doing well: reviews every two months',
      madeBy: w.clerk.id,
      madeAt: '2026-04-20T11:00:00.000Z',
    })
    await ctx.db('breach').insert({
      id: newId(),
      requirement_id: requirementId,
      failure: 'Missed two appointments',
      occurred_on: '2026-04-22',
      laid_by: w.officer.id,
      laid_at: '2026-04-23T10:00:00.000Z',
      status: 'open',
      version: 1,
    })
    const clerk = await signIn(ctx.app, w.clerk.email)
    const res = await clerk.get(`/reviews/${w.r2.id}/pack.pdf`).buffer(true).parse(binary)
    expect(res.status).toBe(200)
    const pdf = res.body as Buffer
    expect(pdf.toString('latin1')).toContain('/Title (Enforcement and changes)')
    if (!hasPdftotext && !process.env.CI) return
    expect(poppler('pdfinfo', pdf)).toMatch(/^Tagged:\s+yes$/m)
    const text = pdfText(pdf).replace(/\s+/g, ' ')
    expect(text).toContain('Amendments: Since the last review on 7 April 2026')
    expect(text).toContain('Review interval Every month Every 2 months')
    expect(text).toContain('Before the court Missed two appointments, on 22 April 2026.')
  })

  it('answers 503 with a plain message when Chromium is not installed; the HTML still works', async () => {
    usePdfRenderer(createPdfRenderer({ executablePath: '/nonexistent/chromium' }))
    try {
      const clerk = await signIn(ctx.app, w.clerk.email)
      const page = await clerk.get(`/sittings/${w.second.id}/pack.pdf`)
      expect(page.status).toBe(503)
      expect(page.text).toContain(PDF_UNAVAILABLE.replace(/'/g, '&#x27;'))
      const token = await apiToken(ctx.app, w.clerk.email)
      const api = await request(ctx.app).get(`/api/v1/reviews/${w.r2.id}/pack.pdf`).set(bearer(token))
      expect(api.status).toBe(503)
      expect(JSON.parse(api.text).detail).toBe(PDF_UNAVAILABLE)
      const html = await clerk.get(`/sittings/${w.second.id}/pack`)
      expect(html.status).toBe(200)
      expect(html.text).toContain('data-qa="pack-pdf-unavailable"')
      expect(html.text).not.toContain('data-qa="pack-pdf-link"')
    } finally {
      usePdfRenderer(renderer)
    }
  })
})
