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

/** Continuity over held hearings, as the 2011 evaluation counted it (and its 90% mark). */
export interface ContinuityCounts {
  /** Held hearings whose requirement had an earlier held hearing, both benches known. */
  eligible: number
  /** At least one member of the bench also sat at the person's previous held hearing. */
  partial: number
  /** The same bench as at the previous held hearing. */
  full: number
}

export function continuityCounts(
  pairs: Iterable<{ bench: readonly string[]; previousBench: readonly string[] | null }>,
): ContinuityCounts {
  const counts = { eligible: 0, partial: 0, full: 0 }
  for (const { bench, previousBench } of pairs) {
    if (!previousBench?.length || !bench.length) continue
    counts.eligible += 1
    const previous = new Set(previousBench)
    if (bench.some(m => previous.has(m))) counts.partial += 1
    if (bench.length === previous.size && bench.every(m => previous.has(m))) counts.full += 1
  }
  return counts
}
