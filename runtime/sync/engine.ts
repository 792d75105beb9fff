/**
 * @module The sync engine: runs a connection's resources (parents first) into the store, one run per
 * connection at a time, and applies webhook-delivered changes under the same rules.
 */
import { randomBytes } from 'node:crypto'
import { MaestroError, asMaestroError } from '../errors.ts'
import type { RateBudget } from '../http/index.ts'
import type { EventBus } from '../events/types.ts'
import type { Connection, ResourceRun, Run, RunCounts, Store } from '../store/types.ts'
import { Budgets, connectionRequester, type HttpDeps, type ResolvedAuth, type SyncConnector } from './connection-http.ts'
import { addCounts, pendingResourceRun, zeroCounts } from './counts.ts'
import { createKeyedLock } from './keyed-lock.ts'
import { planResources } from './plan.ts'
import { createRecordOps, type ApplyResult } from './record-ops.ts'
import { runResourcePass } from './run-resource.ts'

export type { SyncConnector, ResolvedAuth } from './connection-http.ts'
export type { ApplyResult } from './record-ops.ts'

/** What the engine is built from. */
export interface SyncEngineOptions extends Omit<HttpDeps, 'bus'> {
  store: Store
  connectors: Map<string, SyncConnector>
  bus: EventBus
  /** Decrypted credentials (and a token provider for OAuth kinds) of a connection. Never logged. */
  resolveAuth: (connection: Connection) => Promise<ResolvedAuth>
  now?: () => number
  /**
   * Records per committed batch: pages are coalesced up to this many before a commit + checkpoint (default 1000,
   * the lowdb store's chunk size, so a sync writes each chunk file about once).
   */
  flushEvery?: number
  /** Keep the raw provider JSON in each record's envelope (default true; parents always keep it). */
  keepRemoteData?: boolean
}

/** Options of one run. */
export interface SyncOptions {
  /** Resource names; their parents are added. Default: every resource. */
  resources?: string[]
  trigger: Run['trigger']
  /** Ignore incremental cursors and re-read everything (full-refresh deletion detection applies). */
  full?: boolean
}

/** The sync engine. */
export interface SyncEngine {
  /** Run a sync to its end. Rejects with `sync_in_progress` when the connection is already syncing. */
  sync(connectionId: string, options: SyncOptions): Promise<Run>
  /** Start a sync and return at once; throws `sync_in_progress` synchronously. */
  start(connectionId: string, options: SyncOptions): { runId: string; done: Promise<Run> }
  /** The connection's rate budget (shared by syncs, refetches and any other request of the connection). */
  budgetFor(connectionId: string): Promise<RateBudget>
  /** Fetch one raw record with the resource's `get`; null when the provider says it does not exist. */
  fetchOne(connectionId: string, resource: string, remoteId: string): Promise<unknown | null>
  /** Apply raw provider records (a webhook's payload or a refetch) with change detection and the conflict rule. */
  applyRecords(connectionId: string, resource: string, rawRecords: unknown[], options: { source: string }): Promise<ApplyResult>
  /** Mark records deleted (never removed). */
  markDeleted(connectionId: string, resource: string, remoteIds: string[]): Promise<ApplyResult>
  isRunning(connectionId: string): boolean
  /**
   * Wait until no run is going (runs started meanwhile included), at most `timeoutMs` (default 30 s); true
   * when all ended. For graceful shutdown: a run cut off later resumes from its last committed batch.
   */
  drain(timeoutMs?: number): Promise<boolean>
}

const AUTH_CODES = new Set(['auth_expired', 'connection_needs_reauth'])
const newRunId = () => `run_${randomBytes(10).toString('hex')}`

