/**
 * @module Which chunks keep their records in memory (as JSON, or parsed for readers): the most recently used
 * clean ones, up to a budget shared by a whole store, plus every chunk a commit is changing. That bound is what
 * keeps a store's memory from growing with its record count.
 */
import type { Chunk, Entry } from './chunk.ts'
import type { ChunkText } from './chunk-text.ts'
import type { StoredRecord } from './types.ts'

/** A least-recently-used set of clean chunks holding their records. */
export class ChunkCache {
  #budget: number
  /** Insertion order is use order: the first is the least recently used. */
  #held = new Set<Chunk>()

  constructor(budget: number) {
    this.#budget = Math.max(0, budget)
  }

  /** Marks a chunk used; drops the records of the least recently used beyond the budget. Busy chunks are left alone. */
  hold(chunk: Chunk): void {
    if (chunk.busy || !chunk.held) return
    this.#held.delete(chunk)
    this.#held.add(chunk)
    for (const old of this.#held) {
      if (this.#held.size <= this.#budget) break
      this.#held.delete(old)
      old.drop()
    }
  }

  /** A commit is about to change the chunk: its text stays until {@link release}. */
  pin(chunk: Chunk, text: ChunkText): void {
    this.#held.delete(chunk)
    chunk.busy = true
    // Text loaded before the pin may have been dropped since; nothing else changes a chunk, so it is current.
    chunk.take(text)
  }

  /** The chunk is written: it becomes an ordinary cached chunk when `keep`, else its text goes now. */
  release(chunk: Chunk, keep: boolean): void {
    chunk.busy = false
    if (keep) this.hold(chunk)
    else chunk.drop()
  }

  /** Forgets chunks whose set is gone: their files are about to be removed. */
  forget(chunks: Iterable<Chunk>): void {
    for (const c of chunks) {
      this.#held.delete(c)
      c.dropped = true
    }
  }
}

/**
 * Parsed copies of the entries' records, in the same order; chunks read for them are cached when `cache` is
 * given. A record whose set was deleted while it was being read is left out (undefined), not reported corrupt.
 */
export async function readEntries(entries: Entry[], cache: ChunkCache | undefined): Promise<Array<StoredRecord | undefined>> {
  const byChunk = new Map<Chunk, number[]>()
  entries.forEach((e, i) => {
    const at = byChunk.get(e.chunk)
    if (at) at.push(i)
    else byChunk.set(e.chunk, [i])
  })
  const out = new Array<StoredRecord | undefined>(entries.length)
  for (const [chunk, indexes] of byChunk) {
    let records: StoredRecord[]
    try {
      records = await chunk.read(indexes.map((i) => entries[i].pos), cache !== undefined)
    } catch (err) {
      if (chunk.dropped) continue
      throw err
    }
    cache?.hold(chunk)
    indexes.forEach((i, k) => (out[i] = records[k]))
  }
  return out
}
