/**
 * @module Durable compact JSON files for the lowdb store: strict reads that refuse corrupt files,
 * atomic writes (temp file, fsync, rename) and one coalescing write queue per file.
 */
import { open, readdir, readFile, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'
import { MaestroError } from '../errors.ts'

/** How files are written; shared by every file of one store. */
export interface FileOptions {
  /** fsync the temp file before the rename (default true): a power loss cannot leave an empty file behind. */
  fsync: boolean
  /** Called before each physical write, with the final path; tests count writes with it. */
  onWrite?: (file: string) => void
}

/** Returns an error message when `value` does not have the expected shape. */
export type ShapeCheck = (value: unknown) => string | undefined

const CORRUPT_HINT = 'Restore the file from a backup or move it aside; Maestro never overwrites a file it cannot read.'

/** The error raised for a store file that cannot be read back, naming the file. */
export function corruptFile(file: string, problem: string, cause?: unknown): MaestroError {
  return new MaestroError('internal', `Store file ${file} is corrupt or partially written: ${problem}`, {
    cause,
    hint: CORRUPT_HINT,
    details: { file },
  })
}

/** Reads and parses a JSON file; `undefined` when it does not exist, a coded error when it is unreadable. */
export async function readJsonFile<T>(file: string, check?: ShapeCheck): Promise<T | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new MaestroError('internal', `Cannot read store file ${file}.`, { cause: err, details: { file } })
  }
  // An empty file is what a crash between create and write leaves when the write was not atomic.
  if (text.trim() === '') throw corruptFile(file, 'the file is empty')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw corruptFile(file, (err as Error).message, err)
  }
  const problem = check?.(value)
  if (problem) throw corruptFile(file, problem)
  return value as T
}

/** File names in a directory; none when it does not exist yet. Any other failure is raised, never read as empty. */
export async function readDirNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new MaestroError('internal', `Cannot list store directory ${dir}.`, { cause: err, details: { dir } })
  }
}

/** Replaces `file` with `text` atomically: readers see the old or the new content, never a mix. */
export async function writeFileAtomic(file: string, text: string, options: FileOptions): Promise<void> {
  options.onWrite?.(file)
  // One writer per file per process (the queue below), so a fixed temp name cannot collide.
  const temp = join(dirname(file), `.${basename(file)}.tmp`)
  const handle = await open(temp, 'w')
  try {
    await handle.writeFile(text, 'utf8')
    if (options.fsync) await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temp, file)
}

interface Pending {
  data: unknown
  promise: Promise<void>
  resolve: () => void
  reject: (err: unknown) => void
}

/**
 * A lowdb adapter writing compact JSON through a per-file queue. Writes requested while one is in
 * flight collapse into a single next write, serialised when it starts, so a burst of updates costs
 * one stringify and one file write instead of one per call.
 */
export class CompactJsonFile<T> implements Adapter<T> {
  readonly file: string
  #options: FileOptions
  #check?: ShapeCheck
  #running?: Promise<void>
  #pending?: Pending

  constructor(file: string, options: FileOptions, check?: ShapeCheck) {
    this.file = file
    this.#options = options
    this.#check = check
  }

  async read(): Promise<T | null> {
    return (await readJsonFile<T>(this.file, this.#check)) ?? null
  }

  write(data: T): Promise<void> {
    if (!this.#running) return this.#start(data)
    if (!this.#pending) {
      let resolve!: () => void
      let reject!: (err: unknown) => void
      const promise = new Promise<void>((res, rej) => {
        resolve = res
        reject = rej
      })
      this.#pending = { data, promise, resolve, reject }
    }
    this.#pending.data = data
    return this.#pending.promise
  }

  /** Resolves once no write is in flight or queued (failures are reported to their callers, not here). */
  async flush(): Promise<void> {
    while (this.#running) await this.#running
  }

  #start(data: unknown): Promise<void> {
    // Stringify inside the async function so a failure rejects instead of throwing at the caller.
    const write = (async () => writeFileAtomic(this.file, JSON.stringify(data), this.#options))()
    this.#running = write.then(
      () => this.#next(),
      () => this.#next(),
    )
    return write
  }

  #next(): void {
    this.#running = undefined
    const next = this.#pending
    this.#pending = undefined
    if (next) this.#start(next.data).then(next.resolve, next.reject)
  }
}

/** Shape check for files holding one JSON object. */
export const isObject: ShapeCheck = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'expected a JSON object'
