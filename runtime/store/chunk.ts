/**
 * @module One chunk file of a record set, `<dir>/000001.json` holding `{"records":[…]}` (a lowdb-shaped
 * document), and the index entry of each record in it. A chunk keeps its records only as JSON text, and only
 * while the {@link ChunkCache} holds it or a commit is changing it; otherwise its file is the truth and the
 * memory left per record is its small {@link Entry}.
 */
import type { StoredRecord } from './types.ts'
import { ChunkText } from './chunk-text.ts'
import { corruptFile, readJsonFile, type ShapeCheck } from './json-file.ts'

/** What the index knows about one stored record: enough to find, filter, order and count it without reading it. */
export interface Entry {
  remoteId: string
  id: string
  modifiedAt: string
  deleted: boolean
  seenBy: string | undefined
  chunk: Chunk
  /** Place in the chunk's record array; stable, because records are replaced in place and never removed. */
  pos: number
}

interface ChunkDoc {
  records: StoredRecord[]
}

const isChunk: ShapeCheck = (v) =>
  typeof v === 'object' && v !== null && Array.isArray((v as ChunkDoc).records) ? undefined : 'expected { "records": [...] }'

/** Reads and shape-checks a chunk file; a chunk the index knows must exist. */
export async function readChunkFile(file: string): Promise<StoredRecord[]> {
  const doc = await readJsonFile<ChunkDoc>(file, isChunk)
  if (!doc) throw corruptFile(file, 'the file is missing')
  return doc.records
}

/** The index entry of a record at `pos` of `chunk`. */
export function entryOf(r: StoredRecord, chunk: Chunk, pos: number): Entry {
  return { remoteId: r.remoteId, id: r.id, modifiedAt: r.modifiedAt, deleted: r.deletedAt !== null, seenBy: r.seenBy, chunk, pos }
}

/** One chunk file and its records' entries, in file order. */
export class Chunk {
  readonly n: number
  readonly file: string
  readonly entries: Entry[] = []
  /** The records' JSON while cached or busy (the write side); undefined means the file is the truth. */
  text: ChunkText | undefined
  /** A commit is changing it, or its last write failed: its text is the truth and must not be dropped. */
  busy = false
  /** Its set was deleted; its file may be gone. */
  dropped = false
  /**
   * The read side: records parsed from the file, each handed out at most once (a handed-out record belongs to
   * its reader, so its slot empties). Dropped whenever a commit takes the chunk.
   */
  #parsed: Array<StoredRecord | undefined> | undefined
  #loading?: Promise<ChunkText>

  /** `text` is given for a chunk that has no file yet. */
  constructor(n: number, file: string, text?: ChunkText) {
    this.n = n
    this.file = file
    this.text = text
  }

  /** Whether it holds anything a cache would drop. */
  get held(): boolean {
    return this.text !== undefined || this.#parsed !== undefined
  }

  /** Drops what it holds in memory; the file is the truth again. */
  drop(): void {
    this.text = undefined
    this.#parsed = undefined
  }

  /** A commit takes the chunk: records parsed from the file before the commit must not be handed out after it. */
  take(text: ChunkText): void {
    this.text = text
    this.#parsed = undefined
  }

  /**
   * The records' JSON, read from the file when not held. Concurrent calls share one read. A commit of the
   * chunk's set waits for this before changing it, so the file read here always matches the entries.
   */
  load(): Promise<ChunkText> {
    if (this.text) return Promise.resolve(this.text)
    this.#loading ??= this.#read().finally(() => (this.#loading = undefined))
    return this.#loading
  }

  /**
   * Copies of the records at `positions`: parsed from the text when held, else taken from the records parsed
   * from the file (parsing it again when one was already handed out). With `keep`, what is left is kept.
   */
  async read(positions: number[], keep: boolean): Promise<StoredRecord[]> {
    if (this.text) {
      const pieces = this.text.pieces()
      return positions.map((p) => JSON.parse(pieces[p]) as StoredRecord)
    }
    let parsed = this.#parsed
    if (!parsed || positions.some((p) => parsed![p] === undefined)) parsed = await readChunkFile(this.file)
    const out: StoredRecord[] = []
    const handed = new Map<number, StoredRecord>()
    for (const p of positions) {
      const again = handed.get(p)
      if (again) {
        // Asked twice in one call: the second gets a copy of the first, made before the caller sees either.
        out.push(JSON.parse(JSON.stringify(again)) as StoredRecord)
        continue
      }
      const r = parsed[p]
      if (r?.remoteId !== this.entries[p].remoteId) throw corruptFile(this.file, `record ${this.entries[p].remoteId} is no longer at position ${p}`)
      parsed[p] = undefined
      handed.set(p, r)
      out.push(r)
    }
    // Kept unless a commit took the chunk meanwhile (its file may have changed) or nothing is left to hand out.
    this.#parsed = keep && !this.text && !this.busy && parsed.some((r) => r !== undefined) ? parsed : undefined
    return out
  }

  async #read(): Promise<ChunkText> {
    const records = await readChunkFile(this.file)
    if (records.length !== this.entries.length || records.some((r, i) => r?.remoteId !== this.entries[i].remoteId))
      throw corruptFile(this.file, 'it no longer holds the records this store wrote there')
    this.text = ChunkText.ofPieces(records.map((r) => JSON.stringify(r)))
    this.#parsed = undefined
    return this.text
  }
}
