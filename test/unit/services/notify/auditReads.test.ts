import type { AuditEntry, AuditRepository } from '../../../../server/data/auditRepository'
import type { Tx } from '../../../../server/data/unitOfWork'
import type { CurrentUser } from '../../../../server/roles'
import { createAuditTrail } from '../../../../server/services/notify/auditTrail'
import { requestAudit, type RequestAudit } from '../../../../server/services/notify/requestAudit'
import { FixedClock } from '../../../../server/utils/clock'

// Reads and refusals as the audit trail records them, with a plain fake repository: who and their
// role, the address of the request being served, one row a read a request, and nothing for nobody.

const AT = '2026-03-02T09:00:00.000Z'

// Only what the audit trail reads of a user; the rest of CurrentUser does not matter here.
const user = (id: string, role: CurrentUser['role']) =>
  ({
    id,
    name: id,
    email: `${id}@example.test`,
    role,
    organisationId: null,
    isManager: false,
    courtIds: [],
  }) as unknown as CurrentUser

function fakes() {
  const rows: (AuditEntry & { at: string })[] = []
  const audit = {
    insert: async (entry: AuditEntry, at: string) => {
      rows.push({ ...entry, at })
    },
  } as unknown as AuditRepository
  const uow = { run: async <T>(work: (tx: Tx) => Promise<T>) => work({} as Tx) }
  const trail = createAuditTrail({ audit, uow, listeners: [], clock: new FixedClock(AT) })
  return { rows, trail }
}

/** Runs `work` as if serving a request from `ip`, signed in as `signedIn`. */
function inRequest<T>(ip: string, signedIn: CurrentUser | undefined, work: () => Promise<T>): Promise<T> {
  const context: RequestAudit = { ip: () => ip, user: () => signedIn, recorded: new Set(), refused: async () => {} }
  return new Promise<T>((resolve, reject) => requestAudit.run(context, () => void work().then(resolve, reject)))
}

const clerk = user('clerk-1', 'clerk')
const officer = user('officer-1', 'probation')

describe('the audit trail’s reads', () => {
  it('ASVS 16.2.1: when a service records a read in a request, then the row has the reader, their role, the request’s address, the time and the person', async () => {
    const { rows, trail } = fakes()

    await inRequest('10.1.2.3', clerk, () =>
      trail.viewed(clerk, { action: 'view_person', personId: 'p1', subjectType: 'person', subjectId: 'p1' }),
    )

    expect(rows).toEqual([
      {
        userId: 'clerk-1',
        role: 'clerk',
        action: 'view_person',
        personId: 'p1',
        subjectType: 'person',
        subjectId: 'p1',
        detail: undefined,
        ip: '10.1.2.3',
        at: AT,
      },
    ])
  })

  it('when a page reads the same record twice in one request, then one row; the next request writes its own', async () => {
    const { rows, trail } = fakes()
    const read = { action: 'view_report', personId: 'p1', subjectType: 'review', subjectId: 'r1' }

    await inRequest('10.0.0.1', officer, async () => {
      await Promise.all([trail.viewed(officer, read), trail.viewed(officer, read)])
      await trail.viewed(officer, { ...read, subjectId: 'r2' })
    })
    await inRequest('10.0.0.1', officer, () => trail.viewed(officer, read))

    expect(rows.map(r => r.subjectId)).toEqual(['r1', 'r2', 'r1'])
  })

  it('when a service has no user to hand, then the request’s signed-in user is the reader; with nobody signed in (the worker), nothing is written', async () => {
    const { rows, trail } = fakes()

    await inRequest('10.0.0.2', clerk, () => trail.listed(null, { action: 'view_needs_listing', people: ['p1', 'p2'] }))
    await trail.listed(null, { action: 'view_needs_listing', people: ['p1'] })
    await inRequest('10.0.0.2', undefined, () => trail.viewed(undefined, { action: 'view_person', personId: 'p1' }))

    expect(rows.map(r => [r.userId, r.role, r.ip])).toEqual([['clerk-1', 'clerk', '10.0.0.2']])
  })

  it('ASVS 16.2.5: when a list is read, then one row names its people by id (each once) with the count, and no one person', async () => {
    const { rows, trail } = fakes()

    await trail.listed(clerk, { action: 'search_people', people: ['p1', 'p2', 'p1'], detail: { page: 1 } })

    expect(rows).toEqual([
      expect.objectContaining({
        userId: 'clerk-1',
        role: 'clerk',
        personId: null,
        detail: { page: 1, count: 3, personIds: ['p1', 'p2'] },
        ip: null,
      }),
    ])
  })

  it('when a change is recorded in a request, then the signed-in user’s role and the address are added; another user’s role is left to the database', async () => {
    const { rows, trail } = fakes()

    await inRequest('10.0.0.3', clerk, async () => {
      await trail.record({ userId: 'clerk-1', action: 'create_person', subjectType: 'person', subjectId: 'p1' }, AT)
      await trail.record({ userId: 'someone-else', action: 'sign_in' }, AT)
      await trail.record({ userId: 'clerk-1', action: 'set_digest', ip: null }, AT)
    })

    expect(rows.map(r => [r.action, r.role, r.ip])).toEqual([
      ['create_person', 'clerk', '10.0.0.3'],
      ['sign_in', undefined, '10.0.0.3'],
      ['set_digest', 'clerk', null],
    ])
  })

  it('ASVS 16.3.2: when a refusal is recorded, then it names the user, role, address, method and path, and no person', async () => {
    const { rows, trail } = fakes()

    await trail.refused({ user: officer, ip: '10.0.0.4', method: 'GET', path: '/people/p9', status: 404 })

    expect(rows).toEqual([
      {
        userId: 'officer-1',
        role: 'probation',
        action: 'access_refused',
        personId: null,
        ip: '10.0.0.4',
        detail: { method: 'GET', path: '/people/p9', status: 404 },
        at: AT,
      },
    ])
  })
})
