/**
 * @module The append-only audit log of a lowdb store: JSON Lines segments `audit/000001.jsonl`…
 * that are only ever appended to, never rewritten (so not lowdb, whose writes replace a whole file).
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { AuditEntry, Page } from './types.ts'
import { corruptFile, readDirNames, type FileOptions } from './json-file.ts'
import { Mutex } from './mutex.ts'
import { decodeCursor, encodeCursor, pageSize, parseSequenceName, sequenceName } from './names.ts'

/** Filter accepted by {@link AuditLog.list}. */
export interface AuditFilter {
  tenant?: string
  action?: string
  target?: string
  limit?: number
  cursor?: string
}

/** Audit entries in append order, held in memory; the cursor is a position in that order. */
export class AuditLog {
  #dir: string
  #segmentSize: number
  #files: FileOptions
  #entries: AuditEntry[] = []
  #segment = 0
  #inSegment = 0
  #handle?: FileHandle
  #lock = new Mutex()

  constructor(dir: string, segmentSize: number, files: FileOptions) {
    this.#dir = dir
    this.#segmentSize = segmentSize
    this.#files = files
  }

  async load(): Promise<void> {
    const names = await readDirNames(this.#dir)
    const numbers = names.map((n) => parseSequenceName(n, '.jsonl')).filter((n): n is number => n !== undefined)
    for (const n of numbers.sort((a, b) => a - b)) {
      const file = join(this.#dir, sequenceName(n, '.jsonl'))
      const text = await readFile(file, 'utf8')
      // Every append ends with a newline: text after the last one is an append cut short.
      if (text !== '' && !text.endsWith('\n')) throw corruptFile(file, 'the last line is incomplete')
      const lines = text.split('\n').slice(0, -1)
      lines.forEach((line, i) => {
        try {
          this.#entries.push(JSON.parse(line) as AuditEntry)
        } catch (err) {
          throw corruptFile(file, `line ${i + 1} is not JSON`, err)
        }
      })
      this.#segment = n
      this.#inSegment = lines.length
    }
  }

  /** Appends one entry durably; appends are serialised so the file order is the list order. */
  append(entry: AuditEntry): Promise<void> {
    const copy = structuredClone(entry)
    const line = `${JSON.stringify(copy)}\n`
    return this.#lock.run(async () => {
      if (!this.#handle || this.#inSegment >= this.#segmentSize) await this.#openSegment()
      const handle = this.#handle as FileHandle
      const file = join(this.#dir, sequenceName(this.#segment, '.jsonl'))
      this.#files.onWrite?.(file)
      await handle.appendFile(line, 'utf8')
      if (this.#files.fsync) await handle.datasync()
      this.#inSegment++
      this.#entries.push(copy)
    })
  }

  /** Newest first. */
  list(filter: AuditFilter): Page<AuditEntry> {
    const limit = pageSize(filter.limit, 100, 1000)
    let i = this.#entries.length - 1
    if (filter.cursor !== undefined) i = Math.min(i, (decodeCursor(filter.cursor, 'n')[0] as number) - 1)
    const items: AuditEntry[] = []
    let lastPos = -1
    for (; i >= 0; i--) {
      const e = this.#entries[i]
      if (filter.tenant !== undefined && e.tenant !== filter.tenant) continue
      if (filter.action !== undefined && e.action !== filter.action) continue
      if (filter.target !== undefined && e.target !== filter.target) continue
      if (items.length === limit) return { items, next: encodeCursor([lastPos]) }
      items.push(structuredClone(e))
      lastPos = i
    }
    return { items }
  }

  async close(): Promise<void> {
    await this.#lock.run(async () => {
      await this.#handle?.close()
      this.#handle = undefined
    })
  }

  async #openSegment(): Promise<void> {
    await this.#handle?.close()
    if (this.#inSegment >= this.#segmentSize || this.#segment === 0) {
      this.#segment++
      this.#inSegment = 0
    }
    await mkdir(this.#dir, { recursive: true })
    this.#handle = await open(join(this.#dir, sequenceName(this.#segment, '.jsonl')), 'a')
  }
}
