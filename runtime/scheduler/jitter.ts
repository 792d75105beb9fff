/**
 * @module Deterministic per-connection jitter: the same connection always fires at the same offset after
 * its cron time, different connections spread out, and the offset never exceeds its bound.
 */
import { createHash } from 'node:crypto'

/**
 * Offset in [0, maxMs) derived from the connection id (0 when maxMs ≤ 0).
 * @example
 * jitterFor('con_1', 60_000) === jitterFor('con_1', 60_000) // true
 */
export function jitterFor(connectionId: string, maxMs: number): number {
  if (!(maxMs > 0)) return 0
  const n = createHash('sha256').update(connectionId).digest().readUInt32BE(0)
  return Math.floor((n / 0x1_0000_0000) * maxMs)
}

/**
 * The bound for a schedule: `maxMs`, but at most a tenth of the gap between two fire times, so the jittered
 * run still happens well before the next one is due.
 */
export function jitterBound(maxMs: number, gapMs: number): number {
  if (!(gapMs > 0)) return 0
  return Math.max(0, Math.min(maxMs, Math.floor(gapMs / 10)))
}