/**
 * Create the sync engine.
 * @example
 * const engine = createSyncEngine({ store, connectors, bus, resolveAuth: async (c) => ({ credentials: await vault.open(c.credentials) }) })
 * const run = await engine.sync('con_1', { trigger: 'manual' })
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { store, bus } = options
  const now = options.now ?? Date.now
  const iso = () => new Date(now()).toISOString()
  const flushEvery = Math.max(1, options.flushEvery ?? 1000)
  const running = new Map<string, string>()
  const inflight = new Set<Promise<unknown>>()
  const budgets = new Budgets()
  const lock = createKeyedLock()
  const deps: HttpDeps = { ...options, bus }

  const loadConnection = async (connectionId: string) => {
    const connection = await store.getConnection(connectionId)
    if (!connection) throw new MaestroError('connection_not_found', `No connection ${connectionId}.`)
    const connector = options.connectors.get(connection.connector)
    if (!connector) throw new MaestroError('connector_not_found', `Connection ${connectionId} uses connector "${connection.connector}", which is not loaded.`)
    return { connection, connector }
  }

  const markNeedsReauth = async (connection: Connection, err: MaestroError) => {
    const at = iso()
    let already = false
    const updated = await store.updateConnection(connection.id, (c) => {
      // The token manager marks (and announces) an invalid_grant itself; say it once.
      if (c.status === 'needs_reauth') { already = true; return c }
      return { ...c, status: 'needs_reauth', lastError: { code: err.code, message: err.message, at }, updatedAt: at }
    })
    if (already) return
    const common = { tenant: connection.tenant, connectionId: connection.id }
    bus.emit({ type: 'connection.needs_reauth', ...common, code: err.code, reason: err.message })
    bus.emit({ type: 'connection.updated', ...common, connection: updated })
  }

  const ops = createRecordOps({ store, bus, lock, now, loadConnection, keepRemoteData: options.keepRemoteData ?? true, resolveAuth: options.resolveAuth, markNeedsReauth, authCodes: AUTH_CODES,
    requesterFor: (connection, connector, auth) => connectionRequester(deps, budgets.get(connection.id, connector.manifest), connection, connector, auth) })

  /** Runs left `running` by a process that died cannot finish; say so before starting over. */
  const closeInterrupted = async (connectionId: string) => {
    const stale = await store.listRuns({ connectionId, status: 'running', limit: 100 })
    for (const run of stale.items) {
      const at = iso()
      await store.putRun({ ...run, status: 'failed', finishedAt: at, errors: [...run.errors, { code: 'internal', message: 'The run was interrupted (its process stopped); the next run resumes from its checkpoint.', at }] })
    }
  }

  async function execute(connectionId: string, runId: string, opts: SyncOptions): Promise<Run> {
    const { connection, connector } = await loadConnection(connectionId)
    if (connection.status === 'paused') throw new MaestroError('connection_paused', `Connection ${connectionId} is paused.`)
    if (connection.status === 'needs_reauth' || connection.status === 'pending') {
      throw new MaestroError('connection_needs_reauth', `Connection ${connectionId} needs to be (re)connected before it can sync.`)
    }
    const names = planResources(connector.manifest, opts.resources)
    await closeInterrupted(connectionId)
    const startedAt = iso()
    const run: Run = {
      id: runId, connectionId, tenant: connection.tenant, connector: connection.connector, trigger: opts.trigger, status: 'running',
      resources: Object.fromEntries(names.map((n) => [n, pendingResourceRun()])), counts: zeroCounts(), startedAt, errors: [],
    }
    const common = { tenant: connection.tenant, connectionId }
    await store.putRun(run)
    bus.emit({ type: 'run.started', ...common, run: structuredClone(run) })

    let auth: ResolvedAuth | undefined
    let stop: MaestroError | undefined
    try {
      auth = await options.resolveAuth(connection)
    } catch (err) {
      stop = asMaestroError(err)
      if (AUTH_CODES.has(stop.code)) await markNeedsReauth(connection, stop)
      else bus.emit({ type: 'connection.error', ...common, error: { code: stop.code, message: stop.message } })
    }
    const keepFor = new Set(Object.values(connector.manifest.resources).map((r) => r.parent?.resource).filter((p): p is string => !!p))

    for (const name of names) {
      const rr: ResourceRun = run.resources[name]
      const parent = connector.manifest.resources[name].parent?.resource
      const parentRun = parent ? run.resources[parent] : undefined
      if (stop || (parentRun && parentRun.status !== 'succeeded')) {
        rr.status = 'skipped'
        const why = stop ? `not run: ${stop.message}` : `not run because its parent "${parent}" did not succeed`
        rr.errors.push({ code: stop?.code ?? 'internal', message: why, resource: name, at: iso() })
        continue
      }
      rr.status = 'running'
      rr.startedAt = iso()
      const requester = connectionRequester(deps, budgets.get(connectionId, connector.manifest), connection, connector, auth!, name)
      try {
        await runResourcePass({
          store, bus, lock, connection, resource: name, spec: connector.manifest.resources[name], runId, full: opts.full ?? false, now, flushEvery,
          keepRemoteData: (options.keepRemoteData ?? true) || keepFor.has(name), requester, hooks: connector.hooks as never, result: rr,
          onStart: ({ full, resumed }) => bus.emit({ type: 'resource.started', ...common, runId, resource: name, full, resumed }),
          onProgress: () => {
            Object.assign(rr, { retries: requester.stats().retries, rateLimitWaits: requester.stats().rateLimitWaits })
            bus.emit({ type: 'run.progress', ...common, runId, resource: name, pages: rr.pages, counts: { ...rr.counts } })
          },
        })
        rr.status = 'succeeded'
      } catch (err) {
        const e = asMaestroError(err)
        rr.status = 'failed'
        rr.errors.push({ code: e.code, message: e.message, resource: name, ...(e.details === undefined ? {} : { details: e.details }), at: iso() })
        if (AUTH_CODES.has(e.code)) {
          stop = e
          await markNeedsReauth(connection, e)
        } else {
          bus.emit({ type: 'connection.error', ...common, error: { code: e.code, message: e.message, resource: name } })
        }
      }
      Object.assign(rr, { retries: requester.stats().retries, rateLimitWaits: requester.stats().rateLimitWaits, finishedAt: iso() })
      bus.emit({ type: 'resource.finished', ...common, runId, resource: name, result: structuredClone(rr) })
      await store.putRun(run)
    }
    return finish(run, connection, stop)
  }

  const finish = async (run: Run, connection: Connection, stop: MaestroError | undefined): Promise<Run> => {
    const results = Object.values(run.resources)
    const counts: RunCounts = zeroCounts()
    for (const r of results) addCounts(counts, r.counts)
    run.counts = counts
    run.errors = [...(stop && !results.some((r) => r.errors.some((e) => e.code === stop.code)) ? [{ code: stop.code, message: stop.message, at: iso() }] : []), ...results.flatMap((r) => r.errors)]
    const ok = results.filter((r) => r.status === 'succeeded').length
    run.status = ok === results.length ? 'succeeded' : ok > 0 ? 'partial' : 'failed'
    run.finishedAt = iso()
    run.durationMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt)
    await store.putRun(run)
    const failed = results.flatMap((r) => r.errors).find((e) => e.code !== 'mapping_invalid')
    const updated = await store.updateConnection(connection.id, (c) => ({
      ...c, lastRunId: run.id, updatedAt: run.finishedAt!,
      ...(c.status === 'needs_reauth' ? {} : { lastError: run.status === 'succeeded' || !failed ? null : { code: failed.code, message: failed.message, at: failed.at } }),
    }))
    bus.emit({ type: 'connection.updated', tenant: connection.tenant, connectionId: connection.id, connection: updated })
    bus.emit({ type: 'run.finished', tenant: connection.tenant, connectionId: connection.id, run: structuredClone(run) })
    return run
  }

  function start(connectionId: string, opts: SyncOptions): { runId: string; done: Promise<Run> } {
    if (running.has(connectionId)) {
      throw new MaestroError('sync_in_progress', `Connection ${connectionId} is already syncing (run ${running.get(connectionId)}).`, { details: { runId: running.get(connectionId) } })
    }
    const runId = newRunId()
    running.set(connectionId, runId)
    const done = execute(connectionId, runId, opts).finally(() => running.delete(connectionId))
    const settled = done.then(() => undefined, () => undefined)
    inflight.add(settled)
    void settled.then(() => inflight.delete(settled))
    return { runId, done }
  }

  async function drain(timeoutMs = 30_000): Promise<boolean> {
    // Wall time on purpose: `now` may be a test's frozen clock, and a grace period is real time.
    const deadline = Date.now() + timeoutMs
    while (inflight.size > 0) {
      const left = deadline - Date.now()
      if (left <= 0) return false
      let timer: NodeJS.Timeout | undefined
      const timedOut = await Promise.race([
        Promise.all([...inflight]).then(() => false),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), left) }),
      ])
      clearTimeout(timer)
      if (timedOut) return false
    }
    return true
  }

  return {
    start,
    sync: async (connectionId, opts) => start(connectionId, opts).done,
    async budgetFor(connectionId) {
      const { connector } = await loadConnection(connectionId)
      return budgets.get(connectionId, connector.manifest)
    },
    fetchOne: ops.fetchOne,
    applyRecords: ops.applyRecords,
    markDeleted: ops.markDeleted,
    isRunning: (connectionId) => running.has(connectionId),
    drain,
  }
}
