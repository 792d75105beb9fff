/**
 * @module A small table of items kept in memory and persisted as one named Store document with a debounced
 * flush: callers never wait for a file write per item (a lowdb write rewrites the whole document, see
 * shared/perf-baseline.md), yet every change reaches disk within `flushMs`, and `flush()` forces it.
 */
import type { Store } from '../store/types.ts'

/** What the table needs from the Store. */
export type DocStore = Pick<Store, 'getDoc' | 'putDoc'>

export interface DocTableOptions {
  store: DocStore
  /** Name of the Store document. */
  name: string
  /** Longest delay between a change and its write (default 200 ms). */
  flushMs?: number
  /** Called when a write fails (the table stays dirty and retries on the next change or flush). */
  onError?: (err: unknown) => void
}

/** A persisted table of items keyed by `id`. */
export interface DocTable<T extends { id: string }> {
  /** Read the persisted items (once, before use). */
  load(): Promise<void>
  get(id: string): T | undefined
  values(): T[]
  readonly size: number
  /** Insert or replace an item; persisted within `flushMs`. */
  put(item: T): void
  delete(id: string): boolean
  /** Write now if anything changed, and wait for it. */
  flush(): Promise<void>
  /** Flush and stop the timer. */
  close(): Promise<void>
}

/**
 * Create a table over a Store document.
 * @example
 * const t = createDocTable<{ id: string; n: number }>({ store, name: 'queue' })
 * await t.load(); t.put({ id: 'a', n: 1 }); await t.flush()
 */
export function createDocTable<T extends { id: string }>(options: DocTableOptions): DocTable<T> {
  const items = new Map<string, T>()
  const flushMs = options.flushMs ?? 200
  let dirty = false
  let timer: NodeJS.Timeout | undefined
  let writing: Promise<void> | undefined

  const write = async (): Promise<void> => {
    // One write at a time; changes made during a write are picked up by the next one.
    while (writing) await writing
    if (!dirty) return
    dirty = false
    const snapshot = [...items.values()]
    writing = options.store.putDoc(options.name, snapshot).catch((err: unknown) => {
      dirty = true
      options.onError?.(err)
      throw err
    }).finally(() => { writing = undefined })
    await writing
  }

  const schedule = () => {
    dirty = true
    if (timer) return
    timer = setTimeout(() => {
      timer = undefined
      write().catch(() => undefined)
    }, flushMs)
    timer.unref?.()
  }

  return {
    async load() {
      const saved = await options.store.getDoc<T[]>(options.name)
      for (const item of Array.isArray(saved) ? saved : []) items.set(item.id, item)
    },
    get: (id) => items.get(id),
    values: () => [...items.values()],
    get size() { return items.size },
    put(item) {
      items.set(item.id, item)
      schedule()
    },
    delete(id) {
      const had = items.delete(id)
      if (had) schedule()
      return had
    },
    async flush() {
      if (timer) clearTimeout(timer), timer = undefined
      await write()
    },
    async close() {
      if (timer) clearTimeout(timer), timer = undefined
      await write()
    },
  }
}
