/**
 * @module From the event bus to outbound events: record changes of a run are batched (one event per run
 * and action, chunked by `batchSize`, sent when the run finishes), record changes outside runs (webhooks)
 * go out one by one, and connection and run events are forwarded. Every event carries its tenant.
 */
import { randomBytes } from 'node:crypto'
import type { EventBus, EventOf } from '../events/types.ts'
import type { Connection, RecordAction, StoredRecord } from '../store/types.ts'
import type { OutboundEvent, OutboundEventType } from './types.ts'

/** A record as the host application receives it: the envelope without raw provider data or internals. */
export function recordView(r: StoredRecord): Record<string, unknown> {
  return {
    id: r.id, remoteId: r.remoteId, connectionId: r.connectionId, connector: r.connector, resource: r.resource, model: r.model,
    data: r.data, remoteUpdatedAt: r.remoteUpdatedAt, firstSeenAt: r.firstSeenAt, modifiedAt: r.modifiedAt, deletedAt: r.deletedAt, lastAction: r.lastAction,
  }
}

/** A connection as the host application receives it: never its credentials. */
export function connectionView(c: Connection): Record<string, unknown> {
  return {
    id: c.id, tenant: c.tenant, connector: c.connector, ...(c.name ? { name: c.name } : {}), status: c.status, config: c.config,
    schedule: c.schedule ?? null, createdAt: c.createdAt, updatedAt: c.updatedAt,
  }
}

export interface OutboundEventsOptions {
  /** Records per `record.*` event of a run (default 100). */
  batchSize?: number
  now?: () => number
}

const ACTIONS: RecordAction[] = ['added', 'updated', 'deleted']

/**
 * Subscribe to the bus and hand each outbound event to `emit`. Returns the unsubscribe function.
 * @example
 * const off = subscribeOutboundEvents(bus, (event) => dispatcher.enqueue(event))
 */
export function subscribeOutboundEvents(bus: EventBus, emit: (event: OutboundEvent) => void, options: OutboundEventsOptions = {}): () => void {
  const batchSize = Math.max(1, options.batchSize ?? 100)
  const now = options.now ?? Date.now
  // runId → action → records waiting for the run to finish (or for a full batch).
  const runs = new Map<string, { tenant: string; connectionId: string; connector: string; batches: Map<RecordAction, Record<string, unknown>[]> }>()

  const event = (type: OutboundEventType, tenant: string, connectionId: string, connector: string | undefined, data: Record<string, unknown>): OutboundEvent => ({
    id: `evt_${randomBytes(12).toString('hex')}`, type, createdAt: new Date(now()).toISOString(), tenant, connectionId, ...(connector ? { connector } : {}), data,
  })

  const flush = (runId: string, action: RecordAction) => {
    const run = runs.get(runId)
    const records = run?.batches.get(action)
    if (!run || !records || records.length === 0) return
    run.batches.set(action, [])
    emit(event(`record.${action}`, run.tenant, run.connectionId, run.connector, { runId, records }))
  }

  const onRecord = (e: EventOf<'record.added'> | EventOf<'record.updated'> | EventOf<'record.deleted'>) => {
    const action = e.type.slice('record.'.length) as RecordAction
    const r = e.record
    const tenant = e.tenant ?? r.tenant
    if (e.runId === null) {
      emit(event(e.type, tenant, r.connectionId, r.connector, { runId: null, records: [recordView(r)] }))
      return
    }
    let run = runs.get(e.runId)
    if (!run) runs.set(e.runId, (run = { tenant, connectionId: r.connectionId, connector: r.connector, batches: new Map() }))
    const list = run.batches.get(action) ?? []
    list.push(recordView(r))
    run.batches.set(action, list)
    if (list.length >= batchSize) flush(e.runId, action)
  }

  const offs = [
    bus.on('record.added', onRecord),
    bus.on('record.updated', onRecord),
    bus.on('record.deleted', onRecord),
    bus.on('run.finished', (e) => {
      for (const a of ACTIONS) flush(e.run.id, a)
      runs.delete(e.run.id)
      emit(event('run.finished', e.tenant ?? e.run.tenant, e.run.connectionId, e.run.connector, { run: e.run }))
    }),
    bus.on('connection.created', (e) => {
      emit(event('connection.created', e.tenant ?? e.connection.tenant, e.connection.id, e.connection.connector, { connection: connectionView(e.connection) }))
    }),
    bus.on('connection.needs_reauth', (e) => {
      if (!e.tenant || !e.connectionId) return
      emit(event('connection.needs_reauth', e.tenant, e.connectionId, undefined, { code: e.code, reason: e.reason }))
    }),
    bus.on('connection.error', (e) => {
      if (!e.tenant || !e.connectionId) return
      emit(event('connection.error', e.tenant, e.connectionId, undefined, { error: e.error }))
    }),
  ]
  return () => { for (const off of offs) off() }
}
