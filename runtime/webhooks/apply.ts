/**
 * @module Applying one accepted delivery: route its events to connections, then per connection upsert the
 * carried records, mark deletions, refetch by id with the resource's `get` (drawing on the connection's
 * shared rate budget inside the engine) and trigger syncs. Every action is idempotent, so a delivery that
 * failed half-way for a transient reason is simply applied again.
 */
import { MaestroError, asMaestroError } from '../errors.ts'
import type { Connection } from '../store/types.ts'
import type { InboxEntry } from './inbox.ts'
import { compileWebhooks, planDelivery, type PlannedAction } from './rules.ts'
import type { WebhookConnector, WebhookDeps } from './types.ts'

/** What happened for one connection. */
export interface ConnectionOutcome {
  connection: Connection
  /** Per resource and action: how many events asked for it. */
  actions: { resource: string; action: PlannedAction['action']; count: number }[]
  counts: Record<string, number>
  runId?: string
  skipped?: string
  errors: { code: string; message: string; resource?: string }[]
}

/** What applying a delivery did. */
export interface DeliveryOutcome {
  connections: ConnectionOutcome[]
  /** Events a rule would have applied but that matched no connection. */
  unrouted: number
  /** The first transient failure, when the delivery should be tried again. */
  retryable?: MaestroError
}

// Failures that may pass on their own; anything else is recorded and not retried.
const TRANSIENT = new Set(['provider_unreachable', 'provider_rate_limited', 'provider_error', 'internal'])

const add = (into: Record<string, number>, counts: Partial<Record<string, number>>) => {
  for (const [k, v] of Object.entries(counts)) if (typeof v === 'number') into[k] = (into[k] ?? 0) + v
}

/** Find the connections an event belongs to: URL, `routeWebhook` hook, manifest `route`, or the only connection. */
function router(deps: WebhookDeps, connector: WebhookConnector, entry: InboxEntry) {
  let all: Promise<Connection[]> | undefined
  const connections = () => (all ??= deps.store.listConnections({ connector: connector.id }))
  const rules = compileWebhooks(connector.manifest.webhooks!)
  const hook = connector.hooks?.routeWebhook as ((input: { event: unknown; payload: unknown; headers: Record<string, string>; connections: Connection[] }) => unknown) | undefined
  return async (event: unknown): Promise<Connection[]> => {
    const list = await connections()
    if (entry.connectionId) return list.filter((c) => c.id === entry.connectionId)
    if (typeof hook === 'function') {
      const ids = new Set([await hook({ event, payload: entry.payload, headers: entry.headers, connections: list })].flat().filter((x): x is string => typeof x === 'string'))
      return list.filter((c) => ids.has(c.id))
    }
    if (rules.route) {
      const { config, value } = rules.route
      const bindings = { headers: entry.headers, config: {} }
      const v = (await value.evaluate(event, bindings)) ?? (await value.evaluate(entry.payload, bindings))
      if (v === undefined || v === null) return []
      // Several tenants may have connected the same account: each of their connections gets the event.
      return list.filter((c) => c.config[config] !== undefined && String(c.config[config]) === String(v))
    }
    // Without a way to tell accounts apart, only an unambiguous single connection may receive the event.
    return list.length === 1 ? list : []
  }
}

/** Group a connection's actions: records to upsert, ids to delete or refetch, resources to sync. */
function group(actions: PlannedAction[]) {
  const upserts = new Map<string, unknown[]>()
  const deletes = new Map<string, Set<string>>()
  const refetches = new Map<string, Set<string>>()
  const syncs = new Set<string>()
  const push = <T>(m: Map<string, T[] | Set<T>>, k: string, v: T, make: () => T[] | Set<T>) => {
    let slot = m.get(k)
    if (!slot) m.set(k, (slot = make()))
    if (Array.isArray(slot)) slot.push(v)
    else slot.add(v)
  }
  for (const a of actions) {
    if (a.action === 'upsert' && a.record !== undefined) for (const r of [a.record].flat()) push(upserts, a.resource, r, () => [])
    else if (a.action === 'delete' && a.id) push(deletes, a.resource, a.id, () => new Set())
    else if (a.action === 'refetch' && a.id) push(refetches, a.resource, a.id, () => new Set())
    else if (a.action === 'sync') syncs.add(a.resource)
  }
  return { upserts, deletes, refetches, syncs }
}

