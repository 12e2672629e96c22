import path from 'node:path'
import Handlebars from 'handlebars'
import fc from 'fast-check'
import { createViews } from '../../../server/views'
import { createRenderMemo, sealed } from '../../../server/renderMemo'
import { paths } from '../../../server/paths'

// Issue 24: a page rendered again from the same context is written out, not rendered again; the
// request's CSRF token, nonce and one-time form ids are written in afresh, and nothing else may differ.

const VIEWS = path.resolve(__dirname, '../../../views')
const FORM_ID = /name="_formId" value="([^"]+)"/g

const user = { id: 'u1', name: 'Clerk O’Brien <Court 1>', role: 'clerk', courtIds: ['c1'] }
const changePassword = (csrfToken: string, cspNonce: string, extra: Record<string, unknown> = {}) => ({
  serviceName: 'Manage drug rehabilitation reviews',
  cspNonce,
  csrfToken,
  user,
  navigation: [{ text: 'Calendar', href: '/calendar', active: false }],
  accountActive: true,
  paths,
  notice: null,
  title: 'Change your password',
  mustChange: false,
  form: { values: {}, errors: {}, errorList: [] },
  ...extra,
})
/** renderPageKept's page as text (it gives a page used again as the bytes it is sent as). */
const kept = (
  views: ReturnType<typeof createViews>,
  ...args: Parameters<ReturnType<typeof createViews>['renderPageKept']>
) => String(views.renderPageKept(...args))
const formIds = (html: string) => [...html.matchAll(FORM_ID)].map(m => m[1])
/** A page with its per-request values taken out: what must be the same however it was made. */
const shape = (html: string, values: string[]) =>
  values.reduce((h, v) => h.split(Handlebars.Utils.escapeExpression(v)).join('«value»'), html).replace(FORM_ID, '«id»')

describe('pages rendered from the same context again (views.renderPageKept)', () => {
  it('writes this request’s token, nonce and new form ids into the page kept from the first render', () => {
    const views = createViews(VIEWS, { verifyKept: true })
    const first = kept(views, 'pages/auth/change-password', changePassword('tokenA', 'nonceA+/=='), [
      'tokenA',
      'nonceA+/==',
    ])
    const second = kept(views, 'pages/auth/change-password', changePassword('tokenB', 'nonceB+/=='), [
      'tokenB',
      'nonceB+/==',
    ])
    expect(views.keptStats()).toMatchObject({ size: 1, hits: 1, misses: 1 })
    // The second is the first's page with its own values: none of the first request's is in it.
    expect(second).not.toContain('tokenA')
    expect(second).not.toContain('nonceA')
    expect(second).toContain('value="tokenB"')
    // The nonce is written escaped, as the template writes it ("=" is &#x3D;).
    expect(second).toContain('nonce="nonceB+/&#x3D;&#x3D;"')
    const [a, b] = [formIds(first), formIds(second)]
    expect(b).toHaveLength(a.length)
    expect(a.length).toBeGreaterThan(0)
    expect(new Set([...a, ...b]).size).toBe(a.length + b.length)
    expect(shape(second, ['tokenB', 'nonceB+/=='])).toBe(shape(first, ['tokenA', 'nonceA+/==']))
    // And it is exactly what rendering afresh gives.
    const fresh = views.renderPage('pages/auth/change-password', changePassword('tokenB', 'nonceB+/=='))
    expect(shape(fresh, ['tokenB', 'nonceB+/=='])).toBe(shape(second, ['tokenB', 'nonceB+/==']))
  })

  it('renders afresh when anything in the context differs: the user, an error, a flash', () => {
    const views = createViews(VIEWS, { verifyKept: true })
    const render = (extra: Record<string, unknown>) =>
      kept(views, 'pages/auth/change-password', changePassword('t', 'n', extra), ['t', 'n'])
    const plain = render({})
    const withError = render({
      form: {
        values: {},
        errors: { newPassword: 'Enter a new password' },
        errorList: [{ text: 'Enter a new password', href: '#newPassword' }],
      },
    })
    const otherUser = render({ user: { ...user, name: 'Someone else' } })
    expect(views.keptStats()).toMatchObject({ hits: 0, misses: 3 })
    expect(plain).not.toContain('Enter a new password')
    expect(withError).toContain('Enter a new password')
    expect(otherUser).toContain('Someone else')
    expect(otherUser).not.toContain('Clerk O’Brien')
  })
})

