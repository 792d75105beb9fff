/**
 * @module The real parts behind `createApp`, wired once: store, vault, connectors, apps, OAuth flow,
 * token manager, sync engine and API tokens. `maestro serve` builds this; tests build fakes instead.
 */
import { createOAuthFlow, createTokenManager, createVault, loadApps } from '../auth/index.ts'
import { createEventBus } from '../events/bus.ts'
import { loadConnectors } from '../manifest/index.ts'
import { startBackground } from '../scheduler/background.ts'
import { createStore } from '../store/index.ts'
import type { Store } from '../store/types.ts'
import { createSyncEngine } from '../sync/engine.ts'
import type { AppDeps, ServerLogger } from './deps.ts'
import { createTokenService } from './tokens.ts'

export interface RuntimeOptions {
  /** Embedded store and generated keys live here (e.g. `./data`). */
  dataDir: string
  /** Folder of `<id>/connector.yaml` (e.g. `./connectors`). */
  connectorsDir: string
  /** App registrations file (default `maestro.config.json`). */
  configFile?: string
  /** Where the server is reachable; the OAuth redirect defaults to `<publicUrl>/oauth/callback`. */
  publicUrl?: string
  env?: Record<string, string | undefined>
  logger?: ServerLogger
}

/** The wired parts, and how to release them. */
export interface Runtime {
  deps: AppDeps
  /** Set only when the operator token was generated now: print it once. */
  adminToken?: string
  /**
   * Graceful shutdown, step one: stop starting scheduled runs, then wait up to `graceMs` for running syncs
   * to end; false when some still run (they resume from their last committed batch on the next start).
   */
  drain(graceMs: number): Promise<boolean>
  /** Stop the background services and close the store (after the caller stopped traffic and drained). */
  close(): Promise<void>
}

/**
 * Build every real part from configuration. A connector that fails validation stops the start: a
 * runtime should not serve half its catalog.
 * @example
 * const runtime = await createRuntime({ dataDir: './data', connectorsDir: './connectors' })
 * const app = createApp(runtime.deps)
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const env = options.env ?? process.env
  const logger = options.logger ?? console
  const store: Store = env.MAESTRO_DATABASE_URL
    ? createStore({ kind: 'postgres', url: env.MAESTRO_DATABASE_URL })
    : createStore({ kind: 'lowdb', dir: options.dataDir })
  await store.open()
  try {
    const vault = await createVault({ env, dataDir: options.dataDir, logger })
    const connectors = await loadConnectors(options.connectorsDir)
    const bus = createEventBus()
    const apps = await loadApps({ env, logger, ...(options.configFile ? { configFile: options.configFile } : {}) })
    const authDeps = { store, vault, connectors, apps, bus, logger }
    const tokenManager = createTokenManager(authDeps)
    const flow = createOAuthFlow(authDeps)
    const engine = createSyncEngine({
      store, connectors, bus,
      resolveAuth: (connection) => tokenManager.resolveAuth(connection),
      apps: (id) => apps.get(id),
      // App-level base URL overrides point a connector at a sandbox or simulator, never per tenant.
      baseUrl: (connection) => apps.get(connection.connector)?.baseUrl,
    })
    const { service: tokens, adminToken } = await createTokenService({ store, vault, env })
    // Inbound webhook worker, outbound events to the host application, and schedules.
    const background = await startBackground({ store, connectors, engine, bus, apps, env, logger })
    const services = { webhooks: background.webhooks, outbound: background.outbound, scheduler: background.scheduler }
    const deps: AppDeps = {
      ...services,
      store, connectors, engine, bus, vault, tokens, apps, logger,
      oauth: flow,
      revoke: (connection) => tokenManager.revoke(connection),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      ...(env.MAESTRO_CORS_ORIGINS ? { corsOrigins: env.MAESTRO_CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    }
    return {
      deps, ...(adminToken ? { adminToken } : {}),
      drain: async (graceMs) => {
        await background.scheduler.stop()
        return engine.drain(graceMs)
      },
      close: async () => { await background.close(); await store.close() },
    }
  } catch (err) {
    await store.close().catch(() => undefined)
    throw err
  }
}
