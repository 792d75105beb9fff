/**
 * @module Record operations outside a run, for webhooks: refetch one record with the resource's `get`,
 * apply delivered records, mark records deleted. Same change detection and conflict rule as a sync.
 */
import { MaestroError, asMaestroError } from '../errors.ts'
import { compileExpression } from '../mapping/index.ts'
import type { Requester } from '../http/index.ts'
import type { EventBus } from '../events/types.ts'
import type { ModelName } from '../model/names.ts'
import type { Connection, RunError, Store } from '../store/types.ts'
import type { RecordScope } from './apply.ts'
import { compileResource } from './compile.ts'
import type { ResolvedAuth, SyncConnector } from './connection-http.ts'
import type { KeyedLock } from './keyed-lock.ts'
import { emitChanges, flushBatch, prepareRecord, type FlushResult, type Prepared } from './record-pipeline.ts'

/** What applying records did. */
export interface ApplyResult {
  counts: FlushResult['counts']
  /** Invalid records, with remote id and field paths. */
  errors: RunError[]
}

/** What the record operations need from the engine. */
export interface RecordOpsDeps {
  store: Store
  bus: EventBus
  lock: KeyedLock
  now: () => number
  keepRemoteData: boolean
  loadConnection(connectionId: string): Promise<{ connection: Connection; connector: SyncConnector }>
  resolveAuth(connection: Connection): Promise<ResolvedAuth>
  requesterFor(connection: Connection, connector: SyncConnector, auth: ResolvedAuth): Requester
  markNeedsReauth(connection: Connection, err: MaestroError): Promise<void>
  authCodes: ReadonlySet<string>
}

const recordExprs = new Map<string, ReturnType<typeof compileExpression>>()

/** Build fetchOne / applyRecords / markDeleted over the engine's store, lock and budgets. */
export function createRecordOps(deps: RecordOpsDeps) {
  const iso = () => new Date(deps.now()).toISOString()

  const resourceOf = (connector: SyncConnector, resource: string) => {
    const spec = connector.manifest.resources[resource]
    if (!spec) throw new MaestroError('invalid_request', `Connector ${connector.id} has no resource "${resource}".`)
    return spec
  }
  const scopeOf = (connection: Connection, resource: string, model: string): RecordScope => ({
    connectionId: connection.id, tenant: connection.tenant, connector: connection.connector, resource, model, keepRemoteData: deps.keepRemoteData,
  })

  const commit = async (connection: Connection, scope: RecordScope, items: Prepared[]): Promise<ApplyResult> => {
    const errors = items.flatMap((p) => (p.kind === 'invalid' ? [p.error] : []))
    const out = await deps.lock.run(`${connection.id}\u0000${scope.resource}`, () => flushBatch({ store: deps.store, scope, items, now: iso() }))
    emitChanges(deps.bus, out.changes, null)
    return { counts: out.counts, errors }
  }

  return {
    async fetchOne(connectionId: string, resource: string, remoteId: string): Promise<unknown | null> {
      const { connection, connector } = await deps.loadConnection(connectionId)
      const spec = resourceOf(connector, resource)
      if (!spec.get) throw new MaestroError('invalid_request', `Resource "${resource}" of ${connector.id} declares no \`get\`, so one record cannot be fetched by id.`)
      const auth = await deps.resolveAuth(connection)
      const requester = deps.requesterFor(connection, connector, auth)
      const { method, path, query, headers, body } = spec.get
      let res
      try {
        res = await requester.request({ method, path, query, headers, body }, { id: remoteId, now: iso() })
      } catch (err) {
        const e = asMaestroError(err)
        if ((e.details as { status?: number } | undefined)?.status === 404) return null
        if (deps.authCodes.has(e.code)) await deps.markNeedsReauth(connection, e)
        throw e
      }
      if (res.ignored || res.body === undefined) return null
      if (!spec.get.record) return res.body
      let expr = recordExprs.get(spec.get.record)
      if (!expr) recordExprs.set(spec.get.record, (expr = compileExpression(spec.get.record)))
      const record = await expr.evaluate(res.body, { status: res.status, headers: res.headers, response: { status: res.status, headers: res.headers, body: res.body } })
      return record ?? null
    },

    async applyRecords(connectionId: string, resource: string, rawRecords: unknown[], options: { source: string }): Promise<ApplyResult> {
      const { connection, connector } = await deps.loadConnection(connectionId)
      const spec = resourceOf(connector, resource)
      const compiled = compileResource(spec)
      const nowIso = iso()
      const items: Prepared[] = []
      for (const raw of rawRecords) items.push(await prepareRecord(raw, compiled, spec.model as ModelName, { config: connection.config }, nowIso, resource))
      for (const p of items) if (p.kind === 'invalid') p.error.details = { ...(p.error.details === undefined ? {} : { fields: p.error.details }), source: options.source }
      return commit(connection, scopeOf(connection, resource, spec.model), items)
    },

    async markDeleted(connectionId: string, resource: string, remoteIds: string[]): Promise<ApplyResult> {
      const { connection, connector } = await deps.loadConnection(connectionId)
      const spec = resourceOf(connector, resource)
      return commit(connection, scopeOf(connection, resource, spec.model), remoteIds.map((remoteId) => ({ kind: 'deleted' as const, remoteId: String(remoteId) })))
    },
  }
}
