/**
 * @module The append-only audit log, newest first; a tenant token reads its own tenant's entries only.
 */
import { Hono } from 'hono'
import { tenantScope } from '../access.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { AuditPage, AuditQuery } from '../schemas.ts'
import { readQuery } from '../validate.ts'

export const operations: Operation[] = [
  { method: 'get', path: '/audit', tag: 'audit', summary: 'Read the audit log.', query: AuditQuery, responses: { 200: { description: 'One page of entries.', schema: AuditPage } }, errors: ['forbidden', 'invalid_request'] },
]

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()
  app.get('/audit', async (c) => {
    const q = readQuery(c, AuditQuery)
    const tenant = await tenantScope(deps, c, q.tenant)
    const page = await deps.store.listAudit({
      ...(tenant ? { tenant } : {}), ...(q.action ? { action: q.action } : {}), ...(q.target ? { target: q.target } : {}),
      limit: q.limit ?? 100, ...(q.cursor ? { cursor: q.cursor } : {}),
    })
    return c.json(page)
  })
  return app
}

export const auditLog: RouteModule = { operations, routes }
