/**
 * @module Outbound events to the host application and their deliveries.
 */

/** Event types sent to the host application. */
export type OutboundEventType =
  | 'record.added' | 'record.updated' | 'record.deleted'
  | 'connection.created' | 'connection.needs_reauth' | 'connection.error'
  | 'run.finished'

/** The JSON body of every outbound event. */
export interface OutboundEvent {
  id: string
  type: OutboundEventType
  createdAt: string
  /** The host application's customer the event is about: always present. */
  tenant: string
  connectionId: string
  connector?: string
  data: Record<string, unknown>
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead'

/** One delivery of one event to one URL, with its attempts. */
export interface Delivery {
  id: string
  eventId: string
  type: OutboundEventType
  tenant: string
  connectionId: string
  url: string
  status: DeliveryStatus
  attempts: number
  createdAt: string
  /** ISO time of the next attempt (pending only). */
  nextAttemptAt?: string
  lastAttemptAt?: string
  deliveredAt?: string
  lastError?: { status?: number; message: string }
  /** The event body as sent; dropped once delivered to keep the log small. */
  body?: string
}

/** Where a tenant's events go; the secret signs them and is never stored with a delivery. */
export interface OutboundTarget {
  url: string
  secret: string
}
