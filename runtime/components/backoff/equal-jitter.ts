/**
 * @module Equal jitter: half the nominal delay fixed, half random, so each retry waits at least half its
 * nominal delay and the wait still grows with every failure; used for deliveries and webhook processing,
 * where the other side being down for a while is the common case.
 */
import { nominalDelay } from './full-jitter.ts'
import type { BackoffOptions } from './types.ts'

/**
 * Delay before retry number `retry` (1 = first retry): in [d/2, d) with d = min(max, initial·2^(retry-1)).
 * @example
 * equalJitter(3, { initialDelayMs: 1000, maxDelayMs: 60_000 }, () => 0) // 2000
 */
export function equalJitter(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const nominal = nominalDelay(retry, options)
  return Math.floor(nominal / 2 + random() * (nominal / 2))
}
