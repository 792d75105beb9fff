/**
 * @module The typed events Maestro emits: run steps, record changes, connection changes, request retries and
 * webhook deliveries. SSE, the audit log and outbound webhooks all listen to the same stream.
 */
import type { Connection, ResourceRun, Run, RunCounts, RunError, StoredRecord } from '../store/types.ts'

/** Payload of each event type, without the common fields. */
export interface EventPayloads {
  'run.started': { run: Run }
  'run.progress': { runId: string; resource: string; pages: number; counts: RunCounts }
  'run.finished': { run: Run }
  'resource.started': { runId: string; resource: string; full: boolean; resumed: boolean }
  'resource.finished': { runId: string; resource: string; result: ResourceRun }
  'record.added': { record: StoredRecord; runId: string | null }
  'record.updated': { record: StoredRecord; runId: string | null }
  'record.deleted': { record: StoredRecord; runId: string | null }
  'connection.created': { connection: Connection }
  'connection.updated': { connection: Connection }
  'connection.deleted': { connectionId: string }
  'connection.needs_reauth': { reason: string; code: string }
  'connection.error': { error: Pick<RunError, 'code' | 'message'> & { resource?: string } }
  'request.retry': { attempt: number; delayMs: number; status?: number; code?: string; resource?: string }
  'request.rate_limited': { waitMs: number; status?: number; resource?: string }
  'webhook.received': { connector: string; eventId?: string }
  'webhook.processed': { connector: string; eventId?: string; resource?: string; action?: string; count?: number }
  'webhook.rejected': { connector: string; code: string; reason: string }
  'webhook.duplicate': { connector: string; eventId: string }
}

export type EventType = keyof EventPayloads

/** Fields every event carries: its type, when it happened, and the tenant and connection where known. */
export interface EventCommon<T extends EventType = EventType> {
  type: T
  /** ISO-8601 time of emission. */
  at: string
  tenant?: string
  connectionId?: string
}

/** One event of type `T`. */
export type EventOf<T extends EventType> = EventCommon<T> & EventPayloads[T]

/** Any event, discriminated by `type`. */
export type MaestroEvent = { [T in EventType]: EventOf<T> }[EventType]

/** What an emitter passes: `at` is filled in when absent. */
export type EventInput<T extends EventType = EventType> = Omit<EventOf<T>, 'at'> & { at?: string }

export type Listener<T extends EventType> = (event: EventOf<T>) => void | Promise<void>
export type AnyListener = (event: MaestroEvent) => void | Promise<void>

/** The event bus every subsystem shares. */
export interface EventBus {
  /** Deliver an event to its listeners; never throws because of a listener. */
  emit<T extends EventType>(event: EventInput<T>): void
  /** Listen to one event type, or every event with `'*'`; returns the unsubscribe function. */
  on<T extends EventType>(type: T, listener: Listener<T>): () => void
  on(type: '*', listener: AnyListener): () => void
}
