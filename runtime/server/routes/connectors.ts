/**
 * @module The connectors catalog: every loaded connector with its connect-form fields and resources.
 */
import { Hono } from 'hono'
import { MaestroError } from '../../errors.ts'
import { catalogEntry } from '../catalog.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { Connector, ConnectorList } from '../schemas.ts'

export const operations: Operation[] = [
  { method: 'get', path: '/connectors', tag: 'connectors', summary: 'List connectors.', responses: { 200: { description: 'The catalog.', schema: ConnectorList } } },
  {
    method: 'get', path: '/connectors/:id', tag: 'connectors', summary: 'One connector.',
    responses: { 200: { description: 'The catalog entry.', schema: Connector } }, errors: ['connector_not_found'],
  },
]

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()
  app.get('/connectors', (c) => {
    const items = [...deps.connectors.values()].sort((a, b) => a.id.localeCompare(b.id)).map((x) => catalogEntry(x, deps.apps))
    return c.json({ items })
  })
  app.get('/connectors/:id', (c) => {
    const connector = deps.connectors.get(c.req.param('id'))
    if (!connector) throw new MaestroError('connector_not_found', `No connector "${c.req.param('id')}".`)
    return c.json(catalogEntry(connector, deps.apps))
  })
  return app
}

export const connectors: RouteModule = { operations, routes }
