/**
 * @module What `createApp` is built from: the runtime's parts, each injected so tests can pass a fake for
 * a part and the real server wires the real one. Only the members the server calls are listed.
 */
import type { ConnectorManifest } from '../manifest/schema/index.ts'
import type { EventBus } from '../events/types.ts'
import type { Outbound } from '../outbound/index.ts'
import type { Scheduler } from '../scheduler/index.ts'
import type { Connection, SealedSecret, Store } from '../store/types.ts'
import type { Webhooks } from '../webhooks/index.ts'
import type { TokenService } from './tokens.ts'

/** A loaded connector as the server needs it; `runtime/manifest`'s `Connector` fits. */
export interface ServerConnector {
  id: string
  manifest: ConnectorManifest
}

/** What the sync engine offers the API. */
export interface SyncEngineLike {
  /** Start a run in the background; rejects with `sync_in_progress` when one is running for the connection. */
  start(connectionId: string, options: { resources?: string[]; trigger: 'api' | 'manual'; full?: boolean }):
    { runId: string; done: Promise<unknown> } | Promise<{ runId: string; done: Promise<unknown> }>
  isRunning(connectionId: string): boolean
}

/** OAuth consent flow (runtime/auth `createOAuthFlow`). */
export interface OAuthFlowLike {
  startAuthorization(input: { connection: Connection; returnTo?: string; redirectUri?: string }): Promise<{ url: string }>
  /** Completes consent from the full callback URL. */
  completeAuthorization(callbackUrl: string): Promise<{ connection: Connection; returnTo?: string }>
}

/** The apps registry (runtime/auth `loadApps`): which fields of each connector's app are set, never their values. */
export interface AppsLike {
  describe(): Record<string, Record<string, 'env' | 'file' | null>>
}

/** Seals connection secrets (runtime/auth vault). */
export interface VaultLike {
  seal(value: Record<string, unknown>): SealedSecret
  unseal<T extends object = Record<string, unknown>>(sealed: SealedSecret): T
}

/** The few logger methods the server uses; `console` fits. Never receives a secret. */
export interface ServerLogger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/** Everything `createApp` is built from. */
export interface AppDeps {
  store: Store
  connectors: ReadonlyMap<string, ServerConnector>
  engine: SyncEngineLike
  bus: EventBus
  vault: VaultLike
  tokens: TokenService
  apps?: AppsLike
  oauth?: OAuthFlowLike
  /** Revoke a connection's provider grant before it is deleted (runtime/auth token manager `revoke`). */
  revoke?: (connection: Connection) => Promise<unknown>
  /** Current time; tests pass a fixed clock. */
  clock?: () => Date
  logger?: ServerLogger
  /** Reported by /health; defaults to package.json's version. */
  version?: string
  /** Milliseconds between SSE heartbeat comments (default 15 000). */
  heartbeatMs?: number
  /** Origins allowed to call the API from a browser (an embedded dashboard on the host's pages). */
  corsOrigins?: string[]
  /** Largest accepted JSON body in bytes (default 1 MiB). */
  bodyLimit?: number
  /** Where this server is reachable (`http://127.0.0.1:3000`); the OAuth redirect defaults to its `/oauth/callback`. */
  publicUrl?: string
  /** Aborted when the server shuts down: long-lived responses (SSE) end then. */
  shutdown?: AbortSignal
  /** Inbound webhooks (runtime/webhooks `createWebhooks`); without it `POST /webhooks/*` answers `not_found`. */
  webhooks?: Pick<Webhooks, 'receive'>
  /** Largest accepted webhook body in bytes (default 1 MiB). */
  webhookBodyLimit?: number
  /** Outbound events to the host application (runtime/outbound `createOutbound`); serves `/deliveries`. */
  outbound?: Pick<Outbound, 'list' | 'get' | 'replay'>
  /** Schedules (runtime/scheduler `createScheduler`); a connection's view shows its next scheduled run. */
  scheduler?: Pick<Scheduler, 'nextRunAt'>
}

/** Who is calling: the operator (every tenant) or one tenant's short-lived token. */
export type Principal =
  | { kind: 'operator' }
  | { kind: 'tenant'; tenant: string; tokenId: string }

/** Hono environment of every route: the authenticated principal, when the route requires one. */
export interface ServerEnv {
  Variables: { principal: Principal }
}
