import { Duration, type DurationLikeObject } from 'luxon'

/** The one source of "now": injected into services so rules and tests never read the system time directly. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = {
  now: () => new Date(),
}

export type ClockStep = number | Pick<DurationLikeObject, 'milliseconds' | 'seconds' | 'minutes' | 'hours' | 'days'>

function toDate(instant: string | Date): Date {
  const date = typeof instant === 'string' ? new Date(instant) : new Date(instant.getTime())
  if (Number.isNaN(date.getTime())) throw new Error(`FixedClock: not an instant: ${String(instant)}`)
  return date
}

/** A clock that only moves when told to, for tests and scripted demos. */
export class FixedClock implements Clock {
  private current: Date

  constructor(instant: string | Date) {
    this.current = toDate(instant)
  }

  // A copy, so a caller mutating the returned Date cannot move the clock.
  now(): Date {
    return new Date(this.current.getTime())
  }

  set(instant: string | Date): void {
    this.current = toDate(instant)
  }

  /**
   * Moves the clock forward in real (elapsed) time. Days are taken as 24 hours, so advancing
   * across a clock change moves the London wall clock by 23 or 25 hours' worth of local time.
   */
  advance(step: ClockStep): void {
    const ms = typeof step === 'number' ? step : Duration.fromObject(step).as('milliseconds')
    if (!Number.isFinite(ms)) throw new Error('FixedClock: advance needs a finite step')
    this.current = new Date(this.current.getTime() + ms)
  }
}
