/**
 * @module Outbound deliveries to the host application: list them (e.g. `?status=dead`), read one, and
 * replay one. A tenant token sees and replays only its own tenant's deliveries.
 */
import { Type } from '@sinclair/typebox'
import { Hono } from 'hono'
import { MaestroError } from '../../errors.ts'
import type { Outbound } from '../../outbound/index.ts'
import { audit, requireTenant, tenantScope } from '../access.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { TenantId } from '../schemas.ts'
import { readQuery } from '../validate.ts'

/** What this route needs beyond the common route deps. */
export interface DeliveryRouteDeps {
  outbound?: Pick<Outbound, 'list' | 'get' | 'replay'>
}

const DeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')])

/** One outbound delivery (its body is not returned). */
export const DeliveryItem = Type.Object({
  id: Type.String({ examples: ['dlv_4be0…'] }),
  eventId: Type.String({ description: 'Sent as `Maestro-Event-Id`; stable across retries and replays.' }),
  type: Type.String({ examples: ['record.updated'] }),
  tenant: Type.String(),
  connectionId: Type.String(),
  url: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer({ minimum: 0 }),
  createdAt: Type.String({ format: 'date-time' }),
  nextAttemptAt: Type.Optional(Type.String({ format: 'date-time' })),
  lastAttemptAt: Type.Optional(Type.String({ format: 'date-time' })),
  deliveredAt: Type.Optional(Type.String({ format: 'date-time' })),
  lastError: Type.Optional(Type.Object({ status: Type.Optional(Type.Integer()), message: Type.String() }, { additionalProperties: false })),
  bytes: Type.Integer({ minimum: 0, description: 'Size of the kept body (0 once delivered).' }),
}, { additionalProperties: false, title: 'Delivery' })

export const DeliveryPage = Type.Object({
  items: Type.Array(DeliveryItem),
  next: Type.Optional(Type.String({ description: 'Opaque cursor of the next page; absent on the last page.' })),
}, { additionalProperties: false, title: 'DeliveryPage' })

export const DeliveriesQuery = Type.Object({
  status: Type.Optional(DeliveryStatus),
  tenant: Type.Optional(TenantId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  cursor: Type.Optional(Type.String()),
}, { additionalProperties: false })

export const operations: Operation[] = [
  { method: 'get', path: '/deliveries', tag: 'deliveries', summary: 'List outbound deliveries, newest first (`?status=dead` for the dead letters).', query: DeliveriesQuery, responses: { 200: { description: 'One page of deliveries.', schema: DeliveryPage } }, errors: ['forbidden', 'invalid_request', 'not_found'] },
  { method: 'get', path: '/deliveries/:id', tag: 'deliveries', summary: 'One outbound delivery.', responses: { 200: { description: 'The delivery.', schema: DeliveryItem } }, errors: ['forbidden', 'not_found'] },
  { method: 'post', path: '/deliveries/:id/replay', tag: 'deliveries', summary: 'Send a delivery again from a fresh attempt count (same event id).', responses: { 202: { description: 'Queued again.', schema: DeliveryItem } }, errors: ['forbidden', 'not_found', 'invalid_request'] },
]

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()
  const outbound = () => {
    const o = (deps as RouteDeps & DeliveryRouteDeps).outbound
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
