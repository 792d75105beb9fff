/**
 * @module The records of one connection and resource, kept as many small lowdb chunk files so that a
 * commit rewrites only the chunks it touched, never the whole store.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Low } from 'lowdb'
import { MaestroError } from '../errors.ts'
import type { StoredRecord } from './types.ts'
import { CompactJsonFile, corruptFile, readDirNames, type FileOptions, type ShapeCheck } from './json-file.ts'
import { parseSequenceName, sequenceName } from './names.ts'

interface ChunkDoc {
  records: StoredRecord[]
}

interface Chunk {
  n: number
  db: Low<ChunkDoc>
  adapter: CompactJsonFile<ChunkDoc>
}

/** A position in (modifiedAt, id) order; `id: null` means after every id at that instant. */
export interface Position {
  at: string
  id: string | null
}

const isChunk: ShapeCheck = (v) =>
  typeof v === 'object' && v !== null && Array.isArray((v as ChunkDoc).records) ? undefined : 'expected { "records": [...] }'

/** Orders a record against a position: negative before, positive after. */
export function compareToPosition(r: StoredRecord, p: Position): number {
  if (r.modifiedAt !== p.at) return r.modifiedAt < p.at ? -1 : 1
  if (p.id === null) return -1
  return r.id === p.id ? 0 : r.id < p.id ? -1 : 1
}

function isCanonicalTime(value: unknown): boolean {
  if (typeof value !== 'string') return false
  const time = Date.parse(value)
  return !Number.isNaN(time) && new Date(time).toISOString() === value
}

/** (modifiedAt, id) ascending. */
export function compareRecords(a: StoredRecord, b: StoredRecord): number {
  return compareToPosition(a, { at: b.modifiedAt, id: b.id })
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
  #chunks: Chunk[] = []
  #index = new Map<string, { chunk: Chunk; pos: number }>()
  /** Chunks changed in memory and not yet written successfully. */
  #dirty = new Set<Chunk>()
  #sorted?: StoredRecord[]

  constructor(dir: string, connectionId: string, resource: string, chunkSize: number, files: FileOptions) {
    this.#dir = dir
    this.connectionId = connectionId
    this.resource = resource
    this.#chunkSize = chunkSize
    this.#files = files
  }

  /** Reads every chunk file of the set and builds the remoteId index. */
  async load(): Promise<void> {
    const names = await readDirNames(this.#dir)
    const numbers = names.map((n) => parseSequenceName(n, '.json')).filter((n): n is number => n !== undefined)
    for (const n of numbers.sort((a, b) => a - b)) {
      const chunk = this.#chunk(n)
      await chunk.db.read()
      this.#chunks.push(chunk)
      chunk.db.data.records.forEach((r, pos) => {
        if (this.#index.has(r.remoteId)) throw corruptFile(chunk.adapter.file, `record ${r.remoteId} also appears in another chunk`)
        this.#index.set(r.remoteId, { chunk, pos })
        this.tenant ??= r.tenant
        this.model ??= r.model
      })
    }
  }

  get size(): number {
    return this.#index.size
  }

  get(remoteId: string): StoredRecord | undefined {
    const at = this.#index.get(remoteId)
    return at?.chunk.db.data.records[at.pos]
  }

  /** Every record, in chunk order. */
  *all(): Generator<StoredRecord> {
    for (const chunk of this.#chunks) yield* chunk.db.data.records
  }

  /** Applies records in memory (replacing by remoteId, appending new ones to the newest chunk). */
  upsert(records: StoredRecord[]): void {
    const tenant = this.tenant ?? records[0]?.tenant
    const model = this.model ?? records[0]?.model
    for (const r of records) this.#check(r, tenant, model)
    this.tenant = tenant
    this.model = model
    for (const r of records) {
      const at = this.#index.get(r.remoteId)
      if (at) {
        at.chunk.db.data.records[at.pos] = r
        this.#dirty.add(at.chunk)
        continue
      }
      let last = this.#chunks.at(-1)
      if (!last || last.db.data.records.length >= this.#chunkSize) {
        last = this.#chunk((last?.n ?? 0) + 1)
        this.#chunks.push(last)
      }
      this.#index.set(r.remoteId, { chunk: last, pos: last.db.data.records.push(r) - 1 })
      this.#dirty.add(last)
    }
    if (records.length > 0) this.#sorted = undefined
  }

  /** Writes every chunk changed since its last successful write; resolves when all are on disk. */
  async writeDirty(): Promise<void> {
    const chunks = [...this.#dirty]
    if (chunks.length === 0) return
    await mkdir(this.#dir, { recursive: true })
    await Promise.all(
      chunks.map(async (chunk) => {
        // Cleared before the write: a change arriving during it marks the chunk dirty again.
        this.#dirty.delete(chunk)
        try {
          await chunk.db.write()
        } catch (err) {
          this.#dirty.add(chunk)
          throw new MaestroError('internal', `Could not write store file ${chunk.adapter.file}.`, { cause: err })
        }
      }),
    )
  }

  /** Waits for queued chunk writes. */
  async flush(): Promise<void> {
    await Promise.all(this.#chunks.map((c) => c.adapter.flush()))
  }

  /** Up to `limit` records strictly after `from`, in (modifiedAt, id) order. */
  after(from: Position | undefined, includeDeleted: boolean, limit: number): StoredRecord[] {
    const sorted = this.#sortedRecords()
    let lo = 0
    let hi = sorted.length
    if (from) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (compareToPosition(sorted[mid], from) <= 0) lo = mid + 1
        else hi = mid
      }
    }
    const out: StoredRecord[] = []
    for (let i = lo; i < sorted.length && out.length < limit; i++) {
      if (includeDeleted || sorted[i].deletedAt === null) out.push(sorted[i])
    }
    return out
  }

  #sortedRecords(): StoredRecord[] {
    this.#sorted ??= [...this.all()].sort(compareRecords)
    return this.#sorted
  }

  #check(r: StoredRecord, tenant: string | undefined, model: string | undefined): void {
    const where = `${this.connectionId}/${this.resource}`
    if (r.connectionId !== this.connectionId || r.resource !== this.resource)
      throw new MaestroError('internal', `Record ${r.remoteId} of ${r.connectionId}/${r.resource} committed to ${where}.`)
    if (r.tenant !== tenant || r.model !== model)
      throw new MaestroError('internal', `Record ${r.remoteId} has tenant ${r.tenant} and model ${r.model}; ${where} holds ${tenant} ${model}.`)
    if (typeof r.remoteId !== 'string' || r.remoteId === '') throw new MaestroError('internal', `A record committed to ${where} has no remoteId.`)
    // Paging compares modifiedAt as strings, which is time order only in this one canonical form.
    if (!isCanonicalTime(r.modifiedAt))
      throw new MaestroError('internal', `Record ${r.remoteId} of ${where} has modifiedAt ${JSON.stringify(r.modifiedAt)}; expected Date#toISOString() form.`)
  }

  #chunk(n: number): Chunk {
    const adapter = new CompactJsonFile<ChunkDoc>(join(this.#dir, sequenceName(n, '.json')), this.#files, isChunk)
    return { n, adapter, db: new Low<ChunkDoc>(adapter, { records: [] }) }
  }
}
