import fc from 'fast-check'
import {
  CLOSING_POWERS,
  COMMUNITY_POWERS,
  MAX_BREACH_FINE,
  SUSPENDED_POWERS,
  breachOutcomeRefusals,
  layRefusals,
  type BreachOutcomeFacts,
} from '../../../../server/services/enforcement/breachRules'

const decided = (over: Partial<BreachOutcomeFacts> = {}): BreachOutcomeFacts => ({
  proved: true,
  power: 'fine',
  fineAmount: 100,
  orderKind: 'community',
  hearingDate: '2028-03-14',
  today: '2028-03-14',
  ...over,
})
const fields = (f: BreachOutcomeFacts) => breachOutcomeRefusals(f).map(e => e.field)

describe('laying a breach before the review court (Sentencing Act 2020 Sch 10 para 1)', () => {
  it.each([
    ['in force, a failure yesterday', 'active', '2028-02-09', []],
    ['a failure on the day the order was made', 'active', '2028-01-05', []],
    ['a failure in the future', 'active', '2028-02-11', ['occurredOn']],
    ['a failure before the order', 'active', '2028-01-04', ['occurredOn']],
    ['an ended requirement', 'completed', '2028-02-09', ['requirementId']],
    ['a revoked requirement', 'revoked', '2028-02-09', ['requirementId']],
  ])('%s', (_name, requirementStatus, occurredOn, expected) => {
    const refusals = layRefusals({ requirementStatus, occurredOn, madeOn: '2028-01-05', today: '2028-02-10' })
    expect(refusals.map(e => e.field)).toEqual(expected)
  })
})

describe('the court’s decision on a breach', () => {
  it.each<[string, Partial<BreachOutcomeFacts>, string[]]>([
    ['community: a fine of £100', {}, []],
    ['community: a fine of £2,500', { fineAmount: MAX_BREACH_FINE }, []],
    ['community: a fine over £2,500', { fineAmount: MAX_BREACH_FINE + 1 }, ['fineAmount']],
    ['community: a fine of nothing', { fineAmount: 0 }, ['fineAmount']],
    ['community: a fine in pence', { fineAmount: 10.5 }, ['fineAmount']],
    ['community: a fine without an amount', { fineAmount: null }, ['fineAmount']],
    ['community: more onerous requirements', { power: 'amend_more_onerous', fineAmount: null }, []],
    ['community: revoked and re-sentenced', { power: 'revoke_resentence' }, []],
    ['community: activation is for a suspended sentence', { power: 'activate_in_full' }, ['power']],
    ['community: no power chosen', { power: null }, ['power']],
    ['suspended: activated in full', { orderKind: 'suspended', power: 'activate_in_full' }, []],
    ['suspended: a lesser term', { orderKind: 'suspended', power: 'activate_lesser_term' }, []],
    ['suspended: no order, activation unjust', { orderKind: 'suspended', power: 'no_order' }, []],
    [
      'suspended: re-sentencing is for a community order',
      { orderKind: 'suspended', power: 'revoke_resentence' },
      ['power'],
    ],
    ['not proved', { proved: false, power: null }, []],
    ['not proved, said so', { proved: false, power: 'not_proved' }, []],
    ['not proved, yet a power', { proved: false, power: 'fine' }, ['power']],
    ['before its hearing', { today: '2028-03-13' }, ['breachId']],
    ['no hearing listed', { hearingDate: null }, ['breachId']],
  ])('%s', (_name, over, expected) => {
    expect(fields(decided(over))).toEqual(expected)
  })

  it('cites the paragraph for the order’s kind', () => {
    expect(breachOutcomeRefusals(decided({ power: 'activate_in_full' }))[0].message).toContain('Sch 10 para 10(5)')
    expect(breachOutcomeRefusals(decided({ orderKind: 'suspended', power: 'revoke_resentence' }))[0].message).toContain(
      'Sch 16 para 13(1)',
    )
  })

  it('property: a proved breach is accepted exactly when the power is one of its order kind’s (fines within £1 to £2,500)', () => {
    const everyPower = [...new Set([...COMMUNITY_POWERS, ...SUSPENDED_POWERS])]
    fc.assert(
      fc.property(
        fc.constantFrom<'community' | 'suspended'>('community', 'suspended'),
        fc.constantFrom(...everyPower),
        fc.integer({ min: -10, max: 5000 }),
        (orderKind, power, fineAmount) => {
          const allowed = (orderKind === 'community' ? COMMUNITY_POWERS : SUSPENDED_POWERS) as readonly string[]
          const ok = allowed.includes(power) && (power !== 'fine' || (fineAmount >= 1 && fineAmount <= MAX_BREACH_FINE))
          expect(breachOutcomeRefusals(decided({ orderKind, power, fineAmount })).length === 0).toBe(ok)
        },
      ),
    )
  })

  it('only re-sentencing and activation end the requirement', () => {
    expect([...CLOSING_POWERS].sort()).toEqual(['activate_in_full', 'activate_lesser_term', 'revoke_resentence'])
  })
})
