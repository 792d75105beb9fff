/**
 * @module Every record of a lowdb store: one {@link RecordSet} per connection and resource under
 * `records/<connectionId>/<resource>/`, with the queries the REST API and the sync engine need.
 */
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { MaestroError } from '../errors.ts'
import type { CommitBatch, Page, RecordQuery, StoredRecord } from './types.ts'
import type { Entry } from './chunk.ts'
import { ChunkCache, readEntries } from './chunk-cache.ts'
import type { FileOptions } from './json-file.ts'
import { Mutex } from './mutex.ts'
import { decodeCursor, decodeSegment, encodeCursor, encodeSegment, pageSize } from './names.ts'
import { compareRecords, type Position } from './record-order.ts'
import { RecordSet } from './record-set.ts'

const DEFAULT_PAGE = 100
const MAX_PAGE = 1000

/**
 * Records of one store, persisted chunk by chunk. Memory holds an index entry per record and the JSON of at
 * most `cachedChunks` recently used chunks (plus those a commit is writing), so it grows slowly with the
 * record count; reads parse records from that JSON or from the chunk files.
 */
export class RecordStore {
  #root: string
  #chunkSize: number
  #files: FileOptions
  #cache: ChunkCache
  #sets = new Map<string, RecordSet>()
  #locks = new Map<string, Mutex>()

  constructor(root: string, chunkSize: number, files: FileOptions, cachedChunks: number) {
    this.#root = root
    this.#chunkSize = chunkSize
    this.#files = files
    this.#cache = new ChunkCache(cachedChunks)
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

  /** Copies of the records with these remote ids; absent ids are simply missing from the map. */
  async get(connectionId: string, resource: string, remoteIds: string[]): Promise<Map<string, StoredRecord>> {
    const set = this.#sets.get(key(connectionId, resource))
    const out = new Map<string, StoredRecord>()
    if (!set) return out
    const found: Entry[] = []
    for (const id of remoteIds) {
      const e = set.entry(id)
      if (e) found.push(e)
    }
    const records = await readEntries(found, this.#cache)
    found.forEach((e, i) => {
      const r = records[i]
      if (r) out.set(e.remoteId, r)
    })
    return out
  }

  /**
   * Writes a batch's records to the chunks they belong to, then runs `afterRecords` (which persists the
   * state). Commits of one connection and resource run one at a time. The batch's objects are not kept.
   */
  commit(batch: CommitBatch, afterRecords: () => Promise<void>): Promise<void> {
    const k = key(batch.connectionId, batch.resource)
    let lock = this.#locks.get(k)
    if (!lock) this.#locks.set(k, (lock = new Mutex()))
    return lock.run(async () => {
      let set = this.#sets.get(k)
      if (!set) this.#sets.set(k, (set = this.#newSet(batch.connectionId, batch.resource)))
      await set.commit(batch.records)
      await afterRecords()
    })
  }

  /** Live records of a resource whose `seenBy` differs from `runId`. */
  async unseen(connectionId: string, resource: string, runId: string): Promise<StoredRecord[]> {
    const set = this.#sets.get(key(connectionId, resource))
    if (!set) return []
    const found: Entry[] = []
    for (const e of set.entries()) if (!e.deleted && e.seenBy !== runId) found.push(e)
    // Possibly every chunk of the set: read them without pushing the recently used ones out of the cache.
    return (await readEntries(found, undefined)).filter((r) => r !== undefined)
  }

  /** One page in (modifiedAt, id) order; the cursor is the last position returned. */
  async list(query: RecordQuery): Promise<Page<StoredRecord>> {
    const size = pageSize(query.pageSize, DEFAULT_PAGE, MAX_PAGE)
    const from = later(modifiedAfter(query.modifiedAfter), query.cursor === undefined ? undefined : fromCursor(query.cursor))
    const candidates: Entry[] = []
    // Each set contributes at most size + 1, so the merged list tells whether another page exists.
    for (const set of this.#matching(query)) candidates.push(...set.after(from, query.includeDeleted ?? false, size + 1))
    candidates.sort(compareRecords)
    const items = candidates.slice(0, size)
    const last = items.at(-1)
    // Taken before reading: a commit during the read may change an entry's modifiedAt, not where this page ends.
    const next = candidates.length > size && last ? encodeCursor([last.modifiedAt, last.id]) : undefined
    const records = (await readEntries(items, this.#cache)).filter((r) => r !== undefined)
    return { items: records, ...(next ? { next } : {}) }
  }

  /** Record counts per model for the records matching the query. */
  count(query: Omit<RecordQuery, 'cursor' | 'pageSize'>): Record<string, number> {
    const after = modifiedAfter(query.modifiedAfter)
    const counts: Record<string, number> = {}
    for (const set of this.#matching(query)) {
      let n = 0
      for (const e of set.entries()) {
        if (!query.includeDeleted && e.deleted) continue
        if (after && e.modifiedAt <= after.at) continue
        n++
      }
      if (n > 0) counts[set.model!] = (counts[set.model!] ?? 0) + n
    }
    return counts
  }

  /** Drops every record of a connection, in memory and on disk. */
  async deleteConnection(connectionId: string): Promise<void> {
    for (const [k, set] of this.#sets) {
      if (set.connectionId !== connectionId) continue
      this.#sets.delete(k)
      // Behind the set's lock, so a commit already under way finishes before its files go.
      await this.#locks.get(k)?.run(() => undefined)
      this.#cache.forget(set.chunks)
    }
    await rm(join(this.#root, encodeSegment(connectionId)), { recursive: true, force: true })
  }

  /** Waits for every commit under way (chunk writes happen inside commits). */
  async flush(): Promise<void> {
    await Promise.all([...this.#locks.values()].map((lock) => lock.run(() => undefined)))
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
    return new RecordSet(dir, connectionId, resource, this.#chunkSize, this.#files, this.#cache)
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
