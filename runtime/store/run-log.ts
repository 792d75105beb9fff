/**
 * @module Runs of a lowdb store, in capped segment files `runs/000001.json`…: a run is updated in
 * place while it progresses, and a new run lands in the newest segment, so a write stays small.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Low } from 'lowdb'
import type { Page, Run, RunStatus } from './types.ts'
import { CompactJsonFile, readDirNames, type FileOptions, type ShapeCheck } from './json-file.ts'
import { decodeCursor, encodeCursor, pageSize, parseSequenceName, sequenceName } from './names.ts'

interface SegmentDoc {
  runs: Record<string, Run>
}

interface Segment {
  n: number
  db: Low<SegmentDoc>
  adapter: CompactJsonFile<SegmentDoc>
  size: number
}

/** Filter accepted by {@link RunLog.list}. */
export interface RunFilter {
  tenant?: string
  connectionId?: string
  status?: RunStatus
  limit?: number
  cursor?: string
}

const isSegment: ShapeCheck = (v) =>
  typeof v === 'object' && v !== null && typeof (v as SegmentDoc).runs === 'object' && (v as SegmentDoc).runs !== null
    ? undefined
    : 'expected { "runs": { ... } }'

/** Newest first: startedAt descending, then id descending. */
function newestFirst(a: Run, b: Run): number {
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? 1 : -1
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1
}

/** All runs, held in memory, persisted in segments of at most `segmentSize` runs. */
export class RunLog {
  #dir: string
  #segmentSize: number
  #files: FileOptions
  #segments: Segment[] = []
  #where = new Map<string, Segment>()
  #sorted?: Run[]

  constructor(dir: string, segmentSize: number, files: FileOptions) {
    this.#dir = dir
    this.#segmentSize = segmentSize
    this.#files = files
  }

  async load(): Promise<void> {
    const names = await readDirNames(this.#dir)
    const numbers = names.map((n) => parseSequenceName(n, '.json')).filter((n): n is number => n !== undefined)
    for (const n of numbers.sort((a, b) => a - b)) {
      const segment = this.#segment(n)
      await segment.db.read()
      for (const id of Object.keys(segment.db.data.runs)) this.#where.set(id, segment)
      segment.size = Object.keys(segment.db.data.runs).length
      this.#segments.push(segment)
    }
  }

  /** Inserts or replaces a run and writes its segment. */
  async put(run: Run): Promise<void> {
    let segment = this.#where.get(run.id)
    if (!segment) {
      segment = this.#segments.at(-1)
      if (!segment || segment.size >= this.#segmentSize) {
        segment = this.#segment((segment?.n ?? 0) + 1)
        this.#segments.push(segment)
      }
      segment.size++
      this.#where.set(run.id, segment)
    }
    segment.db.data.runs[run.id] = structuredClone(run)
    this.#sorted = undefined
    await mkdir(this.#dir, { recursive: true })
    await segment.db.write()
  }

  get(id: string): Run | undefined {
    const run = this.#where.get(id)?.db.data.runs[id]
    return run && structuredClone(run)
  }

  /** Newest first, after the cursor's position. */
  list(filter: RunFilter): Page<Run> {
    const limit = pageSize(filter.limit, 100, 1000)
    const sorted = (this.#sorted ??= this.#segments.flatMap((s) => Object.values(s.db.data.runs)).sort(newestFirst))
    let start = 0
    if (filter.cursor !== undefined) {
      const [startedAt, id] = decodeCursor(filter.cursor, 'ss') as [string, string]
      const probe = { startedAt, id } as Run
      while (start < sorted.length && newestFirst(sorted[start], probe) <= 0) start++
    }
    const items: Run[] = []
    let more = false
    for (let i = start; i < sorted.length; i++) {
      const r = sorted[i]
      if (filter.tenant !== undefined && r.tenant !== filter.tenant) continue
      if (filter.connectionId !== undefined && r.connectionId !== filter.connectionId) continue
      if (filter.status !== undefined && r.status !== filter.status) continue
      if (items.length === limit) {
        more = true
        break
      }
      items.push(structuredClone(r))
    }
    const last = items.at(-1)
    return { items, ...(more && last ? { next: encodeCursor([last.startedAt, last.id]) } : {}) }
  }

  async flush(): Promise<void> {
    await Promise.all(this.#segments.map((s) => s.adapter.flush()))
  }

  #segment(n: number): Segment {
    const adapter = new CompactJsonFile<SegmentDoc>(join(this.#dir, sequenceName(n, '.json')), this.#files, isSegment)
    return { n, adapter, db: new Low<SegmentDoc>(adapter, { runs: {} }), size: 0 }
  }
}
