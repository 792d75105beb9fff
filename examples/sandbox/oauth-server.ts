/**
 * @module A real OAuth 2.0 authorization server (oidc-provider) on 127.0.0.1 playing a provider's OAuth
 * endpoints for tests and the sandbox: registered confidential clients, refresh-token rotation, a short
 * access-token lifetime, and a one-page consent screen instead of oidc-provider's dev interactions.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** One registered client. */
export interface SandboxClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  /** How the client authenticates at the token endpoint. */
  tokenAuth: 'client_secret_basic' | 'client_secret_post'
}

export interface OAuthServerOptions {
  clients: SandboxClient[]
  /** Scopes clients may ask for (default: a payroll-flavoured set). */
  scopes?: string[]
  /** Access-token lifetime in seconds (default 3600, QuickBooks' one hour). */
  accessTokenTtl?: number
  /** Issue a new refresh token on each refresh and retire the old one (default true). */
  rotateRefreshTokens?: boolean
  /** Refuse authorization requests without PKCE (default false). */
  requirePkce?: boolean
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number
}

/** Counters a test can assert on. */
export interface OAuthServerStats {
  /** Every request that reached the token endpoint, successful or not. */
  tokenRequests: number
  /** Successful grants by `grant_type`. */
  grants: Record<string, number>
  /** Failed grants by `grant_type` and error, e.g. `refresh_token:invalid_grant`. */
  errors: Record<string, number>
}

export interface OAuthServer {
  issuer: string
  authorizationUrl: string
  tokenUrl: string
  revokeUrl: string
  stats: OAuthServerStats
  provider: Provider
  close(): Promise<void>
}

const DEFAULT_SCOPES = ['openid', 'offline_access', 'accounting', 'payroll.read', 'employees.read']

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

/**
 * Start the authorization server. The consent page at `/interaction/:uid` posts `account` to
 * `/interaction/:uid/approve` (or `/deny`); approving logs the account in and grants every requested scope.
 * @example
 * const server = await startOAuthServer({ clients: [{ clientId: 'qb', clientSecret: 's', redirectUris: ['http://127.0.0.1:3000/oauth/callback'], tokenAuth: 'client_secret_basic' }] })
 * // manifest auth: authorizationUrl = server.authorizationUrl, tokenUrl = server.tokenUrl
 * await server.close()
 */
export async function startOAuthServer(options: OAuthServerOptions): Promise<OAuthServer> {
  const stats: OAuthServerStats = { tokenRequests: 0, grants: {}, errors: {} }
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => { res.statusCode = 503; res.end() }
  const server: Server = createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const rotate = options.rotateRefreshTokens ?? true
  const accessTtl = options.accessTokenTtl ?? 3600
  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      token_endpoint_auth_method: c.tokenAuth,
    })),
    scopes: options.scopes ?? DEFAULT_SCOPES,
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'sandbox', use: 'sig', alg: 'RS256' }] as never },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: { enabled: true },
      clientCredentials: { enabled: true },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => options.requirePkce ?? false },
    // Providers hand out refresh tokens without the OIDC `offline_access` ceremony.
    issueRefreshToken: async () => true,
    rotateRefreshToken: () => rotate,
    ttl: {
      AccessToken: accessTtl,
      ClientCredentials: accessTtl,
      AuthorizationCode: 60,
      RefreshToken: 100 * 24 * 3600,
      Grant: 100 * 24 * 3600,
      Interaction: 600,
      Session: 600,
    },
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    renderError: async (ctx: { type: string; body: unknown }, out: { error?: unknown; error_description?: unknown }) => {
      ctx.type = 'html'
      ctx.body = `<!doctype html><title>OAuth error</title><h1>${escapeHtml(String(out.error))}</h1><p>${escapeHtml(String(out.error_description ?? ''))}</p>`
    },
  })

  provider.on('grant.success', (ctx) => {
    const type = String(ctx.oidc.params?.grant_type)
    stats.grants[type] = (stats.grants[type] ?? 0) + 1
  })
  provider.on('grant.error', (ctx, err) => {
    const key = `${String(ctx.oidc.params?.grant_type)}:${(err as { error?: string }).error ?? 'error'}`
    stats.errors[key] = (stats.errors[key] ?? 0) + 1
  })

  const oidcHandler = provider.callback()
  handler = (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname
    if (path === '/token' && req.method === 'POST') stats.tokenRequests++
    if (path.startsWith('/interaction/')) {
      interaction(provider, req, res, path).catch((err) => {
        res.statusCode = 400
        res.setHeader('content-type', 'text/plain')
        res.end(`Interaction failed: ${(err as Error).message}`)
      })
      return
    }
    oidcHandler(req, res)
  }

  return {
    issuer,
    authorizationUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    revokeUrl: `${issuer}/token/revocation`,
    stats,
    provider,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close((err) => (err ? reject(err) : resolve()))
    }),
  }
}

/** The consent screen: one form, approve or deny; approval signs the account in and grants what was asked. */
async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const [, , uid, action] = path.split('/')
  const details = await provider.interactionDetails(req, res)
  if (details.uid !== uid) throw new Error('interaction mismatch')

  if (req.method === 'GET' && !action) {
    const clientId = String(details.params.client_id)
    const scope = String(details.params.scope ?? '')
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end(`<!doctype html><title>Sandbox consent</title>
<h1>Sandbox authorization server</h1>
<p><b>${escapeHtml(clientId)}</b> asks for: <code>${escapeHtml(scope)}</code></p>
<form method="post" action="/interaction/${escapeHtml(uid)}/approve">
  <label>Account <input name="account" value="sandbox-admin"></label>
  <button type="submit">Approve</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/deny"><button type="submit">Deny</button></form>`)
    return
  }
  if (req.method !== 'POST') throw new Error('unsupported interaction request')

  if (action === 'deny') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The account holder declined.' }, { mergeWithLastSubmission: false })
    return
  }
  if (action !== 'approve') throw new Error('unknown interaction action')
  const form = await readForm(req)
  const accountId = form.get('account') || 'sandbox-admin'
  const grant = details.grantId
    ? (await provider.Grant.find(details.grantId))!
    : new provider.Grant({ accountId, clientId: String(details.params.client_id) })
  // Plain OAuth scopes listed in `scopes` count as "OIDC scopes" to oidc-provider; resource scopes come per resource.
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> }
  if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '))
  const grantId = await grant.save()
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false })
}
