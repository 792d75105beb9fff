/**
 * @module The Store: everything Maestro persists, and the factory that picks an implementation.
 */
import { MaestroError } from '../errors.ts'
import { createLowdbStore, type LowdbStoreOptions } from './lowdb-store.ts'
import type { Store } from './types.ts'

export type * from './types.ts'
export { createLowdbStore, type LowdbStoreHooks, type LowdbStoreOptions } from './lowdb-store.ts'

/** Which Store to build. */
export type StoreOptions = ({ kind: 'lowdb' } & LowdbStoreOptions) | { kind: 'postgres'; url: string }

/**
 * Builds the configured Store (not yet opened).
 * @example
 * const store = createStore({ kind: 'lowdb', dir: './data' })
 * await store.open()
 */
export function createStore(options: StoreOptions): Store {
  if (options.kind === 'lowdb') return createLowdbStore(options)
  throw new MaestroError('internal', 'The PostgreSQL store is not built yet.', {
    hint: 'Unset MAESTRO_DATABASE_URL to use the embedded lowdb store under ./data.',
  })
}
