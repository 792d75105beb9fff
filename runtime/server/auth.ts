/**
 * @module The bearer-token gate in front of every route except the few that prove themselves otherwise:
 * health, the OAuth callback (`state` + PKCE), inbound webhooks (signatures) and the dashboard's static files.
 */
import type { MiddlewareHandler } from 'hono'
import { MaestroError } from '../errors.ts'
import type { ServerEnv } from './deps.ts'
import type { TokenService } from './tokens.ts'

const PUBLIC_EXACT = new Set(['GET /health', 'GET /oauth/callback'])
const PUBLIC_PREFIXES = ['/webhooks/']
// The dashboard's HTML and bundles carry no data; the API calls they make carry the token.
const STATIC_EXACT = new Set(['/', '/index.html', '/favicon.ico'])
const STATIC_PREFIXES = ['/assets/', '/dashboard/']

/** True for requests that need no token. */
export function isPublic(method: string, path: string): boolean {
  const m = method === 'HEAD' ? 'GET' : method
  if (PUBLIC_EXACT.has(`${m} ${path}`)) return true
  if (PUBLIC_PREFIXES.some((p) => path.startsWith(p))) return true
  return m === 'GET' && (STATIC_EXACT.has(path) || STATIC_PREFIXES.some((p) => path.startsWith(p)))
}

// EventSource cannot set headers, so the SSE stream alone also reads the token from the query string.
const QUERY_TOKEN_PATHS = new Set(['/events'])

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}

/**
 * Require a valid token on every non-public request and put its principal in `c.var.principal`.
 * @example
 * app.use('*', requireToken(tokens))
 */
export function requireToken(tokens: TokenService): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (isPublic(c.req.method, c.req.path)) return next()
    const token = bearer(c.req.header('authorization')) ?? (QUERY_TOKEN_PATHS.has(c.req.path) ? c.req.query('token') : undefined)
    if (!token) throw new MaestroError('unauthorized', 'A bearer token is required.')
    c.set('principal', await tokens.verify(token))
    await next()
  }
}
