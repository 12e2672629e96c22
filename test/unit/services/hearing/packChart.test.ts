import { drugTestChart } from '../../../../server/services/hearing/packChart'
import { escapeHtml } from '../../../../server/services/hearing/pdfRenderer'

describe('drugTestChart', () => {
  it('draws one row per substance tested and one mark per result, coloured by result', () => {
    const svg = drugTestChart(
      [
        { takenOn: '2026-01-10', results: { opiates: 'positive', cocaine: 'negative' } },
        { takenOn: '2026-02-10', results: { opiates: 'negative' } },
      ],
      '2026-01-01',
      '2026-07-01',
    )
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('>Opiates</text>')
    expect(svg).toContain('>Cocaine</text>')
    expect(svg).not.toContain('Cannabis')
    expect((svg.match(/<circle /g) ?? []).length).toBe(2)
    expect((svg.match(/<rect /g) ?? []).length).toBe(1)
    expect(svg).toContain('pack-chart__positive')
    expect(svg).not.toMatch(/<script|on[a-z]+=/i)
  })

  it('draws nothing without tests, and keeps marks inside the chart for dates outside the order', () => {
    expect(drugTestChart([], '2026-01-01', '2026-07-01')).toBe('')
    const svg = drugTestChart([{ takenOn: '2025-12-01', results: { alcohol: 'missed' } }], '2026-01-01', '2026-07-01')
    expect(svg).toContain('x="116.0"')
  })

  it('escapes text', () => {
    expect(escapeHtml(`<script>"a" & 'b'</script>`)).toBe(
      '&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;',
    )
  })
})
