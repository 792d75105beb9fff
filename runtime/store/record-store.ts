/**
 * @module Every record of a lowdb store: one {@link RecordSet} per connection and resource under
 * `records/<connectionId>/<resource>/`, with the queries the REST API and the sync engine need.
 */
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { MaestroError } from '../errors.ts'
import type { CommitBatch, Page, RecordQuery, StoredRecord } from './types.ts'
import type { FileOptions } from './json-file.ts'
import { Mutex } from './mutex.ts'
import { decodeCursor, decodeSegment, encodeCursor, encodeSegment, pageSize } from './names.ts'
import { compareRecords, RecordSet, type Position } from './record-set.ts'

const DEFAULT_PAGE = 100
const MAX_PAGE = 1000

/** Records of one store, all held in memory (lowdb's model), persisted chunk by chunk. */
export class RecordStore {
  #root: string
  #chunkSize: number
  #files: FileOptions
  #sets = new Map<string, RecordSet>()
  #locks = new Map<string, Mutex>()

  constructor(root: string, chunkSize: number, files: FileOptions) {
    this.#root = root
    this.#chunkSize = chunkSize
    this.#files = files
  }

  /** Scans `records/` and loads every chunk. */
  async load(): Promise<void> {
    for (const connDir of await listDirs(this.#root)) {
      for (const resDir of await listDirs(join(this.#root, connDir))) {
        const set = this.#newSet(decodeSegment(connDir), decodeSegment(resDir))
        await set.load()
        this.#sets.set(key(set.connectionId, set.resource), set)
      }
    }
  }

  /** Current copies of the records with these remote ids; absent ids are simply missing from the map. */
  get(connectionId: string, resource: string, remoteIds: string[]): Map<string, StoredRecord> {
    const set = this.#sets.get(key(connectionId, resource))
    const out = new Map<string, StoredRecord>()
    if (!set) return out
    for (const id of remoteIds) {
      const r = set.get(id)
      if (r) out.set(id, structuredClone(r))
    }
    return out
  }

  /**
   * Applies a batch in memory, writes the chunks it touched, then runs `afterRecords` (which persists
   * the state). Commits of one connection and resource run one at a time.
   */
  commit(batch: CommitBatch, afterRecords: () => Promise<void>): Promise<void> {
    const k = key(batch.connectionId, batch.resource)
    let lock = this.#locks.get(k)
    if (!lock) this.#locks.set(k, (lock = new Mutex()))
    return lock.run(async () => {
      let set = this.#sets.get(k)
      if (!set) this.#sets.set(k, (set = this.#newSet(batch.connectionId, batch.resource)))
      set.upsert(structuredClone(batch.records))
      await set.writeDirty()
      await afterRecords()
    })
  }

  /** Live records of a resource whose `seenBy` differs from `runId`. */
  unseen(connectionId: string, resource: string, runId: string): StoredRecord[] {
    const set = this.#sets.get(key(connectionId, resource))
    if (!set) return []
    const out: StoredRecord[] = []
    for (const r of set.all()) if (r.deletedAt === null && r.seenBy !== runId) out.push(structuredClone(r))
    return out
  }

  /** One page in (modifiedAt, id) order; the cursor is the last position returned. */
  list(query: RecordQuery): Page<StoredRecord> {
    const size = pageSize(query.pageSize, DEFAULT_PAGE, MAX_PAGE)
    const from = later(modifiedAfter(query.modifiedAfter), query.cursor === undefined ? undefined : fromCursor(query.cursor))
    const candidates: StoredRecord[] = []
    // Each set contributes at most size + 1, so the merged list tells whether another page exists.
    for (const set of this.#matching(query)) candidates.push(...set.after(from, query.includeDeleted ?? false, size + 1))
    candidates.sort(compareRecords)
    const items = candidates.slice(0, size)
    const last = items.at(-1)
    return {
      items: items.map((r) => structuredClone(r)),
      ...(candidates.length > size && last ? { next: encodeCursor([last.modifiedAt, last.id]) } : {}),
    }
  }

  /** Record counts per model for the records matching the query. */
  count(query: Omit<RecordQuery, 'cursor' | 'pageSize'>): Record<string, number> {
    const after = modifiedAfter(query.modifiedAfter)
    const counts: Record<string, number> = {}
    for (const set of this.#matching(query)) {
      for (const r of set.all()) {
        if (!query.includeDeleted && r.deletedAt !== null) continue
        if (after && r.modifiedAt <= after.at) continue
        counts[r.model] = (counts[r.model] ?? 0) + 1
      }
    }
    return counts
  }

  /** Drops every record of a connection, in memory and on disk. */
  async deleteConnection(connectionId: string): Promise<void> {
    for (const [k, set] of this.#sets) {
      if (set.connectionId !== connectionId) continue
      this.#sets.delete(k)
      // Behind the set's lock, so a commit already under way finishes before its files go.
      await (this.#locks.get(k)?.run(() => set.flush()) ?? set.flush())
    }
    await rm(join(this.#root, encodeSegment(connectionId)), { recursive: true, force: true })
  }

  /** Waits for every queued chunk write. */
  async flush(): Promise<void> {
    await Promise.all([...this.#sets.values()].map((s) => s.flush()))
  }

  #matching(q: Omit<RecordQuery, 'cursor' | 'pageSize'>): RecordSet[] {
    return [...this.#sets.values()].filter(
      (s) =>
        s.size > 0 &&
        (q.connectionId === undefined || s.connectionId === q.connectionId) &&
        (q.resource === undefined || s.resource === q.resource) &&
        (q.tenant === undefined || s.tenant === q.tenant) &&
        (q.model === undefined || s.model === q.model),
    )
  }

  #newSet(connectionId: string, resource: string): RecordSet {
    const dir = join(this.#root, encodeSegment(connectionId), encodeSegment(resource))
    return new RecordSet(dir, connectionId, resource, this.#chunkSize, this.#files)
  }
}

function key(connectionId: string, resource: string): string {
  return `${connectionId}\u0000${resource}`
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}

function fromCursor(cursor: string): Position {
  const [at, id] = decodeCursor(cursor, 'ss') as [string, string]
  return { at, id }
}

/** `modifiedAfter` in the canonical `toISOString()` form records use, so string order is time order. */
function modifiedAfter(value: string | undefined): Position | undefined {
  if (value === undefined) return undefined
  const time = Date.parse(value)
  if (Number.isNaN(time))
    throw new MaestroError('invalid_request', `modified_after ${JSON.stringify(value)} is not a date-time.`, { hint: 'Use an ISO 8601 date-time such as 2024-05-01T00:00:00Z.' })
  return { at: new Date(time).toISOString(), id: null }
}

function later(a: Position | undefined, b: Position | undefined): Position | undefined {
  if (!a || !b) return a ?? b
  if (a.at !== b.at) return a.at > b.at ? a : b
  return a.id === null ? a : b.id === null ? b : a.id > b.id ? a : b
}
