/**
 * @module Connections CRUD: create with config and API-key credentials (sealed), read, update, pause,
 * resume and delete (revoking the provider's tokens where it can).
 */
import { randomBytes } from 'node:crypto'
import { validateCronExpression } from 'cron'
import { Hono, type Context } from 'hono'
import { MaestroError } from '../../errors.ts'
import type { Connection } from '../../store/types.ts'
import { audit, loadConnection, tenantScope } from '../access.ts'
import { needsConsent } from '../catalog.ts'
import { checkConnectionValues } from '../connection-input.ts'
import { connectionView } from '../connection-view.ts'
import { sealMerged } from '../credentials.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { Connection as ConnectionSchema, ConnectionCreate, ConnectionList, ConnectionsQuery, ConnectionUpdate } from '../schemas.ts'
import { invalid, readBody, readQuery } from '../validate.ts'

const one = { 200: { description: 'The connection.', schema: ConnectionSchema } }

export const operations: Operation[] = [
  { method: 'get', path: '/connections', tag: 'connections', summary: 'List connections (a tenant token sees its own only).', query: ConnectionsQuery, responses: { 200: { description: 'Connections.', schema: ConnectionList } }, errors: ['forbidden', 'invalid_request'] },
  {
    method: 'post', path: '/connections', tag: 'connections', summary: 'Create a connection; OAuth connectors start `pending` until consent.', body: ConnectionCreate,
    responses: { 201: { description: 'Created.', schema: ConnectionSchema } }, errors: ['forbidden', 'invalid_request', 'connector_not_found', 'payload_too_large'],
  },
  { method: 'get', path: '/connections/:id', tag: 'connections', summary: 'One connection.', responses: one, errors: ['forbidden', 'connection_not_found'] },
  {
    method: 'patch', path: '/connections/:id', tag: 'connections', summary: 'Change name, schedule, config or credentials.', body: ConnectionUpdate,
    responses: one, errors: ['forbidden', 'invalid_request', 'connection_not_found', 'connector_not_found'],
  },
  { method: 'delete', path: '/connections/:id', tag: 'connections', summary: 'Revoke and delete a connection.', responses: { 204: { description: 'Deleted.' } }, errors: ['forbidden', 'connection_not_found', 'sync_in_progress'] },
  { method: 'post', path: '/connections/:id/pause', tag: 'connections', summary: 'Stop scheduled and webhook-triggered syncs.', responses: one, errors: ['forbidden', 'connection_not_found'] },
  { method: 'post', path: '/connections/:id/resume', tag: 'connections', summary: 'Resume a paused connection.', responses: one, errors: ['forbidden', 'connection_not_found'] },
]

