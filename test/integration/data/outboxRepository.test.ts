import { createTestDb, type TestDb } from '../../support/testDb'
import { createNotifyRepositories, type NotifyRepositories } from '../../../server/data/notifyRepositories'
import type { OutboxMessage } from '../../../server/data/outboxRepository'

// The email outbox repository, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

let t: TestDb
let repos: NotifyRepositories

beforeAll(async () => {
  t = await createTestDb()
  repos = createNotifyRepositories(t.db)
})

afterAll(async () => {
  await t.destroy()
})

const draft = (to: string, extra: Partial<OutboxMessage> = {}): OutboxMessage => ({
  to,
  template: 'report-chase',
  subject: 'A chase',
  context: { court: 'A court' },
  essential: true,
  ...extra,
})

describe('the outbox repository', () => {
  it('when drafts are queued, then they are stored and read back as drafts, with nothing rendered', async () => {
    const at = '2026-03-02T09:00:00.000Z'
    const invite = { method: 'REQUEST' as const, hearings: [], stamp: at }
    expect(await repos.outbox.enqueue([draft('a@example.test', { cc: ['c@example.test'], invite })], at)).toBe(1)
    const [row] = (await repos.outbox.list({ limit: 500 })).filter(r => r.to === 'a@example.test')
    expect(row).toEqual(
      expect.objectContaining({
        to: 'a@example.test',
        cc: ['c@example.test'],
        template: 'report-chase',
        subject: 'A chase',
        context: { court: 'A court' },
        essential: true,
        invite,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at,
        giveUpAt: '2026-03-03T09:00:00.000Z',
        rendered: null,
      }),
    )
    expect(await repos.outbox.find(row.id)).toEqual(row)
  })

  it('when a dedupe key is taken, then the second message is skipped and the key is reported taken', async () => {
    const at = '2026-03-02T09:00:00.000Z'
    const key = `reminder:${Date.now()}`
    expect(await repos.outbox.enqueue([draft('d@example.test', { dedupeKey: key })], at)).toBe(1)
    expect(await repos.outbox.enqueue([draft('d@example.test', { dedupeKey: key })], at)).toBe(0)
    expect(await repos.outbox.takenDedupeKeys([key, `${key}-free`])).toEqual(new Set([key]))
    expect(await repos.outbox.takenDedupeKeys([])).toEqual(new Set())
  })

  it('when a row was stored already rendered, then it is read with what was rendered', async () => {
    const at = '2026-03-02T09:00:00.000Z'
    await t.db('email_outbox').insert({
      id: 'legacy-row',
      to_address: 'legacy@example.test',
      template: 'report-chase',
      subject: 'Old',
      payload: JSON.stringify({ text: 'Written', html: '<p>Written</p>' }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
    })
    expect((await repos.outbox.find('legacy-row'))?.rendered).toEqual({
      text: 'Written',
      html: '<p>Written</p>',
      calendar: undefined,
    })
  })
})
