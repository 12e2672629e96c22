import os from 'node:os'
import type { Outbox } from './outbox'
import type { Clock } from '../../utils/clock'
import type { Logger } from '../../logger'
import type { Mailer } from './mailer'
import type { Reminders } from './reminders'

const LEASE_MS = 5 * 60 * 1000
const BATCH = 20

/**
 * The outbox worker: each round queues the reminders and digests now due, then claims due
 * messages and sends them. Without a mailer (no SMTP_URL) messages stay queued for the admin's
 * mail page. Logs carry message ids and templates, never addresses or content.
 */
export function createWorker(deps: {
  outbox: Outbox
  reminders: Reminders
  mailer: Mailer | null
  clock: Clock
  logger: Logger
  intervalMs: number
  workerId?: string
}) {
  const { outbox, reminders, mailer, clock, logger, intervalMs } = deps
  const workerId = deps.workerId ?? `${os.hostname()}:${process.pid}`
  let timer: NodeJS.Timeout | null = null
  let running: Promise<unknown> | null = null
  let stopped = false

  async function sendDue(): Promise<{ sent: number; retrying: number; failed: number }> {
    const result = { sent: 0, retrying: 0, failed: 0 }
    if (!mailer) return result
    for (;;) {
      const now = clock.now()
      const batch = await outbox.claim(
        workerId,
        now.toISOString(),
        new Date(now.getTime() + LEASE_MS).toISOString(),
        BATCH,
      )
      if (!batch.length) return result
      for (const message of batch) {
        try {
          await mailer.send(message)
          await outbox.markSent(message.id, clock.now().toISOString())
          result.sent += 1
          logger.info({ emailId: message.id, template: message.template }, 'email sent')
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err)
          const status = await outbox.markAttemptFailed(message, error, clock.now().toISOString())
          result[status === 'failed' ? 'failed' : 'retrying'] += 1
          logger.warn({ emailId: message.id, template: message.template, status }, 'email not sent')
        }
      }
      if (stopped) return result
    }
  }

  /** One round: reminders first, so a reminder due now goes out in the same round. */
  async function tick() {
    let queued = 0
    try {
      queued = await reminders.run()
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'reminders failed')
    }
    const sent = await sendDue()
    return { queued, ...sent }
  }

  function schedule() {
    if (stopped) return
    timer = setTimeout(() => {
      running = tick()
        .catch(err => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'worker round failed'))
        .finally(() => {
          running = null
          schedule()
        })
    }, intervalMs)
    timer.unref()
  }

  return {
    workerId,
    tick,
    start() {
      stopped = false
      running = tick()
        .catch(err => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'worker round failed'))
        .finally(() => {
          running = null
          schedule()
        })
    },
    /** Stops after the message in hand; resolves when the round in progress has finished. */
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      mailer?.close()
    },
  }
}

export type Worker = ReturnType<typeof createWorker>
