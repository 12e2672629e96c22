import request from 'supertest'
import type { Role } from '../../server/roles'
import type { DeclaredRoute } from '../../server/middleware/routeTable'
import { createTestContext, csrfFrom, type TestContext } from '../support/testApp'
import type { Side } from './securityObjects'
import { makeSecurityWorld } from './securityWorld'
import {
  STACK_TRACE,
  callerFor,
  dataFingerprint,
  fill,
  isApi,
  useFakePdfRenderer,
  where,
  type Caller,
} from './securitySupport'

// Every upload form the pages offer (found by reading every page for a multipart form), sent files
// that only look like what it takes. What each form accepts when the file is right, and its size
// limits, are proven beside each feature (cases/psr.test.ts, provider/upload.test.ts, sittings/bankHolidays.test.ts).

let ctx: TestContext
let a: Side
let restorePdf: () => void
const callers = new Map<Role, Caller>()

beforeAll(async () => {
  ctx = await createTestContext()
  restorePdf = useFakePdfRenderer()
  ;({ a } = await makeSecurityWorld(ctx))
})

afterAll(async () => {
  restorePdf()
  await ctx.close()
})

async function callerOf(role: Role): Promise<Caller> {
  if (!callers.has(role)) callers.set(role, await callerFor(ctx.app, role, a.users[role].email))
  return callers.get(role)!
}

interface UploadForm {
  page: string
  action: string
  field: string
  /** The first file extension the input accepts, e.g. ".pdf". */
  extension: string
  role: Role
}

/** Every multipart form on every page the route table serves, read as the first role that may read it. */
async function uploadForms(): Promise<UploadForm[]> {
  const pages = ctx.routeTable.filter((r: DeclaredRoute) => r.method === 'GET' && !isApi(r) && Array.isArray(r.access))
  const forms: UploadForm[] = []
  for (const route of pages) {
    const role = (route.access as readonly Role[])[0]
    const path = fill(route, a.objects)
    const res = await (await callerOf(role)).agent.get(path)
    if (res.status !== 200 || !res.type.includes('html')) continue
    for (const [form] of res.text.matchAll(/<form\b[^>]*enctype="multipart\/form-data"[\s\S]*?<\/form>/g)) {
      const action = /action="([^"]*)"/.exec(form)?.[1] || path
      const input = /<input\b[^>]*type="file"[^>]*>/.exec(form)?.[0] ?? ''
      forms.push({
        page: path,
        action,
        field: /name="([^"]+)"/.exec(input)?.[1] ?? '',
        extension: /accept="(\.[a-z]+)/.exec(input)?.[1] ?? '',
        role,
      })
    }
  }
  return forms
}

const HOSTILE_NAME = '<img src=x onerror=alert(1)>'
const DISGUISES: [string, Buffer][] = [
  [
    'a PNG image',
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0xff)]),
  ],
  ['an HTML page with a script', Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>\n')],
]

describe('every upload form', () => {
  it('when a file that only pretends to be the type the form takes is sent, then the form says what is wrong, shows the file name escaped, and stores nothing', async () => {
    const forms = await uploadForms()
    const before = await dataFingerprint(ctx.db)

    const results = []
    for (const form of forms) {
      const { agent } = await callerOf(form.role)
      for (const [what, content] of DISGUISES) {
        const page = await agent.get(form.page)
        const sent = await agent
          .post(form.action)
          .field('_csrf', csrfFrom(page.text))
          .attach(form.field, content, {
            filename: `${HOSTILE_NAME}${form.extension}`,
            contentType: 'application/octet-stream',
          })
        const shown = sent.status === 303 ? await agent.get(sent.headers.location) : sent
        results.push({
          form: form.action,
          what,
          sent: sent.status,
          errorSummary: shown.text.includes('govuk-error-summary'),
          nameUnescaped: shown.text.includes(HOSTILE_NAME),
          stack: STACK_TRACE.test(shown.text),
        })
      }
    }
    const after = await dataFingerprint(ctx.db)

    expect(forms.map(f => f.extension).sort()).toEqual(expect.arrayContaining(['.csv', '.json', '.pdf']))
    expect(results).toEqual(
      results.map(r => ({ ...r, sent: 303, errorSummary: true, nameUnescaped: false, stack: false })),
    )
    expect(after).toBe(before)
  })
})

describe('every CSV download', () => {
  it('when a free-text cell starts with any character a spreadsheet runs as a formula, then every CSV route writes it inert', async () => {
    const provider = await callerOf('provider')
    const leads = ['=', '+', '-', '@', '\t', '\r']
    for (const [i, lead] of leads.entries()) {
      const res = await request(ctx.app)
        .post(`/api/v1/people/${a.objects.person}/drug-tests`)
        .set('Authorization', `Bearer ${provider.token}`)
        .send({
          // Between the order (23 February) and today (2 March), one day each.
          takenOn: `2026-02-${String(23 + i).padStart(2, '0')}`,
          method: 'urine',
          results: { other: 'positive' },
          otherSubstance: `${lead}HYPERLINK("http://evil.example","x")`,
        })
      expect(res.status).toBe(201)
    }
    const csvRoutes = ctx.routeTable.filter(r => r.method === 'GET' && r.path.endsWith('.csv') && r.path.includes('/:'))

    const results = []
    for (const route of csvRoutes) {
      const res = await provider.agent.get(fill(route, a.objects))
      // Cells as a spreadsheet reads them: quotes removed, split on commas outside quotes.
      const cells = res.text
        .split('\r\n')
        .flatMap(line => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(m => m[1].replace(/^"|"$/g, '')))
      results.push({
        where: where(route),
        status: res.status,
        formulaCells: cells.filter(c => /^[=+\-@\t\r]/.test(c)),
        // The API trims a leading tab or CR away; the other four are kept as typed and written with an apostrophe.
        written: cells.filter(c => c.includes('HYPERLINK')).length,
      })
    }

    expect(csvRoutes.length).toBeGreaterThan(0)
    expect(results).toEqual(
      csvRoutes.map(route => ({ where: where(route), status: 200, formulaCells: [], written: 6 })),
    )
  })
})
