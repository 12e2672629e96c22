import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { createTestContext, type TestContext } from '../../support/testApp'
import { CHROMIUM_PATH, createPdfRenderer } from '../../../server/services/hearing/pdfRenderer'
import { makeSittingWorld, qa, textOf } from './sittingWorld'

let ctx: TestContext

// Wednesday 1 April 2026, 11:30pm UTC: already Thursday 2 April, 12:30am, in London (British Summer Time).
const NOW = '2026-04-01T23:30:00Z'

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-03-02T09:00:00Z' })
})

afterAll(async () => {
  await ctx.close()
})

const hasChromium = fs.existsSync(CHROMIUM_PATH)
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const withChromium = (hasChromium && hasPdftotext) || process.env.CI ? it : it.skip

/** The text of each page of a PDF, as pdftotext reads it. */
function pagesOf(pdf: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'court-list-'))
  try {
    fs.writeFileSync(path.join(dir, 'list.pdf'), pdf)
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'list.pdf'), '-'], { encoding: 'utf8' })
    return text.split('\f').filter(p => p.trim())
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** A sitting on Thursday 2 April 2026 with `n` people listed, each born on 17 May 1990 (the world's date). */
async function listOf(n: number) {
  const world = await makeSittingWorld(ctx)
  const sitting = await world.addSitting('2026-04-02', { capacity: n, slotMinutes: 5 })
  const people = []
  for (let i = 0; i < n; i += 1)
    people.push((await world.addCase(`Printed Person${String(i).padStart(2, '0')}`)).person)
  ctx.clock.set(NOW)
  return { world, sitting, people }
}

describe('the printed court list', () => {
  it('when the list is printed, then each person’s date of birth is beside their name and the foot says when it was printed, in London time', async () => {
    const { world, sitting, people } = await listOf(2)
    const agent = await world.agent()

    const res = await agent.get(`/sittings/${sitting.id}/print`)
    const body = /<tbody[\s\S]*<\/tbody>/.exec(qa(res.text, 'court-list'))![0]
    const rows = [...body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map(m => textOf(m[0]))

    expect(res.status).toBe(200)
    expect(textOf(res.text)).toContain('Person Date of birth CRN')
    expect(rows).toEqual(people.map(p => expect.stringContaining(`${p.name} 17 May 1990 ${p.crn}`)))
    expect(textOf(qa(res.text, 'printed-at'))).toBe(
      'Northtown Magistrates’ Court, court list: Thursday 2 April 2026, 10am. Printed 2 April 2026 at 12:30am (London time).',
    )
  })

  withChromium(
    'when a long list is printed to A4, then every page carries the printed-at time',
    async () => {
      const { world, sitting } = await listOf(45)
      const agent = await world.agent()
      // As a browser prints it: the page with its own style sheets (the renderer fetches nothing).
      let html = (await agent.get(`/sittings/${sitting.id}/print`)).text
      for (const [link, href] of [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"[^>]*>/g)])
        html = html.replace(link, `<style>${(await agent.get(href)).text}</style>`)
      const renderer = createPdfRenderer()

      try {
        const pages = pagesOf(await renderer.render(html))

        expect(pages.length).toBeGreaterThan(1)
        for (const page of pages.map(p => p.replace(/\s+/g, ' '))) {
          expect(page).toContain('Printed 2 April 2026 at 12:30am (London time).')
          expect(page).toContain('Date of birth')
        }
      } finally {
        await renderer.close()
      }
    },
    60_000,
  )
})
