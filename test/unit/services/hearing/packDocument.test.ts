import {
  caseSnapshot,
  changedCases,
  packPage,
  packPageDocument,
  packTitle,
  renderContent,
  versionLabel,
  type PackViews,
} from '../../../../server/services/hearing/packDocument'
import { sha256 } from '../../../../server/utils/ids'
import { assemble } from '../../../../server/services/hearing/packAssembly'
import { review, rows } from './packFixtures'

/** Templates that write what they were given, so a test sees what went in. */
const views: PackViews & { calls: { name: string; context: Record<string, unknown> }[] } = {
  calls: [],
  renderBare(name, context) {
    this.calls.push({ name, context })
    if (name === 'packs/case') return `<case ${(context.case as { reviewId: string }).reviewId}>`
    if (name === 'packs/cover') return '<cover>'
    return `<page ${String(context.title)}|${String(context.versionLabel)}|${String(context.preparedAt)}>${String(context.content)}`
  },
}

const model = () =>
  assemble(
    rows({ booked: [review(), review({ id: 'r9', sequence: 9, requirementId: 'q1' })] }),
    '2026-05-01T09:00:00.000Z',
  )

describe('renderContent', () => {
  it('when a sitting’s pack is rendered, then the cover comes first and each case is marked and hashed', () => {
    const content = renderContent(views, model(), true)

    expect(content.html).toBe(
      '<cover><!--pack-case:r2--><case r2><!--/pack-case:r2--><!--pack-case:r9--><case r9><!--/pack-case:r9-->',
    )
    expect(content.hash).toBe(sha256(content.html))
    expect(content.cases).toEqual([
      { reviewId: 'r2', name: 'Pat Packson', html: '<case r2>', hash: sha256('<case r2>') },
      { reviewId: 'r9', name: 'Pat Packson', html: '<case r9>', hash: sha256('<case r9>') },
    ])
  })

  it('when one case is rendered, then there is no cover', () => {
    expect(renderContent(views, model(), false).html.startsWith('<!--pack-case:r2-->')).toBe(true)
  })
})

describe('caseSnapshot', () => {
  const html = renderContent(views, model(), true).html

  it('when the case is in the snapshot, then gives its part with its markers', () => {
    expect(caseSnapshot(html, 'r9')).toBe('<!--pack-case:r9--><case r9><!--/pack-case:r9-->')
  })

  it('when it is not, then gives nothing', () => {
    expect(caseSnapshot(html, 'r5')).toBeNull()
    expect(caseSnapshot('<!--/pack-case:r5--><!--pack-case:r5-->', 'r5')).toBeNull()
  })
})

describe('changedCases', () => {
  it('when cases were changed, added or removed since the snapshot, then names each', () => {
    const issued = {
      summary: {
        cases: [
          { reviewId: 'same', name: 'Same', hash: 'h1' },
          { reviewId: 'changed', name: 'Changed', hash: 'h2' },
          { reviewId: 'gone', name: 'Gone', hash: 'h3' },
        ],
      },
    }
    const live = {
      cases: [
        { reviewId: 'same', name: 'Same', html: '', hash: 'h1' },
        { reviewId: 'changed', name: 'Changed', html: '', hash: 'other' },
        { reviewId: 'new', name: 'New', html: '', hash: 'h4' },
      ],
    }

    expect(changedCases(issued, live)).toEqual(['Changed', 'New', 'Gone (no longer listed)'])
  })
})

describe('labels and the page', () => {
  it('when a version was issued, then labels it with when; else as a draft', () => {
    expect(versionLabel({ version: 3, issuedAt: '2026-05-01T09:20:00.000Z' })).toBe(
      'Version 3 issued 1 May 2026 at 10:20am',
    )
    expect(versionLabel(null)).toBe('Draft — not issued')
  })

  it('when the pack is for a sitting, then the title names the court and the sitting', () => {
    const m = model()
    expect(packTitle(m)).toBe('Hearing pack: Leeds Magistrates’ Court, 12 May 2026, courtroom 3')
    expect(packTitle({ ...m, sitting: null })).toBe('Hearing pack: Leeds Magistrates’ Court')
  })

  it('when the page is written, then the content goes inside the layout with the time prepared in London', () => {
    expect(packPage(views, '<x>', { title: 'T', versionLabel: 'V', preparedAt: '2026-01-05T14:05:00.000Z' })).toBe(
      '<page T|V|5 January 2026 at 2:05pm><x>',
    )
    expect(views.calls.at(-1)!.name).toBe('packs/layout')
  })
})

describe('the page as sent (packPageDocument)', () => {
  const ctx = { title: 'T', versionLabel: 'Draft', preparedAt: '2026-05-01T09:00:00.000Z' }

  it('when a kept pack is read, then the bytes sent are its page in UTF-8, the same as its text, and the content is encoded once', () => {
    const live = { html: '<case>Zoë’s review · 1 of 12</case>' }
    const first = packPageDocument(views, live, ctx)
    expect(first.html).toBe(packPage(views, live.html, ctx))
    expect(first.bytes.toString('utf8')).toBe(first.html)
    const again = packPageDocument(views, live, { ...ctx, versionLabel: 'Version 2' })
    expect(again.bytes.toString('utf8')).toBe(packPage(views, live.html, { ...ctx, versionLabel: 'Version 2' }))
  })

  it('when the layout does not write the content exactly once, then the page is written whole', () => {
    const twice: PackViews = { renderBare: (_n, c) => `${String(c.content)}|${String(c.content)}` }
    const doc = packPageDocument(twice, { html: 'ab' }, ctx)
    expect(doc.html).toBe('ab|ab')
    expect(doc.bytes.toString()).toBe('ab|ab')
  })
})
