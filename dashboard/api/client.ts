/**
 * @module The dashboard's one API client: the only module that knows Maestro's URLs. Views call it;
 * presentational components never do. Errors come back as `ApiError` carrying the server's error body.
 */
import { LiveStream, type LiveListener } from './live.ts'
import type {
  AuditEntry, Connection, ConnectionCreate, ConnectionUpdate, Connector, Page, RecordItem, Run, Scope,
} from './types.ts'

/** A failed API call, with the server's `{ error: { code, message, hint?, details? } }`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly hint?: string, readonly details?: unknown) {
    super(message)
    this.name = 'ApiError'
  }

  /** Field problems of an `invalid_request`, keyed by JSON pointer (`/config/accountId`). */
  get fieldErrors(): Record<string, string> {
    if (!Array.isArray(this.details)) return {}
    const out: Record<string, string> = {}
    for (const d of this.details as Array<{ path?: unknown; message?: unknown }>) {
      if (typeof d?.path === 'string' && typeof d.message === 'string') out[d.path] = d.message
    }
    return out
  }
}

export interface ClientOptions {
  /** Where Maestro's API is, e.g. `https://maestro.example.com`; empty for this page's origin. */
  apiBase?: string
  token: string
  /** Asked for a fresh token when the current one is refused (e.g. a short-lived tenant token expired). */
  refreshToken?: () => Promise<string | undefined>
  fetch?: typeof fetch
}

type Query = Record<string, string | number | boolean | undefined>

/**
 * The scope a token claims, read from the token without verifying it (the server does that): tenant
 * tokens carry their tenant in a readable payload. The stream's `ready` event confirms it.
 */
export function scopeOfToken(token: string): Scope {
  const match = /^mtt_([A-Za-z0-9_-]+)\./.exec(token)
  if (!match) return { kind: 'operator' }
  try {
    const json = atob(match[1].replace(/-/g, '+').replace(/_/g, '/'))
    const claims = JSON.parse(json) as { t?: unknown }
    return typeof claims.t === 'string' ? { kind: 'tenant', tenant: claims.t } : { kind: 'operator' }
  } catch {
    return { kind: 'operator' }
  }
}

/**
 * The client of one Maestro server, for one token.
 * @example
 * const client = new MaestroClient({ apiBase: 'http://127.0.0.1:3000', token })
 * const connections = await client.listConnections()
 */
export class MaestroClient {
  readonly apiBase: string
  token: string
  private readonly fetchFn: typeof fetch
  private readonly refreshToken?: () => Promise<string | undefined>
  private live?: LiveStream

  constructor(options: ClientOptions) {
    this.apiBase = (options.apiBase ?? '').replace(/\/+$/, '')
    this.token = options.token
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    if (options.refreshToken) this.refreshToken = options.refreshToken
  }

  /** Absolute or same-origin URL of an API path. */
  url(path: string, query: Query = {}): string {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v))
    const qs = params.toString()
    return `${this.apiBase}${path}${qs ? `?${qs}` : ''}`
  }

  listConnectors = async (): Promise<Connector[]> => (await this.request<Page<Connector>>('GET', '/connectors')).items
  listConnections = async (filter: { tenant?: string; status?: string; connector?: string } = {}): Promise<Connection[]> =>
    (await this.request<Page<Connection>>('GET', '/connections', { query: filter })).items
  getConnection = (id: string): Promise<Connection> => this.request('GET', `/connections/${enc(id)}`)
  createConnection = (body: ConnectionCreate): Promise<Connection> => this.request('POST', '/connections', { body })
  updateConnection = (id: string, body: ConnectionUpdate): Promise<Connection> => this.request('PATCH', `/connections/${enc(id)}`, { body })
  deleteConnection = (id: string): Promise<void> => this.request('DELETE', `/connections/${enc(id)}`)
  pause = (id: string): Promise<Connection> => this.request('POST', `/connections/${enc(id)}/pause`)
  resume = (id: string): Promise<Connection> => this.request('POST', `/connections/${enc(id)}/resume`)
  /** Start OAuth consent; send the admin's browser to the returned URL. */
  authorize = (id: string, returnTo?: string): Promise<{ url: string }> =>
    this.request('POST', `/connections/${enc(id)}/authorize`, { body: returnTo ? { returnTo } : {} })
  sync = (id: string, body: { resources?: string[]; full?: boolean } = {}): Promise<Run> => this.request('POST', `/connections/${enc(id)}/sync`, { body })
  listRuns = (query: { connection?: string; tenant?: string; status?: string; limit?: number; cursor?: string } = {}): Promise<Page<Run>> =>
    this.request('GET', '/runs', { query })
  getRun = (id: string): Promise<Run> => this.request('GET', `/runs/${enc(id)}`)
  listRecords = (connectionId: string, model: string, query: { cursor?: string; pageSize?: number; includeRemoteData?: boolean; includeDeleted?: boolean } = {}): Promise<Page<RecordItem>> =>
    this.request('GET', `/connections/${enc(connectionId)}/records/${enc(model)}`, {
      query: { cursor: query.cursor, page_size: query.pageSize, include_remote_data: query.includeRemoteData || undefined, include_deleted: query.includeDeleted || undefined },
    })
  listAudit = (query: { tenant?: string; action?: string; target?: string; limit?: number; cursor?: string } = {}): Promise<Page<AuditEntry>> =>
    this.request('GET', '/audit', { query })

  /** Listen to live run progress and connection changes (one shared stream per client). */
  subscribe(listener: LiveListener): () => void {
    this.live ??= new LiveStream((signal) => this.fetchFn(this.url('/events'), {
      headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' }, signal, cache: 'no-store',
    }))
    return this.live.subscribe(listener)
  }

  /** Close the live stream. */
  close(): void {
    this.live?.close()
    this.live = undefined
  }

  private async request<T>(method: string, path: string, init: { query?: Query; body?: unknown } = {}, retried = false): Promise<T> {
    let res: Response
    try {
      res = await this.fetchFn(this.url(path, init.query), {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      })
    } catch (err) {
      throw new ApiError(0, 'network', 'Maestro could not be reached.', 'Check your connection and that the Maestro server is running.', { cause: String(err) })
    }
    if (res.status === 401 && !retried && this.refreshToken) {
      const fresh = await this.refreshToken().catch(() => undefined)
      if (fresh) {
        this.token = fresh
        return this.request<T>(method, path, init, true)
      }
    }
    if (res.status === 204) return undefined as T
    const text = await res.text()
    let body: unknown
    try { body = text ? JSON.parse(text) : undefined } catch { body = undefined }
    if (!res.ok) {
      const e = (body as { error?: { code?: string; message?: string; hint?: string; details?: unknown } } | undefined)?.error
      throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `Maestro answered HTTP ${res.status}.`, e?.hint, e?.details)
    }
    return body as T
  }
}

const enc = encodeURIComponent
