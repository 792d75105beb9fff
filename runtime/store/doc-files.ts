/**
 * @module Small lowdb documents of a lowdb store: one file per concern (`connections.json`,
 * `states.json`…) and the named documents under `docs/`.
 */
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Low } from 'lowdb'
import { CompactJsonFile, isObject, readDirNames, type FileOptions, type ShapeCheck } from './json-file.ts'
import { decodeSegment, encodeSegment } from './names.ts'

/** A lowdb document bound to its adapter, so the store can wait for its queued writes. */
export interface DocFile<T> {
  db: Low<T>
  adapter: CompactJsonFile<T>
  /** Persists the current data (creating the directory on first use). */
  save(): Promise<void>
}

/** Opens (reads) one JSON document, starting from `initial` when the file does not exist yet. */
export async function openDoc<T extends object>(file: string, initial: T, files: FileOptions, check: ShapeCheck = isObject): Promise<DocFile<T>> {
  const adapter = new CompactJsonFile<T>(file, files, check)
  const db = new Low<T>(adapter, initial)
  await db.read()
  let dirReady = false
  return {
    db,
    adapter,
    async save() {
      if (!dirReady) {
        await mkdir(dirname(file), { recursive: true })
        dirReady = true
      }
      await db.write()
    },
  }
}

interface Wrapped<T> {
  value: T
}

/** Named documents `docs/<name>.json`, each read on first use and cached. */
export class NamedDocs {
  #dir: string
  #files: FileOptions
  #docs = new Map<string, Promise<DocFile<Wrapped<unknown>>>>()

  constructor(dir: string, files: FileOptions) {
    this.#dir = dir
    this.#files = files
  }

  /** Reads every document now, so that a corrupt one fails the store's open rather than a later read. */
  async load(): Promise<void> {
    const names = await readDirNames(this.#dir)
    for (const name of names) if (name.endsWith('.json') && !name.startsWith('.')) await this.#doc(decodeSegment(name.slice(0, -'.json'.length)))
  }

  async get<T>(name: string): Promise<T | undefined> {
    const doc = await this.#doc(name)
    return structuredClone(doc.db.data.value as T | undefined)
  }

  async put<T>(name: string, value: T): Promise<void> {
    const doc = await this.#doc(name)
    doc.db.data = { value: structuredClone(value) }
    await doc.save()
  }

  async flush(): Promise<void> {
    for (const doc of this.#docs.values()) await (await doc.catch(() => undefined))?.adapter.flush()
  }

  #doc(name: string): Promise<DocFile<Wrapped<unknown>>> {
    let doc = this.#docs.get(name)
    if (!doc) {
      // Wrapped, because lowdb ignores a falsy document (a doc may legitimately hold 0, false or null).
      doc = openDoc<Wrapped<unknown>>(join(this.#dir, `${encodeSegment(name)}.json`), { value: undefined }, this.#files)
      this.#docs.set(name, doc)
      // A failed read (a corrupt file) is reported to every caller and retried next time.
      doc.catch(() => this.#docs.delete(name))
    }
    return doc
  }
}
