import { continuityCounts, hasContinuity } from '../../../../server/services/scheduling/continuity'

describe('hasContinuity', () => {
  it('when one member of the bench also sat at the previous review, then there is continuity', () => {
    expect(hasContinuity(['jp-1', 'jp-2', 'jp-3'], ['jp-4', 'jp-3', 'jp-5'])).toBe(true)
  })

  it('when the same district judge sits alone at both reviews, then there is continuity', () => {
    expect(hasContinuity(['dj-1'], ['dj-1'])).toBe(true)
  })

  it('when no member of the bench sat at the previous review, then there is no continuity', () => {
    expect(hasContinuity(['jp-1', 'jp-2', 'jp-3'], ['jp-4', 'jp-5', 'jp-6'])).toBe(false)
  })

  it.each([
    [null, ['jp-1']],
    [undefined, ['jp-1']],
    [[], ['jp-1']],
    [['jp-1'], null],
    [['jp-1'], undefined],
    [['jp-1'], []],
  ])('when either bench is unknown (%p, %p), then continuity is not measured', (previous, bench) => {
    expect(hasContinuity(previous, bench)).toBeNull()
  })
})

describe('continuityCounts', () => {
  it('when held hearings follow earlier ones, then partial counts a member in common and full the same bench', () => {
    expect(
      continuityCounts([
        { previousBench: ['jp-1', 'jp-2'], bench: ['jp-2', 'jp-3'] },
        { previousBench: ['jp-1'], bench: ['jp-4'] },
        { previousBench: ['dj-1'], bench: ['dj-1'] },
        { previousBench: ['jp-1', 'jp-2', 'jp-3'], bench: ['jp-3', 'jp-2', 'jp-1'] },
      ]),
    ).toEqual({ eligible: 4, partial: 3, full: 2 })
  })

  it('when a hearing was the first, or either bench is not known, then it is left out', () => {
    expect(
      continuityCounts([
        { previousBench: null, bench: ['jp-1'] },
        { previousBench: [], bench: ['jp-1'] },
        { previousBench: ['jp-1'], bench: [] },
        { previousBench: ['jp-1'], bench: ['jp-1'] },
      ]),
    ).toEqual({ eligible: 1, partial: 1, full: 1 })
  })

  it('when a bench is a subset or a superset of the one before, then it is partial, not full', () => {
    expect(continuityCounts([{ previousBench: ['jp-1'], bench: ['jp-1', 'jp-2'] }])).toEqual({
      eligible: 1,
      partial: 1,
      full: 0,
    })
    expect(continuityCounts([{ previousBench: ['jp-1', 'jp-2'], bench: ['jp-1'] }])).toEqual({
      eligible: 1,
      partial: 1,
      full: 0,
    })
  })
})
