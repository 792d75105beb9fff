/**
 * @module Constant-time comparisons for signatures and tokens.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Compare two byte strings in time independent of where they differ. Unequal lengths are compared as
 * digests so that the length of the expected value does not leak either.
 */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  if (a.length === b.length) return timingSafeEqual(a, b)
  const da = createHash('sha256').update(a).digest()
  const db = createHash('sha256').update(b).digest()
  // Always false here, but computed like the equal-length case so both paths cost the same.
  return timingSafeEqual(da, db) && false
}
