/**
 * @module The records of one connection and resource, kept as many small chunk files so that a commit
 * rewrites only the chunks it touched, never the whole store. Memory holds an index entry per record; the
 * records themselves are read from their chunk (see chunk.ts and chunk-cache.ts).
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { MaestroError } from '../errors.ts'
import type { StoredRecord } from './types.ts'
import { Chunk, entryOf, readChunkFile, type Entry } from './chunk.ts'
import type { ChunkCache } from './chunk-cache.ts'
import { ChunkText } from './chunk-text.ts'
import { corruptFile, readDirNames, writeFileAtomic, type FileOptions } from './json-file.ts'
import { parseSequenceName, sequenceName } from './names.ts'
import { compareRecords, compareToPosition, isCanonicalTime, type Position } from './record-order.ts'

/** New records bound for one chunk (`undefined`: a new one), with their JSON as one array or one string each. */
interface Run {
  chunk: Chunk | undefined
  records: StoredRecord[]
  json: string | string[]
}

/** A batch's JSON: one string per update, in order, and its runs of new records. */
interface Serialised {
  updates: string[]
  runs: Run[]
}

/** One (connection, resource): chunk files `<dir>/000001.json`… of at most `chunkSize` records each. */
export class RecordSet {
  readonly connectionId: string
  readonly resource: string
  /** Every record of a set shares its connection's tenant and its resource's model. */
  tenant?: string
  model?: string
  #dir: string
  #chunkSize: number
  #files: FileOptions
  #cache: ChunkCache
  #chunks: Chunk[] = []
  #index = new Map<string, Entry>()
  /** Chunks changed in memory and not yet written successfully. */
  #dirty = new Set<Chunk>()
  /** Entries in (modifiedAt, id) order, built on the first listing after a change that is not an append. */
  #sorted?: Entry[]
  #dirReady = false

  constructor(dir: string, connectionId: string, resource: string, chunkSize: number, files: FileOptions, cache: ChunkCache) {
    this.#dir = dir
    this.connectionId = connectionId
    this.resource = resource
    this.#chunkSize = chunkSize
    this.#files = files
    this.#cache = cache
  }

