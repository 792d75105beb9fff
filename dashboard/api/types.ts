/**
 * @module The API's shapes as the dashboard reads them. Types only, taken from the server's own schemas
 * and store types (runs and audit entries are served as stored), so a change there breaks the
 * dashboard's type check instead of the page.
 */
import type { Static } from '@sinclair/typebox'
import type { EventOf } from '../../runtime/events/types.ts'
import type {
  ConnectionCreateBody, ConnectionUpdateBody, ConnectionView, ConnectorEntry, ConnectorField as ConnectorFieldSchema,
  RecordItem as RecordItemSchema,
} from '../../runtime/server/schemas.ts'

export type { AuditEntry, ResourceRun, Run, RunCounts, RunError } from '../../runtime/store/types.ts'
export type Connection = ConnectionView
export type ConnectionStatus = Connection['status']
export type Connector = ConnectorEntry
export type ConnectorField = Static<typeof ConnectorFieldSchema>
export type RecordItem = Static<typeof RecordItemSchema>
export type ConnectionCreate = ConnectionCreateBody
export type ConnectionUpdate = ConnectionUpdateBody

/** One page of a cursor-paged list. */
export interface Page<T> {
  items: T[]
  next?: string
}

/** A connection as the event stream shows it: status fields only. */
export type ConnectionSummary = Pick<Connection, 'id' | 'tenant' | 'connector' | 'name' | 'status' | 'lastError' | 'updatedAt'>

type Common = { at: string; tenant?: string; connectionId?: string }

/** What the live stream delivers: the server's run and connection events, plus the stream's own state. */
export type LiveEvent =
  | { type: 'ready'; tenant: string | null }
  | { type: 'stream.lost' }
  | EventOf<'run.started'> | EventOf<'run.progress'> | EventOf<'run.finished'>
  | EventOf<'resource.started'> | EventOf<'resource.finished'>
  | (Common & { type: 'connection.created' | 'connection.updated'; connection: ConnectionSummary })
  | (Common & { type: 'connection.deleted' })
  | (Common & { type: 'connection.needs_reauth'; code: string; reason: string })
  | (Common & { type: 'connection.error'; error: { code: string; message: string; resource?: string } })

/** Who the token belongs to: the operator (every tenant) or one tenant. */
export type Scope = { kind: 'operator' } | { kind: 'tenant'; tenant: string }
