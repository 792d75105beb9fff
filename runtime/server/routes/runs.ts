/**
 * @module Sync runs: the list (newest first, cursor-paged) and one run with per-resource counts and errors.
 */
import { Hono } from 'hono'
import { MaestroError } from '../../errors.ts'
import { requireTenant, tenantScope } from '../access.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { Run, RunPage, RunsQuery } from '../schemas.ts'
import { readQuery } from '../validate.ts'

export const operations: Operation[] = [
  { method: 'get', path: '/runs', tag: 'runs', summary: 'List runs.', query: RunsQuery, responses: { 200: { description: 'One page of runs.', schema: RunPage } }, errors: ['forbidden', 'invalid_request'] },
  { method: 'get', path: '/runs/:id', tag: 'runs', summary: 'One run.', responses: { 200: { description: 'The run.', schema: Run } }, errors: ['forbidden', 'run_not_found'] },
]

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()

  app.get('/runs', async (c) => {
    const q = readQuery(c, RunsQuery)
    const tenant = await tenantScope(deps, c, q.tenant)
    if (q.connection) {
      // The connection may be gone while its runs remain; an existing one must be the caller's.
      const connection = await deps.store.getConnection(q.connection)
      if (connection) await requireTenant(deps, c, connection.tenant, connection.id)
    }
    const page = await deps.store.listRuns({
      ...(tenant ? { tenant } : {}), ...(q.connection ? { connectionId: q.connection } : {}), ...(q.status ? { status: q.status } : {}),
      limit: q.limit ?? 50, ...(q.cursor ? { cursor: q.cursor } : {}),
    })
    return c.json(page)
  })

  app.get('/runs/:id', async (c) => {
    const run = await deps.store.getRun(c.req.param('id'))
    if (!run) throw new MaestroError('run_not_found', `No run ${c.req.param('id')}.`)
    await requireTenant(deps, c, run.tenant, run.id)
    return c.json(run)
  })
  return app
}

export const runs: RouteModule = { operations, routes }
