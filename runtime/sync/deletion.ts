/**
 * @module Deletion detection. `full_refresh`: at the end of a complete full pass, live records the pass did
 * not see are marked deleted. `field`: a record whose `deletion.when` holds is marked deleted when met.
 * Deleted records are marked (`deletedAt`, `lastAction: 'deleted'`), never removed.
 *
 * A pass sees a record either by writing it (its `seenBy` is then the pass id) or by finding it unchanged,
 * which writes nothing; those remote ids are kept in memory for the pass. A pass resumed after its process
 * stopped lost that memory, so it does not infer deletions; the next full pass does.
 */
import type { ResourceSpec } from '../manifest/schema/index.ts'
import type { Store, StoredRecord } from '../store/types.ts'
import { tombstone } from './apply.ts'

/** The deletion strategy of a resource (`none` when it declares none). */
export function deletionStrategy(spec: ResourceSpec): 'full_refresh' | 'field' | 'none' {
  return spec.deletion?.strategy ?? 'none'
}

/** What a complete full pass knows about what it saw. */
export interface PassInfo {
  connectionId: string
  resource: string
  /** The pass id, written as `seenBy` on every record the pass added or updated. */
  seenToken: string
  /** Remote ids the pass met without writing them (unchanged, older, invalid). */
  seen: ReadonlySet<string>
  /** Records first stored after the pass began (by a webhook) were never expected to be seen by it. */
  passStartedAt: string
}

/**
 * The tombstones of the live records a complete full pass did not see.
 * @example
 * const gone = await unseenTombstones(store, { connectionId, resource: 'employees', seenToken: runId, seen, passStartedAt }, now)
 */
export async function unseenTombstones(store: Store, pass: PassInfo, now: string): Promise<StoredRecord[]> {
  const unseen = await store.unseenRecords(pass.connectionId, pass.resource, pass.seenToken)
  const out: StoredRecord[] = []
  for (const r of unseen) {
    if (r.deletedAt !== null || pass.seen.has(r.remoteId) || r.firstSeenAt >= pass.passStartedAt) continue
    out.push(tombstone(r, now))
  }
  return out
}
