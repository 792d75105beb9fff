/**
 * @module The HTTP side of a connection as the sync engine uses it: one rate budget per connection, shared
 * by every resource, run and webhook follow-up, and a requester per use that draws from it.
 */
import type { ConnectorManifest } from '../manifest/schema/index.ts'
import { createRateBudget, createRequester, type RateBudget, type Requester, type RequesterHooks, type TokenProvider } from '../http/index.ts'
import type { RequestEvent } from '../http/index.ts'
import type { EventBus } from '../events/types.ts'
import type { Connection } from '../store/types.ts'

/** A loaded connector as the engine needs it (the manifest loader's `Connector` fits). */
export interface SyncConnector {
  id: string
  manifest: ConnectorManifest
  hooks?: Record<string, unknown>
}

/** What `resolveAuth` gives for a connection: decrypted credentials and, for OAuth, a token provider. */
export interface ResolvedAuth {
  credentials: Record<string, unknown>
  tokenProvider?: TokenProvider
}

/** Options shared by every requester the engine builds. */
export interface HttpDeps {
  bus: EventBus
  apps?: (connectorId: string) => Record<string, unknown> | undefined
  fetch?: typeof globalThis.fetch
  /** Deployment-level base URL override (sandbox simulators, tests); never a tenant setting. */
  baseUrl?: (connection: Connection) => string | undefined
  /** Test seams: skip real backoff waits. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

/** Keeps one budget per connection for the engine's lifetime. */
export class Budgets {
  #budgets = new Map<string, RateBudget>()

  /** The connection's budget, created from its connector's `http.rateLimit` on first use. */
  get(connectionId: string, manifest: ConnectorManifest): RateBudget {
    let b = this.#budgets.get(connectionId)
    if (!b) this.#budgets.set(connectionId, (b = createRateBudget(manifest.http.rateLimit)))
    return b
  }

  /** The budget if one exists already. */
  peek(connectionId: string): RateBudget | undefined {
    return this.#budgets.get(connectionId)
  }
}

/**
 * A requester for one use (a resource pass, a refetch) of a connection; its stats count only that use.
 * Requester events are forwarded to the bus with tenant, connection and resource.
 */
export function connectionRequester(deps: HttpDeps, budget: RateBudget, connection: Connection, connector: SyncConnector, auth: ResolvedAuth, resource?: string): Requester {
  const http = connector.manifest.http
  const override = deps.baseUrl?.(connection)
  const hooks = (connector.hooks ?? {}) as RequesterHooks
  const common = { tenant: connection.tenant, connectionId: connection.id, ...(resource ? { resource } : {}) }
  const onEvent = (e: RequestEvent) => {
    if (e.type === 'request.retry') deps.bus.emit({ type: 'request.retry', ...common, attempt: e.attempt, delayMs: e.delayMs, code: e.code, ...(e.status === undefined ? {} : { status: e.status }) })
    else if (e.type === 'request.rate_limited') deps.bus.emit({ type: 'request.rate_limited', ...common, waitMs: e.waitMs, status: e.status })
  }
  return createRequester({
    http: override ? { ...http, baseUrl: override } : http,
    auth: connector.manifest.auth,
    context: { config: connection.config, credentials: auth.credentials, app: deps.apps?.(connector.id) ?? {} },
    ...(auth.tokenProvider ? { tokenProvider: auth.tokenProvider } : {}),
    budget,
    hooks: { prepareRequest: hooks.prepareRequest, parseResponse: hooks.parseResponse, classifyError: hooks.classifyError },
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    onEvent,
  })
}