function checkSchedule(schedule: string | null | undefined): void {
  if (typeof schedule !== 'string') return
  const result = validateCronExpression(schedule)
  if (!result.valid) throw invalid([{ path: '/schedule', message: 'is not a valid cron expression' }])
}

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()
  const now = () => deps.clock().toISOString()
  const manifestOf = (connectorId: string) => {
    const connector = deps.connectors.get(connectorId)
    if (!connector) throw new MaestroError('connector_not_found', `No connector "${connectorId}".`)
    return connector
  }
  const changed = async (c: Context<ServerEnv>, connection: Connection, action: string, details?: Record<string, unknown>) => {
    deps.bus.emit({ type: 'connection.updated', tenant: connection.tenant, connectionId: connection.id, connection })
    await audit(deps, c, { action, outcome: 'ok', tenant: connection.tenant, target: connection.id, ...(details ? { details } : {}) })
    return c.json(await connectionView(deps, connection))
  }

  app.get('/connections', async (c) => {
    const q = readQuery(c, ConnectionsQuery)
    const tenant = await tenantScope(deps, c, q.tenant)
    const list = await deps.store.listConnections({ ...(tenant ? { tenant } : {}), ...(q.connector ? { connector: q.connector } : {}), ...(q.status ? { status: q.status } : {}) })
    return c.json({ items: await Promise.all(list.map((x) => connectionView(deps, x))) })
  })

  app.post('/connections', async (c) => {
    const body = await readBody(c, ConnectionCreate)
    const principal = c.get('principal')
    const tenant = await tenantScope(deps, c, body.tenant) ?? 'default'
    const connector = manifestOf(body.connector)
    const values = checkConnectionValues(connector.manifest, body)
    checkSchedule(body.schedule)
    const at = now()
    const connection = await deps.store.createConnection({
      id: `con_${randomBytes(8).toString('hex')}`,
      tenant,
      connector: connector.id,
      ...(body.name ? { name: body.name } : {}),
      status: needsConsent(connector) ? 'pending' : 'active',
      config: values.config,
      credentials: Object.keys(values.secrets).length > 0 ? deps.vault.seal(values.secrets) : null,
      ...(body.schedule !== undefined ? { schedule: body.schedule } : {}),
      lastError: null,
      lastRunId: null,
      createdAt: at,
      updatedAt: at,
    })
    // `connection.created` means usable: for OAuth that is when consent completes (the auth module says so then).
    deps.bus.emit({ type: connection.status === 'pending' ? 'connection.updated' : 'connection.created', tenant, connectionId: connection.id, connection })
    await audit(deps, c, { action: 'connection.create', outcome: 'ok', tenant, target: connection.id, details: { connector: connector.id, by: principal.kind } })
    return c.json(await connectionView(deps, connection), 201)
  })

  app.get('/connections/:id', async (c) => c.json(await connectionView(deps, await loadConnection(deps, c, c.req.param('id')))))

  app.patch('/connections/:id', async (c) => {
    const current = await loadConnection(deps, c, c.req.param('id'))
    const body = await readBody(c, ConnectionUpdate)
    const connector = manifestOf(current.connector)
    const values = checkConnectionValues(connector.manifest, body, true)
    checkSchedule(body.schedule)
    const secretsChanged = Object.keys(values.secrets).length > 0 || values.cleared.some((n) => connector.manifest.connection?.[n]?.secret)
    const updated = await deps.store.updateConnection(current.id, (fresh) => {
      const config = { ...fresh.config, ...values.config }
      for (const name of values.cleared) delete config[name]
      const next: Connection = { ...fresh, config, updatedAt: now() }
      if (body.name !== undefined) next.name = body.name
      if (body.schedule !== undefined) next.schedule = body.schedule
      if (secretsChanged) {
        next.credentials = sealMerged(deps.vault, fresh.credentials, values.secrets, values.cleared)
        // New API-key credentials are the fix for a refused key; OAuth connections recover by consent instead.
        if (!needsConsent(connector) && (fresh.status === 'needs_reauth' || fresh.status === 'error')) next.status = 'active'
      }
      return next
    })
    // Field names only: the audit log never holds a value that might be secret.
    const fields = [...Object.keys(body.config ?? {}), ...Object.keys(body.credentials ?? {}), ...(body.name !== undefined ? ['name'] : []), ...(body.schedule !== undefined ? ['schedule'] : [])]
    return changed(c, updated, 'connection.update', { fields })
  })

  app.delete('/connections/:id', async (c) => {
    const connection = await loadConnection(deps, c, c.req.param('id'))
    if (deps.engine.isRunning(connection.id)) throw new MaestroError('sync_in_progress', 'A sync of this connection is running; delete it when the run ends.')
    if (deps.revoke && connection.credentials) {
      // The auth module logs and audits the revocation; a provider refusing it must not keep a connection the admin wants gone.
      await deps.revoke(connection).catch((err: unknown) => {
        deps.logger.warn(`[server] revoking the grant of ${connection.id} failed: ${err instanceof MaestroError ? err.code : 'error'}`)
      })
    }
    await deps.store.deleteConnection(connection.id)
    deps.bus.emit({ type: 'connection.deleted', tenant: connection.tenant, connectionId: connection.id })
    await audit(deps, c, { action: 'connection.delete', outcome: 'ok', tenant: connection.tenant, target: connection.id, details: { connector: connection.connector } })
    return c.body(null, 204)
  })

  app.post('/connections/:id/pause', async (c) => {
    const current = await loadConnection(deps, c, c.req.param('id'))
    const updated = current.status === 'paused' ? current
      : await deps.store.updateConnection(current.id, (fresh) => ({ ...fresh, status: 'paused', updatedAt: now() }))
    return changed(c, updated, 'connection.pause')
  })

  app.post('/connections/:id/resume', async (c) => {
    const current = await loadConnection(deps, c, c.req.param('id'))
    const connector = deps.connectors.get(current.connector)
    const updated = current.status !== 'paused' ? current
      : await deps.store.updateConnection(current.id, (fresh) => ({
        ...fresh,
        // Without credentials an OAuth connection is still waiting for consent; a bad token shows on the next run.
        status: !fresh.credentials && connector && needsConsent(connector) ? 'pending' : 'active',
        updatedAt: now(),
      }))
    return changed(c, updated, 'connection.resume')
  })
  return app
}

export const connections: RouteModule = { operations, routes }
