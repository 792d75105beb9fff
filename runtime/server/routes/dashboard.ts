/**
 * @module The admin dashboard's static files: the page at `/` and its bundle under `/assets/`, built on
 * first use when the build is missing or older than the sources (dashboard/build.ts). A middleware, not
 * documented routes: these are files, not API, and they need no token (they carry no data).
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Context, MiddlewareHandler } from 'hono'
import { DASHBOARD_DIST, ensureDashboardBuilt } from '../../../dashboard/build.ts'
import { MaestroError } from '../../errors.ts'
import type { ServerEnv } from '../deps.ts'
import { sendError } from '../error-handler.ts'

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  json: 'application/json', svg: 'image/svg+xml', png: 'image/png',
}

// The page talks to its own origin only, and no other site may frame the admin console.
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

interface Asset { body: Uint8Array; gzip?: Uint8Array; type: string; etag: string }

export interface DashboardOptions {
  /** Folder of a built dashboard (default dashboard/dist, built on first request when stale). */
  distDir?: string
  /** Build when missing or stale (default true). */
  build?: boolean
}

/** The file a request path names, or undefined when it is not one of the dashboard's. */
function fileOf(path: string): string | undefined {
  if (path === '/' || path === '/index.html') return 'index.html'
  const match = /^\/assets\/([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(path)
  return match && !match[1].includes('..') && !match[1].endsWith('.gz') ? `assets/${match[1]}` : undefined
}

/**
 * Serve the dashboard: `GET /` (and `/index.html`) and `GET /assets/<file>`; every other request passes on.
 * Mounted by `createApp` after the API routes.
 * @example
 * app.use('*', serveDashboard())
 */
export function serveDashboard(options: DashboardOptions = {}): MiddlewareHandler<ServerEnv> {
  const distDir = options.distDir ?? DASHBOARD_DIST
  const cache = new Map<string, Promise<Asset | undefined>>()
  let ready: Promise<string> | undefined

  const load = (file: string): Promise<Asset | undefined> => {
    let pending = cache.get(file)
    if (!pending) {
      pending = (async () => {
        ready ??= options.build === false ? Promise.resolve(distDir) : ensureDashboardBuilt(distDir)
        await ready
        const body = await readFile(join(distDir, file)).catch(() => undefined)
        if (!body) return undefined
        const gzip = await readFile(join(distDir, `${file}.gz`)).catch(() => undefined)
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`
        return { body, ...(gzip ? { gzip } : {}), type: TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream', etag }
      })()
      // A failed build is retried on the next request instead of being remembered.
      pending.catch(() => { cache.delete(file); ready = undefined })
      cache.set(file, pending)
    }
    return pending
  }

  return async (c: Context<ServerEnv>, next) => {
    const method = c.req.method
    const file = method === 'GET' || method === 'HEAD' ? fileOf(c.req.path) : undefined
    if (!file) return next()
    let asset: Asset | undefined
    try {
      asset = await load(file)
    } catch (err) {
      return sendError(c, new MaestroError('internal', 'The dashboard could not be built.', { cause: err, hint: 'Run `npm run build` and look at its output.' }))
    }
    if (!asset) return next()
    const headers: Record<string, string> = { 'Content-Type': asset.type, 'Cache-Control': 'no-cache', ETag: asset.etag, Vary: 'Accept-Encoding' }
    if (file === 'index.html') headers['Content-Security-Policy'] = PAGE_CSP
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers)
    const gzip = asset.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')
    if (gzip) headers['Content-Encoding'] = 'gzip'
    const body = gzip ? asset.gzip! : asset.body
    headers['Content-Length'] = String(body.byteLength)
    if (method === 'HEAD') return c.body(null, 200, headers)
    return c.body(new Uint8Array(body), 200, headers)
  }
}
