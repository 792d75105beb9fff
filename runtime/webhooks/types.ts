/**
 * @module What the webhook subsystem is built from: the Store, the loaded connectors, the sync engine's
 * record operations, the bus and the deployment's apps.
 */
import type { ConnectorManifest } from '../manifest/schema/index.ts'
import type { EventBus } from '../events/types.ts'
import type { Run, Store } from '../store/types.ts'

/** A loaded connector as webhooks need it (the manifest loader's `Connector` fits). */
export interface WebhookConnector {
  id: string
  manifest: ConnectorManifest
  hooks?: Record<string, unknown>
}

/** The sync engine's operations a webhook may trigger (runtime/sync's engine fits). */
export interface WebhookEngine {
  fetchOne(connectionId: string, resource: string, remoteId: string): Promise<unknown | null>
  applyRecords(connectionId: string, resource: string, rawRecords: unknown[], options: { source: string }): Promise<{ counts: Partial<Record<string, number>>; errors: { code: string; message: string }[] }>
  markDeleted(connectionId: string, resource: string, remoteIds: string[]): Promise<{ counts: Partial<Record<string, number>>; errors: { code: string; message: string }[] }>
  start(connectionId: string, options: { resources?: string[]; trigger: Run['trigger'] }): { runId: string; done: Promise<unknown> }
}

/** The apps registry (runtime/auth's AppRegistry fits): webhook secrets live in a connector's app. */
export interface WebhookApps {
  get(connector: string): Readonly<Record<string, unknown>> | undefined
}

/** A logger that never receives secrets or payloads. */
export interface WebhookLogger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/** Everything the webhook receiver and its worker are built from. */
export interface WebhookDeps {
  store: Store
  connectors: ReadonlyMap<string, WebhookConnector>
  engine: WebhookEngine
  bus: EventBus
  apps?: WebhookApps
  logger?: WebhookLogger
  now?: () => number
  /** How long the Store remembers an event id (default 7 days: Gusto retries 16 times with backoff). */
  dedupTtlMs?: number
  /** Debounce of the inbox's persistence (default 200 ms). */
  flushMs?: number
  /** Attempts before a delivery that keeps failing for a transient reason is given up (default 5). */
  maxAttempts?: number
  /** First retry delay of a failed delivery (default 2 s, doubling). */
  retryDelayMs?: number
  /** Start working the queue immediately after `start()` (default true; tests may drive `drain()` by hand). */
  autoDrain?: boolean
}
