/**
 * @module Retry delays of outbound deliveries: exponential with "equal jitter" (half fixed, half random),
 * so each retry waits at least half its nominal delay — receivers that were down together do not all
 * come back at the same instant, and the wait still grows with every failure.
 */

export interface DeliveryBackoff {
  initialDelayMs: number
  maxDelayMs: number
}

/**
 * Delay before retry number `retry` (1 = first retry): in [d/2, d) with d = min(max, initial·2^(retry-1)).
 * @example
 * deliveryDelay(3, { initialDelayMs: 1000, maxDelayMs: 60_000 }, () => 0) // 2000
 */
export function deliveryDelay(retry: number, options: DeliveryBackoff, random: () => number = Math.random): number {
  const nominal = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, retry - 1))
  return Math.floor(nominal / 2 + random() * (nominal / 2))
}
