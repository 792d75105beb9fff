/**
 * @module The sandbox OAuth server (oidc-provider, examples/sandbox/oauth-server.ts) made to behave
 * like Intuit's for QuickBooks: the company id arrives as `realmId` on the redirect beside `code`
 * and `state` (quickbooks.md §1), and the API simulator accepts exactly the access tokens it issued.
 * Access-token lifetime (1 h) and refresh-token rotation are the OAuth server's own options.
 */
import type { OAuthServer } from '../oauth-server.ts'

/** The slice of oidc-provider's Koa context the redirect rewrite touches. */
interface RedirectContext {
  status: number
  response: { get(name: string): string }
  set(name: string, value: string): void
}
type Middleware = (ctx: RedirectContext, next: () => Promise<void>) => Promise<void>

/**
 * Append `realmId` to every authorization response that carries a code, as Intuit does: QuickBooks
 * puts the chosen company on the redirect, never in the token response. `realmFor` is asked at each
 * consent (the sandbox's consent page has no company picker).
 * @example
 * const oauth = await startOAuthServer({ clients: [...], scopes: ['com.intuit.quickbooks.accounting'] })
 * addRealmIdToRedirects(oauth, () => sim.credentials.realmId)
 */
export function addRealmIdToRedirects(server: Pick<OAuthServer, 'provider'>, realmFor: () => string): void {
  // oidc-provider is a Koa app; its middleware runs around every endpoint, the authorization resume included.
  const provider = server.provider as unknown as { use(middleware: Middleware): void }
  provider.use(async (ctx, next) => {
    await next()
    if (ctx.status < 300 || ctx.status >= 400) return
    const location = ctx.response.get('location')
    if (!location) return
    let url: URL
    try {
      url = new URL(location)
    } catch {
      return
    }
    if (!url.searchParams.has('code') || url.searchParams.has('realmId')) return
    url.searchParams.set('realmId', realmFor())
    ctx.set('location', url.href)
  })
}

/** What the token check needs to call the OAuth server's introspection endpoint (RFC 7662). */
export interface IntrospectionOptions {
  server: Pick<OAuthServer, 'issuer'>
  clientId: string
  clientSecret: string
  fetch?: typeof globalThis.fetch
}

/**
 * A `verifyToken` for the simulator that asks the OAuth server whether a bearer token is active, so expired
 * (1 h), revoked and never-issued tokens are all refused the way Intuit refuses them (401, code 3200).
 * @example
 * const sim = await startQuickBooksSimulator({ verifyToken: introspectionVerifier({ server: oauth, clientId, clientSecret }) })
 */
export function introspectionVerifier(options: IntrospectionOptions): (token: string) => Promise<boolean> {
  const basic = Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')
  const doFetch = options.fetch ?? fetch
  return async (token) => {
    const res = await doFetch(`${options.server.issuer}/token/introspection`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
    })
    if (!res.ok) return false
    const body = await res.json() as { active?: boolean; token_type?: string }
    return body.active === true && (body.token_type === undefined || /^bearer$/i.test(body.token_type))
  }
}