  /** Reads every chunk file of the set once and builds the remoteId index; records are not kept. */
  async load(): Promise<void> {
    const names = await readDirNames(this.#dir)
    const numbers = names.map((n) => parseSequenceName(n, '.json')).filter((n): n is number => n !== undefined)
    // Records of one batch share their timestamps and run id: one string each instead of one per record.
    const shared = new Map<string, string>()
    const intern = (s: string | undefined) => (s === undefined ? s : shared.get(s) ?? (shared.set(s, s), s))
    for (const n of numbers.sort((a, b) => a - b)) {
      const chunk = new Chunk(n, this.#file(n))
      const records = await readChunkFile(chunk.file)
      records.forEach((r, pos) => {
        if (typeof r !== 'object' || r === null || typeof r.remoteId !== 'string' || typeof r.id !== 'string' || typeof r.modifiedAt !== 'string')
          throw corruptFile(chunk.file, `the record at position ${pos} lacks a string remoteId, id or modifiedAt`)
        if (this.#index.has(r.remoteId)) throw corruptFile(chunk.file, `record ${r.remoteId} also appears in another chunk`)
        const entry = entryOf(r, chunk, pos)
        entry.modifiedAt = intern(entry.modifiedAt)!
        entry.seenBy = intern(entry.seenBy)
        chunk.entries.push(entry)
        this.#index.set(r.remoteId, entry)
        this.tenant ??= r.tenant
        this.model ??= r.model
      })
      this.#chunks.push(chunk)
      if (shared.size > 10_000) shared.clear()
    }
    this.#dirReady = this.#chunks.length > 0
  }

  get size(): number {
    return this.#index.size
  }

  /** Every chunk, for forgetting them when the set goes. */
  get chunks(): readonly Chunk[] {
    return this.#chunks
  }

  entry(remoteId: string): Entry | undefined {
    return this.#index.get(remoteId)
  }

  /** Every entry, in chunk order. */
  entries(): IterableIterator<Entry> {
    return this.#index.values()
  }

  /**
   * Stores a batch: checks every record, serialises it once, applies it (replacing by remoteId, appending new
   * records to the newest chunk and then to new ones), then writes every chunk changed since its last successful
   * write. A batch that fails a check, does not serialise, or meets an unreadable chunk changes nothing. Call it
   * under the set's lock. The records are not kept: only their JSON is.
   */
  async commit(records: StoredRecord[]): Promise<void> {
    const tenant = this.tenant ?? records[0]?.tenant
    const model = this.model ?? records[0]?.model
    for (const r of records) this.#check(r, tenant, model)
    // A remote id met twice ends as its last version in the place of its first, as if applied one by one.
    const latest = new Map<string, StoredRecord>()
    for (const r of records) latest.set(r.remoteId, r)
    const updates: Array<{ entry: Entry; record: StoredRecord }> = []
    const adds: StoredRecord[] = []
    for (const record of latest.values()) {
      const entry = this.#index.get(record.remoteId)
      if (entry) updates.push({ entry, record })
      else adds.push(record)
    }
    const touched = new Set(updates.map((u) => u.entry.chunk))
    const newest = this.#chunks.at(-1)
    const room = newest && adds.length > 0 ? this.#chunkSize - newest.entries.length : 0
    if (room > 0) touched.add(newest!)
    const pinned: Chunk[] = []
    let batch: Serialised
    try {
      for (const chunk of touched) {
        this.#cache.pin(chunk, await chunk.load())
        pinned.push(chunk)
      }
      batch = this.#serialiseBatch(updates, adds, room > 0 ? newest : undefined, room)
    } catch (err) {
      // A chunk whose last write failed stays pinned: its text is the only copy of its records.
      for (const chunk of pinned) if (!this.#dirty.has(chunk)) this.#cache.release(chunk, true)
      throw err
    }
    this.tenant = tenant
    this.model = model
    updates.forEach((u, i) => this.#replace(u.entry, u.record, batch.updates[i]))
    for (const run of batch.runs) this.#append(run)
    try {
      await this.#writeDirty()
    } finally {
      for (const chunk of pinned) if (!this.#dirty.has(chunk)) this.#release(chunk)
    }
  }

  /** Up to `limit` entries strictly after `from`, in (modifiedAt, id) order. */
  after(from: Position | undefined, includeDeleted: boolean, limit: number): Entry[] {
    const sorted = (this.#sorted ??= [...this.#index.values()].sort(compareRecords))
    let lo = 0
    let hi = sorted.length
    if (from) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (compareToPosition(sorted[mid], from) <= 0) lo = mid + 1
        else hi = mid
      }
    }
    const out: Entry[] = []
    for (let i = lo; i < sorted.length && out.length < limit; i++) {
      if (includeDeleted || !sorted[i].deleted) out.push(sorted[i])
    }
    return out
  }

  /**
   * Everything a batch writes, serialised before anything changes. New records go in runs, one per chunk they
   * fill; a run becomes one JSON array unless its chunk is held one record per string (then one per record).
   */
  #serialiseBatch(updates: Array<{ entry: Entry; record: StoredRecord }>, adds: StoredRecord[], newest: Chunk | undefined, room: number): Serialised {
    const split = new Set(updates.map((u) => u.entry.chunk))
    const runs: Run[] = []
    let from = 0
    if (newest) {
      const records = adds.slice(0, room)
      const perRecord = newest.text!.split || split.has(newest)
      runs.push({ chunk: newest, records, json: perRecord ? records.map((r) => this.#serialise(r)) : this.#serialiseRun(records) })
      from = records.length
    }
    for (; from < adds.length; from += this.#chunkSize) {
      const records = adds.slice(from, from + this.#chunkSize)
      runs.push({ chunk: undefined, records, json: this.#serialiseRun(records) })
    }
    return { updates: updates.map((u) => this.#serialise(u.record)), runs }
  }

  #replace(entry: Entry, r: StoredRecord, json: string): void {
    entry.chunk.text!.pieces()[entry.pos] = json
    entry.id = r.id
    entry.modifiedAt = r.modifiedAt
    entry.deleted = r.deletedAt !== null
    entry.seenBy = r.seenBy
    this.#dirty.add(entry.chunk)
    this.#sorted = undefined
  }

  #append(run: Run): void {
    let chunk = run.chunk
    if (!chunk) {
      const n = (this.#chunks.at(-1)?.n ?? 0) + 1
      chunk = new Chunk(n, this.#file(n), ChunkText.empty())
      this.#cache.pin(chunk, chunk.text!)
      this.#chunks.push(chunk)
    }
    for (const r of run.records) {
      const entry = entryOf(r, chunk, chunk.entries.length)
      chunk.entries.push(entry)
      this.#index.set(r.remoteId, entry)
      // Records arrive stamped with a later modifiedAt than anything stored, so the order usually just grows.
      const last = this.#sorted?.at(-1)
      if (this.#sorted && (!last || compareRecords(last, entry) < 0)) this.#sorted.push(entry)
      else this.#sorted = undefined
    }
    if (typeof run.json === 'string') chunk.text!.appendArray(run.json)
    else chunk.text!.appendPieces(run.json)
    this.#dirty.add(chunk)
  }

  async #writeDirty(): Promise<void> {
    const chunks = [...this.#dirty]
    if (chunks.length === 0) return
    if (!this.#dirReady) {
      await mkdir(this.#dir, { recursive: true })
      this.#dirReady = true
    }
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          await writeFileAtomic(chunk.file, chunk.text!.file(), this.#files)
        } catch (err) {
          // Still dirty and pinned: the next commit of the set writes it again.
          throw new MaestroError('internal', `Could not write store file ${chunk.file}.`, { cause: err })
        }
        this.#dirty.delete(chunk)
        this.#release(chunk)
      }),
    )
  }

  /**
   * A written chunk that is full is not kept: a sync fills chunk after chunk and never comes back to them, and
   * holding them would only feed the garbage collector. The one still filling up takes the next appends.
   */
  #release(chunk: Chunk): void {
    this.#cache.release(chunk, chunk.entries.length < this.#chunkSize)
  }

  #serialise(r: StoredRecord): string {
    try {
      return JSON.stringify(r)
    } catch (err) {
      throw new MaestroError('internal', `Record ${r.remoteId} of ${this.connectionId}/${this.resource} cannot be stored as JSON.`, { cause: err })
    }
  }

  #serialiseRun(records: StoredRecord[]): string {
    try {
      return JSON.stringify(records)
    } catch (err) {
      // Name the record at fault; one by one is slower, but only on this path.
      for (const r of records) this.#serialise(r)
      throw err
    }
  }

  #check(r: StoredRecord, tenant: string | undefined, model: string | undefined): void {
    const where = `${this.connectionId}/${this.resource}`
    if (r.connectionId !== this.connectionId || r.resource !== this.resource)
      throw new MaestroError('internal', `Record ${r.remoteId} of ${r.connectionId}/${r.resource} committed to ${where}.`)
    if (r.tenant !== tenant || r.model !== model)
      throw new MaestroError('internal', `Record ${r.remoteId} has tenant ${r.tenant} and model ${r.model}; ${where} holds ${tenant} ${model}.`)
    if (typeof r.remoteId !== 'string' || r.remoteId === '') throw new MaestroError('internal', `A record committed to ${where} has no remoteId.`)
    if (typeof r.id !== 'string' || r.id === '') throw new MaestroError('internal', `Record ${r.remoteId} of ${where} has no id.`)
    // Paging compares modifiedAt as strings, which is time order only in this one canonical form.
    if (!isCanonicalTime(r.modifiedAt))
      throw new MaestroError('internal', `Record ${r.remoteId} of ${where} has modifiedAt ${JSON.stringify(r.modifiedAt)}; expected Date#toISOString() form.`)
  }

  #file(n: number): string {
    return join(this.#dir, sequenceName(n, '.json'))
  }
}
