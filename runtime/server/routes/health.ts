/**
 * @module `/health` (no token, for load balancers) and `/metrics` (Prometheus text).
 */
import { Type } from '@sinclair/typebox'
import { Hono } from 'hono'
import { requireOperator } from '../access.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { CONNECTION_STATUSES, Health } from '../schemas.ts'

export const operations: Operation[] = [
  {
    method: 'get', path: '/health', tag: 'system', public: true, summary: 'Liveness and store reachability.',
    responses: { 200: { description: 'Healthy.', schema: Health }, 503: { description: 'The store does not answer.', schema: Health } },
  },
  {
    method: 'get', path: '/metrics', tag: 'system', operatorOnly: true, summary: 'Prometheus metrics (operator token: they span every tenant).',
    responses: { 200: { description: 'Text exposition format.', schema: Type.String(), contentType: 'text/plain' } },
  },
]

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()

  app.get('/health', async (c) => {
    const store = await deps.store.getDoc('health-probe').then(() => 'ok' as const, () => 'error' as const)
    const uptimeSeconds = Math.max(0, Math.round((deps.clock().getTime() - deps.startedAt.getTime()) / 1000))
    const status = store === 'ok' ? 'ok' : 'degraded'
    return c.json({ status, version: deps.version ?? '0.0.0', store, uptimeSeconds }, status === 'ok' ? 200 : 503)
  })

  app.get('/metrics', async (c) => {
    await requireOperator(deps, c, 'metrics')
    const connections = await deps.store.listConnections()
    for (const status of CONNECTION_STATUSES) {
      deps.metrics.set('maestro_connections', { status }, connections.filter((x) => x.status === status).length)
    }
    return c.text(deps.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
  })
  return app
}

export const health: RouteModule = { operations, routes }
