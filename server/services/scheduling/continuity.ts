/**
 * Continuity of bench, measured as the Ministry of Justice's 2011 evaluation of the Dedicated
 * Drug Courts measured it: a review has continuity when at least one member of its bench also
 * sat at the person's previous review.
 */

export type Bench = readonly string[] | null | undefined

/** True or false when both benches are known; null when either is unknown or empty (not measured). */
export function hasContinuity(previousBench: Bench, bench: Bench): boolean | null {
  if (!previousBench?.length || !bench?.length) return null
  const previous = new Set(previousBench)
  return bench.some(member => previous.has(member))
}

/** A review's bench with the bench of the person's previous review, as an object or a pair. */
export type ContinuityPair = { previousBench: Bench; bench: Bench } | readonly [previousBench: Bench, bench: Bench]

export interface ContinuityRate {
  withContinuity: number
  /** Reviews where both benches were known; the others say nothing either way. */
  measured: number
  /** withContinuity / measured, or null when nothing could be measured. */
  rate: number | null
}

export function continuityRate(pairs: Iterable<ContinuityPair>): ContinuityRate {
  let withContinuity = 0
  let measured = 0
  for (const pair of pairs) {
    const [previousBench, bench] = 'bench' in pair ? [pair.previousBench, pair.bench] : pair
    const continuity = hasContinuity(previousBench, bench)
    if (continuity === null) continue
    measured += 1
    if (continuity) withContinuity += 1
  }
  return { withContinuity, measured, rate: measured === 0 ? null : withContinuity / measured }
}
