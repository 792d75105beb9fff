/**
 * @module A minimal async mutex: callers run one at a time, in arrival order.
 */

/** Serialises async critical sections; a failing section does not block the next one. */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve()

  /**
   * Runs `fn` once every earlier caller has finished.
   * @example
   * const lock = new Mutex()
   * await lock.run(async () => { const c = await read(); await write({ ...c, n: c.n + 1 }) })
   */
  run<T>(fn: () => T | Promise<T>): Promise<T> {
    const result = this.#tail.then(fn)
    this.#tail = result.catch(() => undefined)
    return result
  }
}
