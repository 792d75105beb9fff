/**
 * @module What one incoming version of a record does to the stored one: add, update, nothing (same content),
 * or nothing because it is older. Shared by syncs and webhooks so both follow the same rules.
 */
import type { StoredRecord } from '../store/types.ts'
import { isNotOlder } from './conflict.ts'
import { recordId } from './record-id.ts'

/** Where records of one resource of one connection go. */
export interface RecordScope {
  connectionId: string
  tenant: string
  connector: string
  resource: string
  model: string
  /** Keep the raw provider JSON in the envelope (children read their parent's from it). */
  keepRemoteData: boolean
}

/** A mapped, validated provider record. */
export interface Incoming {
  remoteId: string
  data: Record<string, unknown>
  hash: string
  remoteData: unknown
  remoteUpdatedAt: string | null
}

export type Decision =
  | { action: 'added' | 'updated'; record: StoredRecord }
  /** Same content, or an older version (`stale`): nothing is written. */
  | { action: 'unchanged' | 'stale' }

/** Options of one decision. */
export interface DecideOptions {
  /** ISO time of the change. */
  now: string
  /** Id of the pass writing the record (`seenBy`); undefined keeps the stored one (webhooks). */
  seenBy?: string
}

/**
 * Decide what an incoming version does. A record deleted earlier that shows up again is `added` anew.
 * @example
 * decide(undefined, incoming, scope, { now }) // { action: 'added', record: {…} }
 */
export function decide(existing: StoredRecord | undefined, incoming: Incoming, scope: RecordScope, options: DecideOptions): Decision {
  const { now, seenBy } = options
  const live = existing !== undefined && existing.deletedAt === null
  if (live && existing.hash === incoming.hash) return { action: 'unchanged' }
  if (live && !isNotOlder(existing, incoming)) return { action: 'stale' }
  const record: StoredRecord = {
    id: existing?.id ?? recordId(scope.connectionId, scope.resource, incoming.remoteId),
    remoteId: incoming.remoteId,
    connectionId: scope.connectionId,
    tenant: scope.tenant,
    connector: scope.connector,
    resource: scope.resource,
    model: scope.model,
    data: incoming.data,
    ...(scope.keepRemoteData ? { remoteData: incoming.remoteData } : {}),
    remoteUpdatedAt: incoming.remoteUpdatedAt,
    firstSeenAt: existing?.firstSeenAt ?? now,
    modifiedAt: now,
    deletedAt: null,
    lastAction: live ? 'updated' : 'added',
    hash: incoming.hash,
    ...(seenBy !== undefined ? { seenBy } : existing?.seenBy !== undefined ? { seenBy: existing.seenBy } : {}),
  }
  return { action: record.lastAction as 'added' | 'updated', record }
}

/**
 * The deleted version of a stored record: marked, never removed; `data` is kept as last seen.
 * @example
 * tombstone(stored, '2026-01-01T00:00:00.000Z').lastAction // 'deleted'
 */
export function tombstone(existing: StoredRecord, now: string): StoredRecord {
  return { ...existing, deletedAt: now, modifiedAt: now, lastAction: 'deleted' }
}