describe('the render memo', () => {
  const escape = (v: string) => Handlebars.Utils.escapeExpression(v)
  let n = 0
  const memo = (over: Partial<Parameters<typeof createRenderMemo>[0]> = {}) =>
    createRenderMemo({
      maxEntries: 10,
      maxBytes: 10_000,
      verify: false,
      escape,
      newFormId: () => `id-${(n += 1)}`,
      ...over,
    })

  it('does not keep a page that holds a request’s value in any other form than the template’s escaping', () => {
    const m = memo()
    // The token written inside a JSON string, say, could not be found again to be replaced: not kept.
    const html = String(m.render('p', { a: 1 }, ['se=cret'], () => '<script>var t = "se=cret"</script>'))
    expect(html).toBe('<script>var t = "se=cret"</script>')
    expect(m.stats().size).toBe(0)
  })

  it('keeps at most maxEntries pages and maxBytes characters, letting the least recently used go', () => {
    const m = memo({ maxEntries: 3, maxBytes: 1000 })
    for (const page of ['a', 'b', 'c']) m.render(page, {}, [], () => page)
    m.render('a', {}, [], () => 'a') // used again: now the most recent
    m.render('d', {}, [], () => 'd')
    expect(m.stats().size).toBe(3)
    let rendered = false
    m.render('b', {}, [], () => ((rendered = true), 'b'))
    expect(rendered).toBe(true) // b was the least recently used: let go
    rendered = false
    m.render('a', {}, [], () => ((rendered = true), 'a'))
    expect(rendered).toBe(false)
    const big = memo({ maxBytes: 100 })
    big.render('x', {}, [], () => 'x'.repeat(200))
    expect(big.stats()).toMatchObject({ size: 0, bytes: 0 })
  })

  it('compares a sealed value by what it is, not what it holds: the same one is the same page, an equal copy is rendered again', () => {
    const m = memo({ verify: true })
    let renders = 0
    const page = (rows: { name: string }[]) => () => (
      (renders += 1),
      `<ul>${rows.map(r => `<li>${r.name}</li>`).join('')}</ul>`
    )
    const rows = sealed([{ name: 'Ada' }, { name: 'Bo' }])
    expect(String(m.render('list', { rows, title: 'T' }, [], page(rows)))).toBe('<ul><li>Ada</li><li>Bo</li></ul>')
    expect(String(m.render('list', { rows, title: 'T' }, [], page(rows)))).toBe('<ul><li>Ada</li><li>Bo</li></ul>')
    // Kept, then checked against a fresh render (verify): two renders for two reads.
    expect(m.stats()).toMatchObject({ hits: 1, misses: 1 })
    const copy = sealed([{ name: 'Ada' }, { name: 'Bo' }])
    m.render('list', { rows: copy, title: 'T' }, [], page(copy))
    expect(m.stats()).toMatchObject({ hits: 1, misses: 2 })
    // Sealed is frozen through: nothing can change what a kept page was made from.
    expect(() => {
      ;(rows[0] as { name: string }).name = 'Changed'
    }).toThrow(TypeError)
    expect(renders).toBe(3) // the first, the check of the second, the copy
  })

  it('with verify, throws when a page renders differently from the same context', () => {
    const m = memo({ verify: true })
    let calls = 0
    // A function in the context is invisible to the comparison: the page depends on something else.
    const context = { count: () => (calls += 1) }
    m.render('p', context, [], () => `<p>${context.count()}</p>`)
    expect(() => m.render('p', context, [], () => `<p>${context.count()}</p>`)).toThrow(/rendered differently/)
  })

  it('gives what rendering afresh gives, for any context and request values (property)', () => {
    const template = Handlebars.compile(
      '<p>{{a}}</p><i>{{b.c}}</i><input value="{{token}}"><s nonce="{{nonce}}">{{id}}',
    )
    fc.assert(
      fc.property(
        fc.record({ a: fc.string(), b: fc.record({ c: fc.oneof(fc.string(), fc.integer()) }) }),
        fc.uniqueArray(fc.base64String({ minLength: 24, maxLength: 24 }), { minLength: 3, maxLength: 3 }),
        (context, [t1, t2, nonce]) => {
          // Request values are random tokens: never inside one another or the page's own text.
          fc.pre([t1, t2, nonce].every(v => ![t1, t2, nonce, context.a].some(w => w !== v && w.includes(v))))
          const m = memo()
          const render = (token: string) => (record: (id: string) => void) => {
            const id = `form-${(n += 1)}`
            record(id)
            return template({ ...context, token, nonce, id })
          }
          const first = String(m.render('p', { ...context, token: t1, nonce }, [t1, nonce], render(t1)))
          const again = String(m.render('p', { ...context, token: t2, nonce }, [t2, nonce], render(t2)))
          const fresh = render(t2)(() => undefined)
          const noIds = (h: string) => h.replace(/(form|id)-\d+/g, 'ID')
          // The first (rendered, then sent from the bytes kept) and the second (written out) are both a fresh render.
          return noIds(first) === noIds(render(t1)(() => undefined)) && noIds(again) === noIds(fresh)
        },
      ),
    )
  })
})
