/**
 * @module From a raw provider record to a stored change: evaluate the resource's expressions, validate the
 * mapped data against its model, then (under the resource's lock) compare with what is stored and commit.
 */
import { validateModel } from '../model/validate.ts'
import type { ModelName } from '../model/names.ts'
import type { EventBus } from '../events/types.ts'
import type { ResourceState, RunCounts, RunError, Store, StoredRecord } from '../store/types.ts'
import { decide, tombstone, type Incoming, type RecordScope } from './apply.ts'
import { contentHash } from './change-detection.ts'
import type { CompiledResource } from './compile.ts'
import { toRemoteUpdatedAt } from './conflict.ts'

/** A raw record after its expressions ran. */
export type Prepared =
  | { kind: 'record'; incoming: Incoming; cursor?: unknown }
  | { kind: 'deleted'; remoteId: string; cursor?: unknown }
  | { kind: 'invalid'; remoteId?: string; error: RunError }

const asError = (err: unknown) => (err instanceof Error ? err.message : String(err))

// Compiled expressions answer synchronously; awaiting only real promises saves a microtask per expression.
const isPromise = (v: unknown): v is Promise<unknown> => v instanceof Promise

/**
 * Evaluate a raw record's expressions and validate its mapped data. Never throws: a record that cannot be
 * mapped comes back `invalid` with its remote id (when known) and the field paths at fault.
 * @example
 * const p = await prepareRecord(raw, compiled, 'Employee', { config: {} }, new Date().toISOString())
 */
export async function prepareRecord(raw: unknown, compiled: CompiledResource, model: ModelName, bindings: Record<string, unknown>, nowIso: string, resource: string): Promise<Prepared> {
  let remoteId: string | undefined
  try {
    let id = compiled.id(raw, bindings)
    if (isPromise(id)) id = await id
    if (id === undefined || id === null || id === '' || typeof id === 'object') {
      return { kind: 'invalid', error: { code: 'mapping_invalid', message: 'The id expression gave no usable value for a record.', resource, at: nowIso } }
    }
    remoteId = String(id)
    let cursor = compiled.cursor ? compiled.cursor(raw, bindings) : undefined
    if (isPromise(cursor)) cursor = await cursor
    if (compiled.deletedWhen) {
      let gone = compiled.deletedWhen(raw, bindings)
      if (isPromise(gone)) gone = await gone
      if (gone === true) return { kind: 'deleted', remoteId, cursor }
    }
    let data = compiled.map(raw, bindings)
    if (isPromise(data)) data = await data
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return { kind: 'invalid', remoteId, error: { code: 'mapping_invalid', message: `The map expression did not give an object for record ${remoteId}.`, resource, remoteId, at: nowIso } }
    }
    const check = validateModel(model, data)
    if (!check.ok) {
      const fields = check.errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')
      return { kind: 'invalid', remoteId, error: { code: 'mapping_invalid', message: `Record ${remoteId} does not match ${model}: ${fields}.`, resource, remoteId, details: check.errors, at: nowIso } }
    }
    let modified = compiled.modifiedAt ? compiled.modifiedAt(raw, bindings) : undefined
    if (isPromise(modified)) modified = await modified
    const incoming: Incoming = { remoteId, data: data as Record<string, unknown>, hash: contentHash(data), remoteData: raw, remoteUpdatedAt: toRemoteUpdatedAt(modified) }
    return { kind: 'record', incoming, cursor }
  } catch (err) {
    const code = (err as { code?: string }).code === 'expression_failed' ? 'expression_failed' : 'mapping_invalid'
    return { kind: 'invalid', ...(remoteId === undefined ? {} : { remoteId }), error: { code, message: `Record ${remoteId ?? '(no id)'}: ${asError(err)}`, resource, ...(remoteId === undefined ? {} : { remoteId }), at: nowIso } }
  }
}

/** One record change, announced once its batch is committed. */
export interface Change {
  action: 'added' | 'updated' | 'deleted'
  record: StoredRecord
}

/** Everything a flush needs. */
export interface FlushInput {
  store: Store
  scope: RecordScope
  items: Prepared[]
  now: string
  /** Id of the pass, written as `seenBy` on the records the batch changes; undefined keeps stored marks. */
  seenBy?: string
  /** State (checkpoint, cursor) to store after the records, in the same commit. */
  state?: ResourceState
}

/** What a flush did. */
export interface FlushResult {
  counts: Pick<RunCounts, 'added' | 'updated' | 'unchanged' | 'deleted' | 'invalid'>
  changes: Change[]
}

/**
 * Compare prepared records with the stored ones and commit records then state. Call it under the resource's
 * lock. Records of one batch apply in arrival order, so a record seen twice ends as its last version.
 */
export async function flushBatch(input: FlushInput): Promise<FlushResult> {
  const { store, scope, items, now, seenBy } = input
  const ids = new Set<string>()
  for (const it of items) {
    const id = it.kind === 'record' ? it.incoming.remoteId : it.remoteId
    if (id !== undefined) ids.add(id)
  }
  const current = ids.size > 0 ? await store.getRecords(scope.connectionId, scope.resource, [...ids]) : new Map<string, StoredRecord>()
  const writes = new Map<string, StoredRecord>()
  const changes: Change[] = []
  const counts = { added: 0, updated: 0, unchanged: 0, deleted: 0, invalid: 0 }
  const put = (r: StoredRecord) => { current.set(r.remoteId, r); writes.set(r.remoteId, r) }

  for (const it of items) {
    if (it.kind === 'invalid') {
      counts.invalid++
      continue
    }
    if (it.kind === 'deleted') {
      const ex = current.get(it.remoteId)
      if (ex && ex.deletedAt === null) {
        const gone = { ...tombstone(ex, now), ...(seenBy === undefined ? {} : { seenBy }) }
        put(gone)
        changes.push({ action: 'deleted', record: gone })
        counts.deleted++
      } else {
        counts.unchanged++
      }
      continue
    }
    const d = decide(current.get(it.incoming.remoteId), it.incoming, scope, { now, seenBy })
    if (d.action === 'added' || d.action === 'updated') {
      put(d.record)
      changes.push({ action: d.action, record: d.record })
      counts[d.action]++
    } else {
      counts.unchanged++
    }
  }

  if (writes.size > 0 || input.state) {
    await store.commit({ connectionId: scope.connectionId, resource: scope.resource, records: [...writes.values()], ...(input.state ? { state: input.state } : {}) })
  }
  return { counts, changes }
}

/** Announce committed changes on the bus. */
export function emitChanges(bus: EventBus, changes: Change[], runId: string | null): void {
  // One timestamp per batch: the changes were committed together.
  const at = new Date().toISOString()
  for (const c of changes) {
    bus.emit({ type: `record.${c.action}`, at, tenant: c.record.tenant, connectionId: c.record.connectionId, record: c.record, runId })
  }
}
