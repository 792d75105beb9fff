/**
 * @module `createApp(deps)`: the Hono app of the REST API — error body, CORS, body limit and the token
 * gate around every route module. Binding a port is `serve.ts`'s job alone.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { MaestroError } from '../errors.ts'
import { requireToken } from './auth.ts'
import type { AppDeps, ServerEnv } from './deps.ts'
import { errorHandler, notFoundHandler } from './error-handler.ts'
import { createMetrics } from './metrics.ts'
import type { RouteDeps, RouteModule } from './operation.ts'
import { serveDashboard } from './routes/dashboard.ts'
import { ROUTE_MODULES } from './routes/index.ts'
import { VERSION } from './version.ts'

export interface CreateAppOptions {
  /** Route modules to mount (default: every module of routes/index.ts); later areas append theirs. */
  modules?: RouteModule[]
}

/** The deps with their defaults, as route modules receive them. */
export function resolveDeps(deps: AppDeps): RouteDeps {
  return {
    ...deps,
    clock: deps.clock ?? (() => new Date()),
    logger: deps.logger ?? console,
    version: deps.version ?? VERSION,
    metrics: createMetrics(deps.bus),
    startedAt: (deps.clock ?? (() => new Date()))(),
  }
}

/**
 * Build the API app. Every route requires a bearer token except /health, /oauth/callback, /webhooks/*
 * and the dashboard's static files.
 * @example
 * const app = createApp({ store, connectors, engine, bus, vault, tokens })
 * const res = await app.request('/health')
 */
export function createApp(deps: AppDeps, options: CreateAppOptions = {}): Hono<ServerEnv> {
  const resolved = resolveDeps(deps)
  const app = new Hono<ServerEnv>()
  app.onError(errorHandler(resolved.logger))
  app.notFound(notFoundHandler)
  if (deps.corsOrigins?.length) {
    app.use('*', cors({ origin: deps.corsOrigins, allowHeaders: ['Authorization', 'Content-Type'], allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'], maxAge: 600 }))
  }
  app.use('*', async (c, next) => {
    await next()
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'no-referrer')
  })
  app.use('*', bodyLimit({
    maxSize: deps.bodyLimit ?? 1024 * 1024,
    onError: () => { throw new MaestroError('payload_too_large', 'The request body is too large.') },
  }))
  app.use('*', requireToken(deps.tokens))
  for (const m of options.modules ?? ROUTE_MODULES) app.route('/', m.routes(resolved))
  app.use('*', serveDashboard())
  return app
}
