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
import { corruptFile, readDirNames, writeFileAtomic, type FileOptions } from './json-file.ts'
import { parseSequenceName, sequenceName } from './names.ts'
import { compareRecords, compareToPosition, isCanonicalTime, type Position } from './record-order.ts'

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
   * Stores a batch: checks every record, serialises each once, applies them (replacing by remoteId, appending
   * new ones to the newest chunk), then writes every chunk changed since its last successful write. A batch
   * that fails a check, does not serialise, or meets an unreadable chunk changes nothing. Call it under the
   * set's lock. The records are not kept: only their JSON is.
   */
  async commit(records: StoredRecord[]): Promise<void> {
    const tenant = this.tenant ?? records[0]?.tenant
    const model = this.model ?? records[0]?.model
    for (const r of records) this.#check(r, tenant, model)
    const json = records.map((r) => this.#serialise(r))
    const touched = new Set<Chunk>()
    let appends = false
    for (const r of records) {
      const at = this.#index.get(r.remoteId)
      if (at) touched.add(at.chunk)
      else appends = true
    }
    const newest = this.#chunks.at(-1)
    if (appends && newest && newest.entries.length < this.#chunkSize) touched.add(newest)
    const pinned: Chunk[] = []
    try {
      for (const chunk of touched) {
        const pieces = await chunk.load()
        this.#cache.pin(chunk, pieces)
        pinned.push(chunk)
      }
    } catch (err) {
      for (const chunk of pinned) this.#cache.release(chunk, true)
      throw err
    }
    this.tenant = tenant
    this.model = model
    records.forEach((r, i) => this.#apply(r, json[i]))
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

  #apply(r: StoredRecord, json: string): void {
    const existing = this.#index.get(r.remoteId)
    if (existing) {
      const chunk = existing.chunk
      chunk.pieces![existing.pos] = json
      existing.id = r.id
      existing.modifiedAt = r.modifiedAt
      existing.deleted = r.deletedAt !== null
      existing.seenBy = r.seenBy
      this.#dirty.add(chunk)
      this.#sorted = undefined
      return
    }
    let chunk = this.#chunks.at(-1)
    if (!chunk || chunk.entries.length >= this.#chunkSize) {
      const n = (chunk?.n ?? 0) + 1
      chunk = new Chunk(n, this.#file(n), [])
      this.#cache.pin(chunk, chunk.pieces!)
      this.#chunks.push(chunk)
    }
    const entry = entryOf(r, chunk, chunk.entries.length)
    chunk.entries.push(entry)
    chunk.pieces!.push(json)
    this.#index.set(r.remoteId, entry)
    this.#dirty.add(chunk)
    // Records arrive stamped with a later modifiedAt than anything stored, so the order usually just grows.
    const last = this.#sorted?.at(-1)
    if (this.#sorted && (!last || compareRecords(last, entry) < 0)) this.#sorted.push(entry)
    else this.#sorted = undefined
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
          await writeFileAtomic(chunk.file, chunk.text(), this.#files)
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
