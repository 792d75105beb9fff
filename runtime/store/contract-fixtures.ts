/**
 * @module Builders for the Store contract suite: valid connections, records, runs and audit entries
 * with deterministic timestamps.
 */
import type { AuditEntry, Connection, Run, RunCounts, StoredRecord } from './types.ts'

const T0 = Date.parse('2024-05-01T00:00:00.000Z')

/** An ISO timestamp `ms` milliseconds after a fixed origin. */
export function at(ms: number): string {
  return new Date(T0 + ms).toISOString()
}

/** A connection with sealed (opaque) credentials. */
export function connection(id: string, overrides: Partial<Connection> = {}): Connection {
  return {
    id,
    tenant: 't1',
    connector: 'harvest',
    status: 'active',
    config: { accountId: '123' },
    credentials: { keyId: 'k1', iv: 'aXY=', tag: 'dGFn', data: 'Y2lwaGVydGV4dA==' },
    schedule: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  }
}

/** A record of `employees` on `connectionId`, modified `n` ms after the origin unless overridden. */
export function record(connectionId: string, n: number, overrides: Partial<StoredRecord> = {}): StoredRecord {
  const remoteId = overrides.remoteId ?? `r${n}`
  const resource = overrides.resource ?? 'employees'
  return {
    id: `${connectionId}:${resource}:${remoteId}`,
    remoteId,
    connectionId,
    tenant: 't1',
    connector: 'harvest',
    resource,
    model: 'Employee',
    data: { firstName: `First ${n}`, lastName: 'Last' },
    remoteData: { id: n, first_name: `First ${n}` },
    remoteUpdatedAt: at(n),
    firstSeenAt: at(n),
    modifiedAt: at(n),
    deletedAt: null,
    lastAction: 'added',
    hash: `h${n}`,
    seenBy: 'run1',
    ...overrides,
  }
}

/** `count` records numbered from `from`. */
export function records(connectionId: string, from: number, count: number, overrides: Partial<StoredRecord> = {}): StoredRecord[] {
  return Array.from({ length: count }, (_, i) => record(connectionId, from + i, overrides))
}

const zero: RunCounts = { fetched: 0, added: 0, updated: 0, unchanged: 0, deleted: 0, invalid: 0 }

/** A run started `n` ms after the origin. */
export function run(id: string, n: number, overrides: Partial<Run> = {}): Run {
  return {
    id,
    connectionId: 'c1',
    tenant: 't1',
    connector: 'harvest',
    trigger: 'manual',
    status: 'succeeded',
    resources: {},
    counts: { ...zero },
    startedAt: at(n),
    errors: [],
    ...overrides,
  }
}

/** An audit entry at `n` ms after the origin. */
export function audit(id: string, n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { id, at: at(n), actor: 'operator', tenant: 't1', action: 'connection.created', target: 'c1', outcome: 'ok', ...overrides }
}
