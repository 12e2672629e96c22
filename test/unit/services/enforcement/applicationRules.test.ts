import fc from 'fast-check'
import {
  APPLICATION_KINDS,
  citationFor,
  decideRefusals,
  makeRefusals,
  requirementChangeFor,
  type DecideFacts,
} from '../../../../server/services/enforcement/applicationRules'

const facts = (over: Partial<DecideFacts> = {}): DecideFacts => ({
  kind: 'early_revocation',
  granted: true,
  requirementStatus: 'active',
  hearingDate: '2028-03-14',
  today: '2028-03-14',
  ...over,
})
const fields = (f: DecideFacts) => decideRefusals(f).map(e => e.field)

describe('applying to the review court outside a review (Sentencing Act 2020 Sch 10 paras 14, 18; Sch 16 para 22)', () => {
  it.each([
    ['an order in force', 'active', []],
    ['a completed requirement', 'completed', ['requirementId']],
    ['a revoked requirement', 'revoked', ['requirementId']],
  ])('%s: %j', (_name, requirementStatus, expected) => {
    expect(makeRefusals({ requirementStatus }).map(e => e.field)).toEqual(expected)
  })
})

describe('the court’s decision on an application', () => {
  it.each<[string, Partial<DecideFacts>, string[]]>([
    ['granted on the hearing day', {}, []],
    ['refused on the hearing day', { granted: false }, []],
    ['granted after the hearing day', { today: '2028-03-20' }, []],
    ['before the hearing day', { today: '2028-03-13' }, ['applicationId']],
    ['no hearing listed', { hearingDate: null }, ['applicationId']],
    ['early revocation of a requirement that has already ended', { requirementStatus: 'revoked' }, ['granted']],
    ['refusing one whose requirement has ended', { requirementStatus: 'revoked', granted: false }, []],
    ['an amendment granted', { kind: 'amend' }, []],
  ])('%s: %j', (_name, over, expected) => {
    expect(fields(facts(over))).toEqual(expected)
  })

  it('before the hearing, the refusal names the day it can be recorded from', () => {
    expect(decideRefusals(facts({ today: '2028-03-01' }))[0].message).toMatch(/heard on Tuesday 14 March 2028/)
  })

  it.each<[(typeof APPLICATION_KINDS)[number], boolean, ReturnType<typeof requirementChangeFor>]>([
    ['early_revocation', true, { status: 'completed', completedEarly: true }],
    ['early_revocation', false, null],
    ['amend', true, null],
    ['amend', false, null],
  ])('%s granted %s changes the requirement to %j', (kind, granted, change) => {
    expect(requirementChangeFor(kind, granted)).toEqual(change)
  })

  it('cites the paragraph of the order’s kind', () => {
    expect(citationFor('early_revocation', 'community')).toBe('Sentencing Act 2020 Sch 10 para 14')
    expect(citationFor('early_revocation', 'suspended')).toBe('Sentencing Act 2020 Sch 16 para 22')
    expect(citationFor('amend', 'community')).toBe('Sentencing Act 2020 Sch 10 para 18')
  })

  it('property: nothing is decided before its hearing, and only a granted early revocation ends the requirement', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...APPLICATION_KINDS),
        fc.boolean(),
        fc.constantFrom('active', 'completed', 'revoked'),
        fc.integer({ min: -30, max: 30 }),
        (kind, granted, requirementStatus, offset) => {
          const today = new Date(Date.UTC(2028, 2, 14 + offset)).toISOString().slice(0, 10)
          const refusals = decideRefusals(facts({ kind, granted, requirementStatus, today }))
          if (offset < 0) expect(refusals.map(e => e.field)).toEqual(['applicationId'])
          const ends = requirementChangeFor(kind, granted) !== null
          expect(ends).toBe(kind === 'early_revocation' && granted)
          // Whatever may be recorded never ends a requirement that has already ended.
          if (!refusals.length && ends) expect(requirementStatus).toBe('active')
        },
      ),
    )
  })
})
