/**
 * @module "Sync now": start a run of all or some resources of a connection; answers 202 with the run.
 */
import { Hono } from 'hono'
import { asMaestroError, MaestroError } from '../../errors.ts'
import type { Connection, Run } from '../../store/types.ts'
import { audit, loadConnection } from '../access.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { Run as RunSchema, SyncRequest } from '../schemas.ts'
import { invalid, readBody } from '../validate.ts'

export const operations: Operation[] = [
  {
    method: 'post', path: '/connections/:id/sync', tag: 'runs', summary: 'Start a sync run now.', body: SyncRequest,
    responses: { 202: { description: 'The run, started.', schema: RunSchema } },
    errors: ['forbidden', 'invalid_request', 'connection_not_found', 'connector_not_found', 'connection_paused', 'connection_needs_reauth', 'sync_in_progress'],
  },
]

/** Refuse to start a run the connection cannot make. */
function assertSyncable(connection: Connection): void {
  if (connection.status === 'paused') throw new MaestroError('connection_paused', 'The connection is paused.')
  if (connection.status === 'pending') throw new MaestroError('connection_needs_reauth', 'The connection is waiting for OAuth consent.', { hint: 'Authorize it with POST /connections/:id/authorize.' })
  if (connection.status === 'needs_reauth') throw new MaestroError('connection_needs_reauth', 'The provider refused the connection\'s credentials.')
}

/** What the engine has written so far may lag behind `start`; until then the run is shown as just started. */
function startedRun(connection: Connection, runId: string, resources: string[], full: boolean, at: string): Run {
  const counts = { fetched: 0, added: 0, updated: 0, unchanged: 0, deleted: 0, invalid: 0 }
  return {
    id: runId, connectionId: connection.id, tenant: connection.tenant, connector: connection.connector, trigger: 'api', status: 'running',
    resources: Object.fromEntries(resources.map((r) => [r, { status: 'pending', counts: { ...counts }, pages: 0, retries: 0, rateLimitWaits: 0, full, errors: [] }])),
    counts, startedAt: at, errors: [],
  }
}

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()
  app.post('/connections/:id/sync', async (c) => {
    const connection = await loadConnection(deps, c, c.req.param('id'))
    const body = await readBody(c, SyncRequest)
    const connector = deps.connectors.get(connection.connector)
    if (!connector) throw new MaestroError('connector_not_found', `No connector "${connection.connector}".`)
    const known = Object.keys(connector.manifest.resources)
    const unknown = (body.resources ?? []).flatMap((r, i) => known.includes(r) ? [] : [{ path: `/resources/${i}`, message: `is not a resource of ${connector.id} (${known.join(', ')})` }])
    if (unknown.length > 0) throw invalid(unknown)
    assertSyncable(connection)
    if (deps.engine.isRunning(connection.id)) throw new MaestroError('sync_in_progress', 'A sync of this connection is already running.')
    const target = { tenant: connection.tenant, target: connection.id }
    let runId: string
    try {
      const started = await deps.engine.start(connection.id, { trigger: 'api', ...(body.resources ? { resources: body.resources } : {}), ...(body.full ? { full: true } : {}) })
      // The run's outcome is reported by events and the run record; nobody awaits it here.
      started.done.catch(() => undefined)
      runId = started.runId
    } catch (err) {
      await audit(deps, c, { action: 'sync.trigger', outcome: 'error', ...target, details: { code: asMaestroError(err).code } })
      throw err
    }
    await audit(deps, c, { action: 'sync.trigger', outcome: 'ok', ...target, details: { runId, resources: body.resources ?? known, full: Boolean(body.full) } })
    const run = (await deps.store.getRun(runId)) ?? startedRun(connection, runId, body.resources ?? known, Boolean(body.full), deps.clock().toISOString())
    return c.json(run, 202)
  })
  return app
}

export const sync: RouteModule = { operations, routes }
