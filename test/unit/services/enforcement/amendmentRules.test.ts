import fc from 'fast-check'
import {
  AMEND_CONSENT,
  CROWN_COURT,
  MAX_MONTHS,
  amendmentRefusals,
  changesOf,
  type AmendmentFacts,
} from '../../../../server/services/enforcement/amendmentRules'

const facts = (over: Partial<AmendmentFacts> = {}, asked: AmendmentFacts['asked'] = { months: 8 }): AmendmentFacts => ({
  requirementStatus: 'active',
  consent: true,
  startsOn: '2028-01-05',
  today: '2028-02-10',
  current: {
    months: 6,
    reviewIntervalMonths: 1,
    providerOrganisationId: 'prov-1',
    residential: false,
    courtId: 'court-1',
  },
  asked,
  court: null,
  provider: null,
  ...over,
})
const fields = (f: AmendmentFacts) => amendmentRefusals(f).map(e => e.field)

describe('a structured amendment of a DRR (Sentencing Act 2020 Sch 9 paras 21-22)', () => {
  it.each<[string, Partial<AmendmentFacts>, AmendmentFacts['asked'], string[]]>([
    ['longer, with consent', {}, { months: 8 }, []],
    ['without consent', { consent: false }, { months: 8 }, ['consent']],
    ['an ended requirement', { requirementStatus: 'completed' }, { months: 8 }, ['requirementId']],
    ['nothing different', {}, { months: 6, reviewIntervalMonths: 1 }, ['body']],
    ['nothing asked', {}, {}, ['body']],
    ['a length already over', {}, { months: 1 }, ['months']],
    ['longer than three years', {}, { months: MAX_MONTHS + 1 }, ['months']],
    ['part of a month', {}, { months: 6.5 }, ['months']],
    ['reviews every two months', {}, { reviewIntervalMonths: 2 }, []],
    ['reviews less than a month apart', {}, { reviewIntervalMonths: 0 }, ['reviewIntervalMonths']],
    ['another treatment provider', { provider: { kind: 'provider' } }, { providerOrganisationId: 'prov-2' }, []],
    [
      'a probation service as provider',
      { provider: { kind: 'probation' } },
      { providerOrganisationId: 'prob-1' },
      ['providerOrganisationId'],
    ],
    ['an unknown provider', {}, { providerOrganisationId: 'nobody' }, ['providerOrganisationId']],
    ['residential treatment', {}, { residential: true }, []],
    ['to another magistrates’ court', { court: { kind: 'magistrates' } }, { responsibleCourtId: 'court-2' }, []],
    ['to the Crown Court', { court: { kind: 'crown' } }, { responsibleCourtId: 'court-3' }, ['responsibleCourtId']],
    ['to an unknown court', {}, { responsibleCourtId: 'nowhere' }, ['responsibleCourtId']],
  ])('%s', (_name, over, asked, expected) => {
    expect(fields(facts(over, asked))).toEqual(expected)
  })

  it('cites the law where the law decides', () => {
    expect(amendmentRefusals(facts({ consent: false }))[0].message).toBe(AMEND_CONSENT)
    expect(AMEND_CONSENT).toContain('Sch 9 para 22(3)(a)')
    expect(CROWN_COURT).toContain('Sch 9 para 21(5)')
    expect(amendmentRefusals(facts({}, { reviewIntervalMonths: 0 }))[0].message).toContain('Sch 9 para 21(2)(a)')
  })

  it('records only what differs, old → new', () => {
    expect(
      changesOf(facts({}, { months: 6, reviewIntervalMonths: 2, residential: false, responsibleCourtId: 'court-2' })),
    ).toEqual({
      reviewIntervalMonths: { from: 1, to: 2 },
      responsibleCourtId: { from: 'court-1', to: 'court-2' },
    })
  })

  it('property: with consent, an active requirement and a lawful interval, a change of interval is always allowed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), interval => {
        expect(fields(facts({}, { reviewIntervalMonths: interval }))).toEqual([])
      }),
    )
  })
})
