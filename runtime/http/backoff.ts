/**
 * @module Exponential backoff with full jitter and a ceiling.
 */

/** Backoff settings in milliseconds. */
export interface BackoffOptions {
  initialDelayMs: number
  maxDelayMs: number
}

/**
 * Delay before retry number `retry` (1 for the first retry): uniform in [0, min(max, initial·2^(retry-1))).
 * Full jitter spreads clients that failed together, so they do not return together.
 * @example
 * backoffDelay(3, { initialDelayMs: 500, maxDelayMs: 60_000 }, () => 0.5) // 1000
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, retry - 1)
  // 2^exponent overflows to Infinity for large exponents, which the ceiling absorbs.
  const cap = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** exponent)
  return Math.floor(random() * cap)
}
