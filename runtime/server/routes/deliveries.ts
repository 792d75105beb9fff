/**
 * @module Outbound deliveries to the host application: list them (e.g. `?status=dead`), read one, and
 * replay one. A tenant token sees and replays only its own tenant's deliveries.
 */
import { Hono } from 'hono'
import { MaestroError } from '../../errors.ts'
import { audit, requireTenant, tenantScope } from '../access.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { DeliveriesQuery, DeliveryItem, DeliveryPage } from '../schemas.ts'
import { readQuery } from '../validate.ts'

export const operations: Operation[] = [
  { method: 'get', path: '/deliveries', tag: 'deliveries', summary: 'List outbound deliveries, newest first (`?status=dead` for the dead letters).', query: DeliveriesQuery, responses: { 200: { description: 'One page of deliveries.', schema: DeliveryPage } }, errors: ['forbidden', 'invalid_request', 'not_found'] },
  { method: 'get', path: '/deliveries/:id', tag: 'deliveries', summary: 'One outbound delivery.', responses: { 200: { description: 'The delivery.', schema: DeliveryItem } }, errors: ['forbidden', 'not_found'] },
  { method: 'post', path: '/deliveries/:id/replay', tag: 'deliveries', summary: 'Send a delivery again from a fresh attempt count (same event id).', responses: { 202: { description: 'Queued again.', schema: DeliveryItem } }, errors: ['forbidden', 'not_found', 'invalid_request'] },
]

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()
  const outbound = () => {
    const o = deps.outbound
    if (!o) throw new MaestroError('not_found', 'Outbound events are not enabled on this server.', { hint: 'Set MAESTRO_WEBHOOK_URL and MAESTRO_WEBHOOK_SECRET.' })
    return o
  }
  const load = async (c: Parameters<typeof requireTenant>[1], id: string) => {
    const d = outbound().get(id)
    if (!d) throw new MaestroError('not_found', `No delivery ${id}.`)
    await requireTenant(deps, c, d.tenant, d.id)
    return d
  }

  app.get('/deliveries', async (c) => {
    const q = readQuery(c, DeliveriesQuery)
    const tenant = await tenantScope(deps, c, q.tenant)
    return c.json(outbound().list({ ...(q.status ? { status: q.status } : {}), ...(tenant ? { tenant } : {}), ...(q.limit ? { limit: q.limit } : {}), ...(q.cursor ? { cursor: q.cursor } : {}) }))
  })

  app.get('/deliveries/:id', async (c) => c.json(await load(c, c.req.param('id'))))

  app.post('/deliveries/:id/replay', async (c) => {
    const d = await load(c, c.req.param('id'))
    const replayed = outbound().replay(d.id)
    await audit(deps, c, { action: 'delivery.replay', outcome: 'ok', tenant: d.tenant, target: d.id, details: { eventId: d.eventId, type: d.type, previousStatus: d.status } })
    return c.json(replayed, 202)
  })
  return app
}

export const deliveries: RouteModule = { operations, routes }
