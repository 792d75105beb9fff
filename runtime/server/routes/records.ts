/**
 * @module Canonical records of one connection and model, paged by an opaque cursor and filterable by
 * `modified_after`; raw provider data only on request, internal bookkeeping never.
 */
import { Hono } from 'hono'
import type { StoredRecord } from '../../store/types.ts'
import { loadConnection } from '../access.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { ModelParam, RecordItem, RecordPage, RecordsQuery } from '../schemas.ts'
import { check, readQuery } from '../validate.ts'

export const operations: Operation[] = [
  {
    method: 'get', path: '/connections/:id/records/:model', tag: 'records', summary: 'Read records of one model (e.g. Employee).', query: RecordsQuery,
    responses: { 200: { description: 'One page of records.', schema: RecordPage } }, errors: ['forbidden', 'invalid_request', 'connection_not_found'],
  },
]

// Only the published envelope's fields leave the server: bookkeeping such as `seenBy` stays inside.
const ENVELOPE_FIELDS = Object.keys(RecordItem.properties).filter((k) => k !== 'remoteData')

/** A stored record as served; `remoteData` only when asked for. */
export function recordView(record: StoredRecord, includeRemoteData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of ENVELOPE_FIELDS) if ((record as unknown as Record<string, unknown>)[k] !== undefined) out[k] = (record as unknown as Record<string, unknown>)[k]
  if (includeRemoteData) out.remoteData = record.remoteData ?? null
  return out
}

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()
  app.get('/connections/:id/records/:model', async (c) => {
    const connection = await loadConnection(deps, c, c.req.param('id'))
    const model = check(ModelParam, c.req.param('model'), { prefix: '/model', what: 'model name' })
    const q = readQuery(c, RecordsQuery)
    const page = await deps.store.listRecords({
      connectionId: connection.id,
      model,
      pageSize: q.page_size ?? 100,
      ...(q.modified_after ? { modifiedAfter: q.modified_after } : {}),
      ...(q.include_deleted ? { includeDeleted: true } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    })
    return c.json({ items: page.items.map((r) => recordView(r, Boolean(q.include_remote_data))), ...(page.next ? { next: page.next } : {}) })
  })
  return app
}

export const records: RouteModule = { operations, routes }
