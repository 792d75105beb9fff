/**
 * @module The parent records a child resource walks once each: the parent resource's live stored records,
 * in remote-id order so that a resumed pass can find where it stopped.
 */
import type { Store } from '../store/types.ts'

/** One parent: its remote id and the raw provider record bound as `parent`. */
export interface ParentRecord {
  remoteId: string
  raw: unknown
}

/**
 * Every live record of the parent resource, sorted by remote id.
 * @example
 * const companies = await listParents(store, 'con_1', 'companies')
 */
export async function listParents(store: Store, connectionId: string, resource: string): Promise<ParentRecord[]> {
  const out: ParentRecord[] = []
  let cursor: string | undefined
  do {
    const page = await store.listRecords({ connectionId, resource, includeDeleted: false, pageSize: 1000, ...(cursor ? { cursor } : {}) })
    for (const r of page.items) out.push({ remoteId: r.remoteId, raw: r.remoteData ?? {} })
    cursor = page.next
  } while (cursor)
  return out.sort((a, b) => (a.remoteId < b.remoteId ? -1 : a.remoteId > b.remoteId ? 1 : 0))
}