function summarize(actions: PlannedAction[]): ConnectionOutcome['actions'] {
  const out = new Map<string, ConnectionOutcome['actions'][number]>()
  for (const a of actions) {
    const key = `${a.resource}\u0000${a.action}`
    const slot = out.get(key) ?? { resource: a.resource, action: a.action, count: 0 }
    slot.count++
    out.set(key, slot)
  }
  return [...out.values()]
}

async function applyToConnection(deps: WebhookDeps, entry: InboxEntry, connection: Connection, actions: PlannedAction[]): Promise<{ outcome: ConnectionOutcome; retryable?: MaestroError }> {
  const outcome: ConnectionOutcome = { connection, actions: summarize(actions), counts: {}, errors: [] }
  if (connection.status === 'paused' || connection.status === 'pending') {
    outcome.skipped = connection.status === 'paused' ? 'the connection is paused' : 'the connection is waiting for consent'
    return { outcome }
  }
  const source = `webhook:${entry.id}`
  const { upserts, deletes, refetches, syncs } = group(actions)
  let retryable: MaestroError | undefined
  const attempt = async (resource: string, work: () => Promise<void>) => {
    try {
      await work()
    } catch (err) {
      const e = asMaestroError(err)
      outcome.errors.push({ code: e.code, message: e.message, resource })
      if (TRANSIENT.has(e.code)) retryable ??= e
    }
  }
  const record = (resource: string, result: { counts: Partial<Record<string, number>>; errors: { code: string; message: string }[] }) => {
    add(outcome.counts, result.counts)
    for (const e of result.errors) outcome.errors.push({ code: e.code, message: e.message, resource })
  }

  for (const [resource, records] of upserts) await attempt(resource, async () => record(resource, await deps.engine.applyRecords(connection.id, resource, records, { source })))
  for (const [resource, ids] of deletes) await attempt(resource, async () => record(resource, await deps.engine.markDeleted(connection.id, resource, [...ids])))
  for (const [resource, ids] of refetches) {
    await attempt(resource, async () => {
      const found: unknown[] = []
      const gone: string[] = []
      for (const id of ids) {
        const raw = await deps.engine.fetchOne(connection.id, resource, id)
        if (raw === null || raw === undefined) gone.push(id)
        else found.push(raw)
      }
      add(outcome.counts, { refetched: found.length })
      if (found.length > 0) record(resource, await deps.engine.applyRecords(connection.id, resource, found, { source }))
      if (gone.length > 0) record(resource, await deps.engine.markDeleted(connection.id, resource, gone))
    })
  }
  if (syncs.size > 0) {
    await attempt([...syncs].join(','), async () => {
      try {
        const { runId, done } = deps.engine.start(connection.id, { resources: [...syncs], trigger: 'webhook' })
        // The run reports its own outcome (run.finished, audit); only an unhandled rejection must be avoided here.
        done.catch(() => undefined)
        outcome.runId = runId
      } catch (err) {
        // A running sync will read the change anyway.
        if (err instanceof MaestroError && err.code === 'sync_in_progress') outcome.skipped = 'a sync of the connection is already running'
        else throw err
      }
    })
  }
  return { outcome, ...(retryable ? { retryable } : {}) }
}

/**
 * Apply one delivery.
 * @example
 * const outcome = await applyDelivery(deps, entry)
 * outcome.connections[0].counts // { refetched: 1, updated: 1 }
 */
export async function applyDelivery(deps: WebhookDeps, entry: InboxEntry): Promise<DeliveryOutcome> {
  const connector = deps.connectors.get(entry.connector)
  if (!connector?.manifest.webhooks) throw new MaestroError('connector_not_found', `Connector ${entry.connector} is no longer loaded.`)
  const rules = compileWebhooks(connector.manifest.webhooks)
  const plan = await planDelivery(rules, entry.payload, entry.headers, router(deps, connector, entry))
  const outcome: DeliveryOutcome = { connections: [], unrouted: plan.unrouted }
  for (const { connection, actions } of plan.byConnection.values()) {
    const r = await applyToConnection(deps, entry, connection, actions)
    outcome.connections.push(r.outcome)
    outcome.retryable ??= r.retryable
  }
  return outcome
}
