/**
 * @module A sync engine wired to a lowdb store in a temp dir and to provider simulators on 127.0.0.1,
 * for integration tests, the kill test's child process and the benchmark.
 */
import { join, relative } from 'node:path'
import { loadConnector, type Connector } from '../../runtime/manifest/index.ts'
import { createEventBus } from '../../runtime/events/bus.ts'
import type { EventBus, MaestroEvent } from '../../runtime/events/types.ts'
import { createLowdbStore } from '../../runtime/store/lowdb-store.ts'
import type { Connection, Store } from '../../runtime/store/types.ts'
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../runtime/sync/engine.ts'

const ROOT = join(import.meta.dirname, '..', '..')

/**
 * Load a connector from connectors/<id>, then let the test adjust a deep copy of its manifest
 * (smaller pages, no rate limit, fast retries).
 * @example
 * const harvest = await testConnector('harvest', (m) => { m.resources.employees.list.query!.per_page = 10 })
 */
export async function testConnector(id: string, tweak?: (m: Connector['manifest']) => void): Promise<Connector> {
  const loaded = await loadConnector(join(ROOT, 'connectors', id, 'connector.yaml'))
  const manifest = structuredClone(loaded.manifest)
  tweak?.(manifest)
  return { ...loaded, manifest }
}

/** Manifest changes every simulator test wants: no client-side rate budget and millisecond backoff. */
export function fastHttp(m: Connector['manifest']): void {
  delete m.http.rateLimit
  m.http.retry = { ...(m.http.retry ?? { attempts: 6 }), attempts: 8, initialDelay: '1ms', maxDelay: '20ms' }
}

/** What a harness holds. */
export interface Harness {
  store: Store
  bus: EventBus
  engine: SyncEngine
  events: MaestroEvent[]
  /** Paths (relative to `dir`) of every file the store wrote, in order. */
  fileWrites: string[]
  connection: Connection
  dir: string
  close(): Promise<void>
}

/** Options of a harness. */
export interface HarnessOptions {
  dir: string
  connector: Connector
  /** Simulator base URL the connection talks to instead of the provider. */
  baseUrl: string
  config: Record<string, unknown>
  credentials: Record<string, unknown>
  /** For OAuth connectors: the fixed access token the simulator accepts. */
  accessToken?: string
  connectionId?: string
  engine?: Partial<SyncEngineOptions>
}

/**
 * Open a lowdb store in `dir`, create (or reuse) the connection, and build the engine.
 * @example
 * const h = await openHarness({ dir, connector, baseUrl: sim.url, config: { accountId }, credentials: { accessToken } })
 */
export async function openHarness(o: HarnessOptions): Promise<Harness> {
  const fileWrites: string[] = []
  const store = createLowdbStore({ dir: o.dir, fsync: false, hooks: { onFileWrite: (file) => { fileWrites.push(relative(o.dir, file)) } } })
  await store.open()
  const id = o.connectionId ?? 'con_test'
  const at = new Date().toISOString()
  const connection = (await store.getConnection(id)) ?? await store.createConnection({
    id, tenant: 'tenant_test', connector: o.connector.id, status: 'active', config: o.config, credentials: null, createdAt: at, updatedAt: at,
  })
  const bus = createEventBus()
  const events: MaestroEvent[] = []
  bus.on('*', (e) => { events.push(e) })
  const engine = createSyncEngine({
    store, bus,
    connectors: new Map([[o.connector.id, o.connector]]),
    resolveAuth: async () => ({
      credentials: o.credentials,
      ...(o.accessToken ? { tokenProvider: { accessToken: async () => o.accessToken! } } : {}),
    }),
    baseUrl: () => o.baseUrl,
    ...o.engine,
  })
  return { store, bus, engine, events, fileWrites, connection, dir: o.dir, close: () => store.close() }
}

/** Every stored record of a resource (deleted ones included), by remote id. */
export async function storedRecords(store: Store, connectionId: string, resource: string) {
  const out = new Map<string, Awaited<ReturnType<Store['listRecords']>>['items'][number]>()
  let cursor: string | undefined
  do {
    const page = await store.listRecords({ connectionId, resource, includeDeleted: true, pageSize: 1000, ...(cursor ? { cursor } : {}) })
    for (const r of page.items) out.set(r.remoteId, r)
    cursor = page.next
  } while (cursor)
  return out
}
