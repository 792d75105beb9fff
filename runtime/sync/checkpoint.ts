/**
 * @module The resume point of a resource's pass, stored as `ResourceState.checkpoint` after every committed
 * batch: the next page to fetch (as the paginator's JSON page request), the parent being walked, the cursor
 * the pass started from and the largest cursor value committed so far.
 */
import type { Checkpoint, ResourceState } from '../store/types.ts'

/** Where a pass stands; the `page` member of a {@link Checkpoint}. */
export interface PassPosition {
  /**
   * The paginator's request for the next page; `'first'` to start (a child resource: the parent's) walk from
   * its first page; null once every page is stored (only deletion detection is left).
   */
  next: unknown | 'first' | null
  /** For a child resource: remote id of the parent whose pages are being walked. */
  parentId?: string
  /** The `{{ cursor }}` the pass started with, so a resumed pass reads the same window. */
  cursor?: string
  /** ISO time the pass began. */
  passStartedAt: string
}

/** How a pass begins: fresh, or from a checkpoint left by a run that stopped. */
export type PassStart =
  | { resumed: false }
  | { resumed: true; seenToken: string; full: boolean; position: PassPosition; cursorCandidate: string | null; pages: number }

function isPosition(page: unknown): page is PassPosition {
  return typeof page === 'object' && page !== null && 'next' in page && typeof (page as PassPosition).passStartedAt === 'string'
}

/**
 * Decide whether a resource resumes. A checkpoint is followed unless the caller asks for a full pass and the
 * stopped one was incremental (a full pass then starts over).
 * @example
 * const start = passStart(await store.getResourceState(connId, 'employees'), { full: false })
 */
export function passStart(state: ResourceState | undefined, options: { full: boolean }): PassStart {
  const cp = state?.checkpoint
  if (!cp || !isPosition(cp.page)) return { resumed: false }
  if (options.full && !cp.full) return { resumed: false }
  return { resumed: true, seenToken: cp.runId, full: cp.full, position: cp.page, cursorCandidate: cp.cursorCandidate ?? null, pages: cp.pages }
}

/**
 * The checkpoint to store with a committed batch.
 * @example
 * makeCheckpoint({ seenToken: runId, full: true, pages: 3, cursorCandidate: null, position })
 */
export function makeCheckpoint(p: { seenToken: string; full: boolean; pages: number; cursorCandidate: string | null; position: PassPosition }): Checkpoint {
  return { runId: p.seenToken, page: p.position, cursorCandidate: p.cursorCandidate, full: p.full, pages: p.pages }
}
