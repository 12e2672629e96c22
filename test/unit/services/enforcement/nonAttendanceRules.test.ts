import fc from 'fast-check'
import {
  ALREADY_DECIDED,
  BAIL_NEEDED,
  NOT_A_HEARING,
  NOT_LISTED,
  REQUIREMENT_CLOSED,
  WARRANT_NEXT,
  executedOnRefusal,
  hearingSittingRefusal,
  nonAttendanceRefusals,
  warrantChangeRefusal,
  type NonAttendanceFacts,
} from '../../../../server/services/enforcement/nonAttendanceRules'
import type { WarrantStatus } from '../../../../server/data/enforcementRepository'

const listed: NonAttendanceFacts['review'] = {
  mode: 'hearing',
  status: 'scheduled',
  sittingId: 's1',
  reviewDate: '2028-02-08',
}
const facts = (over: Partial<NonAttendanceFacts> = {}): NonAttendanceFacts => ({
  action: 'adjourn',
  bail: null,
  sittingId: 's2',
  review: listed,
  requirementStatus: 'active',
  today: '2028-02-08',
  ...over,
})

describe('non-attendance at a review hearing (Sentencing Act 2020 Sch 9 para 21(2)(c); Sch 10 para 8)', () => {
  it.each<[string, Partial<NonAttendanceFacts>, string[]]>([
    ['adjourned to a chosen sitting, on the day', {}, []],
    ['summons to a chosen sitting, a week later', { action: 'summons', today: '2028-02-15' }, []],
    ['warrant backed for bail', { action: 'warrant', bail: true, sittingId: null }, []],
    ['warrant not backed for bail', { action: 'warrant', bail: false, sittingId: null }, []],
    ['no action chosen', { action: null }, ['action']],
    ['adjourn without a sitting', { sittingId: null }, ['sittingId']],
    ['summons without a sitting', { action: 'summons', sittingId: null }, ['sittingId']],
    ['warrant without saying bail or not', { action: 'warrant', sittingId: null }, ['bail']],
    ['before the hearing', { today: '2028-02-07' }, ['reviewId']],
    ['a review without a hearing', { review: { ...listed, mode: 'paper' } }, ['reviewId']],
    ['a review not listed', { review: { ...listed, status: 'unlisted', sittingId: null } }, ['reviewId']],
    ['a review already heard', { review: { ...listed, status: 'held' } }, ['reviewId']],
    ['non-attendance already recorded', { review: { ...listed, status: 'did_not_attend' } }, ['reviewId']],
    ['a requirement that has ended', { requirementStatus: 'completed' }, ['reviewId']],
  ])('%s', (_name, over, fields) => {
    expect(nonAttendanceRefusals(facts(over)).map(e => e.field)).toEqual(fields)
  })

  it('says why, citing the law where the law decides', () => {
    const message = (over: Partial<NonAttendanceFacts>) => nonAttendanceRefusals(facts(over))[0].message
    expect(message({ review: { ...listed, mode: 'paper' } })).toBe(NOT_A_HEARING)
    expect(NOT_A_HEARING).toContain('Sch 9 para 21(2)(c)')
    expect(message({ review: { ...listed, status: 'held' } })).toBe(ALREADY_DECIDED)
    expect(message({ review: { ...listed, status: 'vacated', sittingId: null } })).toBe(NOT_LISTED)
    expect(message({ requirementStatus: 'revoked' })).toBe(REQUIREMENT_CLOSED)
    expect(message({ action: 'warrant', sittingId: null })).toBe(BAIL_NEEDED)
    expect(message({ today: '2028-02-01' })).toMatch(/Tuesday 8 February 2028.*nothing has happened yet/)
  })

  it('property: a hearing listed on a day before today is never refused for its date, and one after always is', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), offset => {
        const today = new Date(Date.UTC(2028, 1, 8) + offset * 86400000).toISOString().slice(0, 10)
        const refused = nonAttendanceRefusals(facts({ today })).length > 0
        expect(refused).toBe(today < listed.reviewDate)
      }),
    )
  })
})

describe('the sitting the clerk picks for the hearing after non-attendance or an arrest (no one-month floor)', () => {
  const base = {
    sitting: { id: 's2', courtId: 'c1', status: 'open', date: '2028-02-15' },
    courtId: 'c1',
    earliest: '2028-02-08',
    missedSittingId: 's1',
    requirementEndsOn: '2028-06-05',
    bankHoliday: false,
  }
  it.each<[string, Partial<typeof base>, RegExp | null]>([
    ['a week later', {}, null],
    ['the same day, another sitting', { sitting: { ...base.sitting, date: '2028-02-08' } }, null],
    ['no such sitting', { sitting: null as unknown as typeof base.sitting }, /court that reviews/],
    ['another court', { sitting: { ...base.sitting, courtId: 'c2' } }, /court that reviews/],
    ['cancelled', { sitting: { ...base.sitting, status: 'cancelled' } }, /cancelled/],
    ['the sitting missed', { sitting: { ...base.sitting, id: 's1' } }, /later sitting/],
    ['before the earliest date', { earliest: '2028-02-16' }, /on or after Wednesday 16 February 2028/],
    ['after the requirement ends', { requirementEndsOn: '2028-02-14' }, /when the requirement ends/],
    ['a bank holiday', { bankHoliday: true }, /bank holiday/],
  ])('%s', (_name, over, expected) => {
    const refusal = hearingSittingRefusal({ ...base, ...over })
    if (expected) expect(refusal).toMatch(expected)
    else expect(refusal).toBeNull()
  })
})

describe('a warrant: open until executed or withdrawn, then closed for good', () => {
  const STATUSES: WarrantStatus[] = ['open', 'executed', 'withdrawn']
  it.each<[WarrantStatus, 'executed' | 'withdrawn', boolean]>([
    ['open', 'executed', true],
    ['open', 'withdrawn', true],
    ['executed', 'executed', false],
    ['executed', 'withdrawn', false],
    ['withdrawn', 'executed', false],
    ['withdrawn', 'withdrawn', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(warrantChangeRefusal(from, to) === null).toBe(allowed)
  })

  it('property: whatever sequence of changes is tried, at most one succeeds and the warrant never reopens', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<'executed' | 'withdrawn'>('executed', 'withdrawn'), { maxLength: 20 }),
        tries => {
          let status: WarrantStatus = 'open'
          let succeeded = 0
          for (const to of tries) {
            if (warrantChangeRefusal(status, to) === null) {
              status = to
              succeeded += 1
            }
          }
          expect(succeeded).toBe(tries.length ? 1 : 0)
          expect(STATUSES.filter(s => WARRANT_NEXT[s].includes('open'))).toEqual([])
        },
      ),
    )
  })

  it.each([
    ['2028-02-10', null],
    ['2028-02-08', null],
    ['2028-02-07', /on or after Tuesday 8 February 2028/],
    ['2028-02-11', /today or in the past/],
  ])('executed on %s', (executedOn, expected) => {
    const refusal = executedOnRefusal(executedOn, '2028-02-08', '2028-02-10')
    if (expected) expect(refusal).toMatch(expected)
    else expect(refusal).toBeNull()
  })
})
