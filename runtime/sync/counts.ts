/**
 * @module Run bookkeeping: empty counters, adding them up, and a fresh per-resource run record.
 */
import type { ResourceRun, RunCounts } from '../store/types.ts'

/** All-zero counters. */
export function zeroCounts(): RunCounts {
  return { fetched: 0, added: 0, updated: 0, unchanged: 0, deleted: 0, invalid: 0 }
}

/** Add `b` into `a` (in place) and return `a`. */
export function addCounts(a: RunCounts, b: Partial<RunCounts>): RunCounts {
  for (const k of Object.keys(a) as Array<keyof RunCounts>) a[k] += b[k] ?? 0
  return a
}

/** A resource that has not started yet. */
export function pendingResourceRun(): ResourceRun {
  return { status: 'pending', counts: zeroCounts(), pages: 0, retries: 0, rateLimitWaits: 0, full: false, errors: [] }
}
