/**
 * @module Full jitter: uniform in [0, d) with d = min(max, initial·2^(retry-1)). It spreads clients that failed
 * together the most, so they do not come back together; used for requests to providers.
 */
import type { BackoffOptions } from './types.ts'

/**
 * Delay before retry number `retry` (1 for the first retry).
 * @example
 * fullJitter(3, { initialDelayMs: 500, maxDelayMs: 60_000 }, () => 0.5) // 1000
 */
export function fullJitter(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  return Math.floor(random() * nominalDelay(retry, options))
}

/** The un-jittered delay: doubling from `initialDelayMs`, capped at `maxDelayMs`. */
export function nominalDelay(retry: number, options: BackoffOptions): number {
  // 2^exponent overflows to Infinity for large exponents, which the ceiling absorbs.
  return Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, retry - 1))
}
