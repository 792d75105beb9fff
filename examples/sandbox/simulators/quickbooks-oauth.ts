/**
 * @module Intuit's OAuth endpoints in front of the sandbox OAuth server (oidc-provider,
 * examples/sandbox/oauth-server.ts). oidc-provider issues the codes and tokens (1 h access tokens,
 * rotating refresh tokens); this thin front adds what Intuit does and oidc-provider cannot: the company
 * id as `realmId` on the redirect beside `code` and `state` (quickbooks.md §1), and revocation with a
 * JSON body (§1). It serves Intuit's paths on the simulator's origin:
 *
 * | Intuit | simulator | behind it |
 * |---|---|---|
 * | `appcenter.intuit.com/connect/oauth2` | `/connect/oauth2` | the OAuth server's authorize endpoint, with the front's return URL as `redirect_uri` |
 * | (the redirect back) | `/connect/oauth2/return` | back to the app's own `redirect_uri`, plus `realmId` |
 * | `oauth.platform.intuit.com/oauth2/v1/tokens/bearer` | `/oauth2/v1/tokens/bearer` | the token endpoint (the code's `redirect_uri` swapped back) |
 * | `developer.api.intuit.com/v2/oauth2/tokens/revoke` | `/v2/oauth2/tokens/revoke` | the revocation endpoint (JSON → form) |
 */
import type { OAuthServer } from '../oauth-server.ts'
import type { SimRequest, SimResponse } from './common/server.ts'

/** The OAuth paths the front answers, relative to the simulator's origin. */
export const QBO_OAUTH_PATHS = {
  authorize: '/connect/oauth2',
  return: '/connect/oauth2/return',
  token: '/oauth2/v1/tokens/bearer',
  revoke: '/v2/oauth2/tokens/revoke',
} as const

/** The front's absolute URLs: what a sandbox app registration points at. */
export interface QuickBooksOAuthUrls {
  authorizationUrl: string
  tokenUrl: string
  revokeUrl: string
  /** Register this as a redirect URI of the client at the OAuth server (the front hands the code on). */
  returnUrl: string
}

/** The URLs of the front on a simulator at `origin`. */
export function quickbooksOAuthUrls(origin: string): QuickBooksOAuthUrls {
  return {
    authorizationUrl: origin + QBO_OAUTH_PATHS.authorize,
    tokenUrl: origin + QBO_OAUTH_PATHS.token,
    revokeUrl: origin + QBO_OAUTH_PATHS.revoke,
    returnUrl: origin + QBO_OAUTH_PATHS.return,
  }
}

/** What the front needs. */
export interface OAuthFrontOptions {
  origin: string
  server: Pick<OAuthServer, 'authorizationUrl' | 'tokenUrl' | 'revokeUrl'>
  /** The company the admin "picks" at each consent (the sandbox consent page has no company picker). */
  realmFor: () => string
  fetch?: typeof globalThis.fetch
}

/** Answers the front's paths; `undefined` for any other path. */
export type OAuthFront = (req: SimRequest) => Promise<SimResponse | undefined>

const FORWARDED = ['authorization', 'content-type', 'accept']
const redirect = (location: string): SimResponse => ({ status: 302, headers: { location, 'cache-control': 'no-store' } })
const oauthError = (status: number, error: string, description: string): SimResponse => ({ status, body: { error, error_description: description } })

/**
 * Create the front. Authorization requests are remembered by `state` for 10 minutes, so the redirect back
 * can reach the app's own `redirect_uri`.
 * @example
 * const front = createOAuthFront({ origin: sim.url, server: oauth, realmFor: () => sim.credentials.realmId })
 */
export function createOAuthFront(options: OAuthFrontOptions): OAuthFront {
  const urls = quickbooksOAuthUrls(options.origin)
  const doFetch = options.fetch ?? fetch
  const pending = new Map<string, { redirectUri: string; at: number }>()

  const forward = async (req: SimRequest, target: string, body: string, contentType?: string): Promise<SimResponse> => {
    const headers: Record<string, string> = {}
    for (const name of FORWARDED) {
      const v = req.headers[name]
      if (typeof v === 'string') headers[name] = v
    }
    if (contentType) headers['content-type'] = contentType
    const res = await doFetch(target, { method: 'POST', headers, body })
    const type = res.headers.get('content-type')
    return { status: res.status, headers: { 'cache-control': 'no-store', ...(type ? { 'content-type': type } : {}) }, body: await res.text() }
  }

  return async (req) => {
    const path = req.path.replace(/\/+$/, '')
    if (path === QBO_OAUTH_PATHS.authorize && req.method === 'GET') {
      const state = req.query.get('state')
      const redirectUri = req.query.get('redirect_uri')
      if (!state || !redirectUri) return oauthError(400, 'invalid_request', 'state and redirect_uri are required by this sandbox front')
      const now = Date.now()
      for (const [k, v] of pending) if (now - v.at > 600_000) pending.delete(k)
      pending.set(state, { redirectUri, at: now })
      const next = new URL(options.server.authorizationUrl)
      for (const [k, v] of req.query) next.searchParams.set(k, k === 'redirect_uri' ? urls.returnUrl : v)
      return redirect(next.href)
    }
    if (path === QBO_OAUTH_PATHS.return && req.method === 'GET') {
      const state = req.query.get('state') ?? ''
      const saved = pending.get(state)
      if (!saved) return oauthError(400, 'invalid_request', 'unknown or expired state')
      pending.delete(state)
      const back = new URL(saved.redirectUri)
      // `iss` names the OAuth server behind the front, not the front the app was configured with; Intuit's own
      // redirect is documented with code, state and realmId only (quickbooks.md §1).
      for (const [k, v] of req.query) if (k !== 'iss') back.searchParams.set(k, v)
      if (req.query.has('code')) back.searchParams.set('realmId', options.realmFor())
      return redirect(back.href)
    }
    if (path === QBO_OAUTH_PATHS.token && req.method === 'POST') {
      const form = new URLSearchParams(req.body)
      // The code was issued for the front's return URL; the app repeats its own redirect_uri.
      if (form.get('grant_type') === 'authorization_code') form.set('redirect_uri', urls.returnUrl)
      return forward(req, options.server.tokenUrl, form.toString(), 'application/x-www-form-urlencoded')
    }
    if (path === QBO_OAUTH_PATHS.revoke && req.method === 'POST') {
      let token: unknown
      try {
        token = (JSON.parse(req.body) as { token?: unknown }).token
      } catch {
        token = new URLSearchParams(req.body).get('token')
      }
      if (typeof token !== 'string' || token === '') return oauthError(400, 'invalid_request', 'the body must be {"token": "…"}')
      return forward(req, options.server.revokeUrl, new URLSearchParams({ token }).toString(), 'application/x-www-form-urlencoded')
    }
    return undefined
  }
}

/** What the token check needs to call the OAuth server's introspection endpoint (RFC 7662). */
export interface IntrospectionOptions {
  server: Pick<OAuthServer, 'issuer'>
  clientId: string
  clientSecret: string
  fetch?: typeof globalThis.fetch
}

/**
 * A `verifyToken` for the simulator that asks the OAuth server whether a bearer token is an active access
 * token, so expired (1 h), revoked and never-issued tokens are all refused the way Intuit refuses them
 * (401, code 3200).
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
    return body.active === true && /^bearer$/i.test(body.token_type ?? '')
  }
}
