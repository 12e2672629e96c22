import type { AuditEntry, AuditRepository } from '../../../../server/data/auditRepository'
import type { Tx, TxLike } from '../../../../server/data/unitOfWork'
import { createAuditTrail, type AuditListener } from '../../../../server/services/notify/auditTrail'
import { FixedClock } from '../../../../server/utils/clock'

// Plain fakes: the repository remembers what was inserted and in which transaction; the unit of
// work hands out a named transaction and remembers whether its work committed.

const txNamed = (name: string) => ({ name }) as unknown as Tx

function fakes() {
  const log: string[] = []
  const audit = {
    insert: async (entry: AuditEntry, _at: string, tx?: TxLike) => {
      log.push(`insert ${entry.action} in ${(tx as unknown as { name?: string })?.name ?? 'none'}`)
    },
    list: async () => [],
  } as unknown as AuditRepository
  const uow = {
    run: async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
      log.push('begin')
      try {
        const result = await work(txNamed('opened'))
        log.push('commit')
        return result
      } catch (err) {
        log.push('rollback')
        throw err
      }
    },
  }
  const listener = (fail = false): AuditListener => ({
    actions: new Set(['chase_report']),
    async onRecorded(entry, _at, tx) {
      log.push(`notify ${entry.action} in ${(tx as unknown as { name: string }).name}`)
      if (fail) throw new Error('no email')
    },
  })
  return { log, audit, uow, listener }
}

const at = '2026-03-02T09:00:00Z'
const clock = new FixedClock(at)

describe('createAuditTrail', () => {
  it('when no listener wants the action, then only the row is written, in the caller’s transaction if any', async () => {
    const { log, audit, uow, listener } = fakes()
    const trail = createAuditTrail({ audit, uow, listeners: [listener()], clock })
    await trail.record({ userId: 'u', action: 'view_case' }, at)
    await trail.record({ userId: 'u', action: 'view_case' }, at, txNamed('caller'))
    expect(log).toEqual(['insert view_case in none', 'insert view_case in caller'])
  })

  it('when a listener wants it and the caller has a transaction, then the row and the notice are written in it', async () => {
    const { log, audit, uow, listener } = fakes()
    const trail = createAuditTrail({ audit, uow, listeners: [listener()], clock })
    await trail.record({ userId: 'u', action: 'chase_report' }, at, txNamed('caller'))
    expect(log).toEqual(['insert chase_report in caller', 'notify chase_report in caller'])
  })

  it('when a listener wants it and the caller has none, then one transaction is opened for the row and the notice', async () => {
    const { log, audit, uow, listener } = fakes()
    const trail = createAuditTrail({ audit, uow, listeners: [listener()], clock })
    await trail.record({ userId: 'u', action: 'chase_report' }, at)
    expect(log).toEqual(['begin', 'insert chase_report in opened', 'notify chase_report in opened', 'commit'])
  })

  it('when the notice fails, then the opened transaction is rolled back and the failure reaches the caller', async () => {
    const { log, audit, uow, listener } = fakes()
    const trail = createAuditTrail({ audit, uow, listeners: [listener(true)], clock })
    await expect(trail.record({ userId: 'u', action: 'chase_report' }, at)).rejects.toThrow('no email')
    expect(log).toEqual(['begin', 'insert chase_report in opened', 'notify chase_report in opened', 'rollback'])
  })
})
