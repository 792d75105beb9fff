/**
 * @module Live status over server-sent events: run progress and connection changes, limited to the
 * token's tenant, with heartbeat comments so proxies keep the stream open.
 */
import { Type } from '@sinclair/typebox'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { MaestroEvent } from '../../events/types.ts'
import type { Principal, ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { readQuery } from '../validate.ts'

const EventsQuery = Type.Object({
  token: Type.Optional(Type.String({ description: 'The bearer token, for EventSource clients that cannot set headers.' })),
  connection: Type.Optional(Type.String({ description: 'Only events of this connection.' })),
}, { additionalProperties: false })

export const operations: Operation[] = [
  {
    method: 'get', path: '/events', tag: 'events', summary: 'Stream run progress and connection status (server-sent events).', query: EventsQuery,
    responses: { 200: { description: 'An event stream: `ready`, then one event per change, named by its type.', schema: Type.String(), contentType: 'text/event-stream' } },
    errors: ['invalid_request'],
  },
]

const FORWARDED = new Set<string>([
  'run.started', 'run.progress', 'run.finished', 'resource.started', 'resource.finished',
  'connection.created', 'connection.updated', 'connection.deleted', 'connection.needs_reauth', 'connection.error',
])
/** Events waiting for a slow client beyond this are dropped, oldest first. */
const MAX_QUEUE = 1000

/** The event as sent: a connection is reduced to its status fields, so no credentials ever leave. */
function publicEvent(e: MaestroEvent): object {
  if (e.type !== 'connection.created' && e.type !== 'connection.updated') return e
  const { id, tenant, connector, name, status, lastError, updatedAt } = e.connection
  return { ...e, connection: { id, tenant, connector, name: name ?? null, status, lastError: lastError ?? null, updatedAt } }
}

const visible = (p: Principal, e: MaestroEvent, connection?: string): boolean =>
  FORWARDED.has(e.type) && (p.kind === 'operator' || e.tenant === p.tenant) && (!connection || e.connectionId === connection)

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()
  app.get('/events', (c) => {
    const q = readQuery(c, EventsQuery)
    const principal = c.get('principal')
    return streamSSE(c, async (stream) => {
      const queue: MaestroEvent[] = []
      let wake: (() => void) | undefined
      let open = true
      const off = deps.bus.on('*', (e) => {
        if (!visible(principal, e, q.connection)) return
        if (queue.push(e) > MAX_QUEUE) queue.shift()
        wake?.()
      })
      const stop = () => { open = false; wake?.() }
      stream.onAbort(stop)
      deps.shutdown?.addEventListener('abort', stop, { once: true })
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ tenant: principal.kind === 'tenant' ? principal.tenant : null }) })
        let n = 0
        while (open) {
          if (queue.length === 0) {
            let timer: NodeJS.Timeout | undefined
            await new Promise<void>((resolve) => { wake = resolve; timer = setTimeout(resolve, deps.heartbeatMs ?? 15_000) })
            clearTimeout(timer)
            wake = undefined
            if (open && queue.length === 0) await stream.write(': heartbeat\n\n')
            continue
          }
          const e = queue.shift()!
          await stream.writeSSE({ event: e.type, id: String(++n), data: JSON.stringify(publicEvent(e)) })
        }
      } finally {
        off()
        deps.shutdown?.removeEventListener('abort', stop)
      }
    })
  })
  return app
}

export const events: RouteModule = { operations, routes }
