import type { QueuedEmail } from '../../../../server/data/outboxRepository'
import { withRendering, type ComposeEmail } from '../../../../server/services/notify/outbox'

const queued = (over: Partial<QueuedEmail> = {}): QueuedEmail => ({
  id: 'e1',
  to: 'a@example.test',
  cc: [],
  template: 'report-chase',
  subject: 'A chase',
  context: { court: 'Teesside' },
  essential: true,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: '2026-03-02T09:00:00.000Z',
  giveUpAt: '2026-03-03T09:00:00.000Z',
  lastError: null,
  createdAt: '2026-03-02T09:00:00.000Z',
  sentAt: null,
  rendered: null,
  ...over,
})

/** A compose that counts its calls and echoes what it was given. */
function countingCompose() {
  const seen: string[] = []
  const compose: ComposeEmail = m => {
    seen.push(m.to)
    return { text: `text for ${m.to}: ${String(m.context.court)}`, html: `<p>${m.subject}</p>` }
  }
  return { compose, seen }
}

describe('withRendering', () => {
  it('when a draft is only listed, then nothing is rendered', () => {
    const { compose, seen } = countingCompose()
    const row = withRendering(queued(), compose)
    expect([row.id, row.to, row.subject, row.status]).toEqual(['e1', 'a@example.test', 'A chase', 'pending'])
    expect(seen).toEqual([])
  })

  it('when its text, html and calendar are read, then it is rendered from its draft once', () => {
    const { compose, seen } = countingCompose()
    const row = withRendering(queued(), compose)
    expect(row.text).toBe('text for a@example.test: Teesside')
    expect(row.html).toBe('<p>A chase</p>')
    expect(row.calendar).toBeUndefined()
    expect(row.text).toBe('text for a@example.test: Teesside')
    expect(seen).toEqual(['a@example.test'])
  })

  it('when the row was stored already rendered, then it is read as written and never composed', () => {
    const { compose, seen } = countingCompose()
    const rendered = { text: 'old', html: '<p>old</p>', calendar: { method: 'REQUEST' as const, content: 'ICS' } }
    const row = withRendering(queued({ rendered }), compose)
    expect([row.text, row.html, row.calendar]).toEqual(['old', '<p>old</p>', rendered.calendar])
    expect(seen).toEqual([])
  })

  it('then the stored rendering is not a field of the row, and the rendered parts are not spread', () => {
    const row = withRendering(queued(), countingCompose().compose)
    expect(Object.keys(row)).not.toContain('rendered')
    expect({ ...row }).not.toHaveProperty('text')
  })
})
