/**
 * @module The simulator clock: every upstream change gets a strictly later, whole-second time.
 */

/** Hands out change timestamps. */
export interface Clock {
  /** Current time (ms) as the simulator sees it. */
  now(): number
  /** A whole-second timestamp strictly later than every one handed out or registered before. */
  tick(): number
  /** Register an existing timestamp (e.g. seeded `updated_at`) so later ticks come after it. */
  observe(ms: number): void
}

/**
 * Providers serialize timestamps to the second, so two changes in the same second would be
 * indistinguishable to an `updated_since` cursor; ticks therefore advance by at least 1 s. They
 * round up, so a change made after a caller read the wall clock is never stamped before that read.
 * @example
 * const clock = createClock(Date.now); new Date(clock.tick()).toISOString()
 */
export function createClock(now: () => number = Date.now): Clock {
  let last = 0
  return {
    now,
    tick() {
      const t = Math.max(Math.ceil(now() / 1000) * 1000, last + 1000)
      last = t
      return t
    },
    observe(ms) {
      last = Math.max(last, Math.floor(ms / 1000) * 1000)
    },
  }
}

/** `2024-10-25T17:01:08Z` — ISO 8601 UTC without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `2024-10-25` */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Whole days in ms, for date arithmetic in seeders. */
export const DAY_MS = 86_400_000
