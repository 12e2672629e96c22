import { continuityRate, hasContinuity } from '../../../../server/services/scheduling/continuity'

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

describe('continuityRate', () => {
  it('when some reviews kept a bench member, then the rate is those over the reviews measured', () => {
    const rate = continuityRate([
      { previousBench: ['jp-1', 'jp-2'], bench: ['jp-2', 'jp-3'] },
      { previousBench: ['jp-1'], bench: ['jp-4'] },
      { previousBench: ['dj-1'], bench: ['dj-1'] },
      { previousBench: ['jp-5'], bench: ['jp-6'] },
    ])

    expect(rate).toEqual({ withContinuity: 2, measured: 4, rate: 0.5 })
  })

  it('when a review has no previous bench (a first review, or after a paper review), then it is left out of the rate', () => {
    const rate = continuityRate([
      { previousBench: null, bench: ['jp-1'] },
      { previousBench: ['jp-1'], bench: ['jp-1'] },
      { previousBench: ['jp-1'], bench: [] },
    ])

    expect(rate).toEqual({ withContinuity: 1, measured: 1, rate: 1 })
  })

  it('when pairs are given as [previous bench, bench] tuples, then they count the same way', () => {
    expect(
      continuityRate([
        [['jp-1'], ['jp-1']],
        [['jp-1'], ['jp-2']],
        [undefined, ['jp-2']],
      ]),
    ).toEqual({ withContinuity: 1, measured: 2, rate: 0.5 })
  })

  it('when nothing could be measured, then the rate is null rather than 0', () => {
    expect(continuityRate([])).toEqual({ withContinuity: 0, measured: 0, rate: null })
    expect(continuityRate([{ previousBench: [], bench: ['jp-1'] }])).toEqual({
      withContinuity: 0,
      measured: 0,
      rate: null,
    })
  })

  it('when given a generator, then it reads it once without needing an array', () => {
    function* pairs() {
      yield { previousBench: ['jp-1'], bench: ['jp-1'] }
      yield { previousBench: ['jp-1'], bench: ['jp-9'] }
      yield { previousBench: ['jp-2'], bench: ['jp-2'] }
    }

    expect(continuityRate(pairs()).rate).toBeCloseTo(2 / 3)
  })
})
