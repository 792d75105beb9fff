/**
 * @module A keyed async mutex: one writer at a time per connection and resource, so a webhook and a sync
 * never decide against the same stored version and then overwrite each other.
 */

/** Runs functions one at a time per key; different keys run freely. */
export interface KeyedLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>
}

/**
 * Create a keyed lock.
 * @example
 * const lock = createKeyedLock()
 * await lock.run('con_1/employees', async () => commit())
 */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>()
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve()
      const result = previous.then(fn, fn)
      const tail = result.catch(() => undefined)
      tails.set(key, tail)
      // Forget settled keys so a long-lived engine does not keep one entry per resource ever touched.
      void tail.then(() => { if (tails.get(key) === tail) tails.delete(key) })
      return result
    },
  }
}
