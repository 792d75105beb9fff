/**
 * @module Builds an openid-client `Configuration` from a connector's `auth` section and its app, without
 * discovery: providers are not OIDC issuers, so the server metadata comes from the manifest.
 */
import * as oidc from 'openid-client'
import { MaestroError } from '../errors.ts'
import type { AuthSpec } from '../manifest/schema/index.ts'
import type { App } from './apps.ts'
import { mtlsFetch } from './mtls-fetch.ts'
import { renderUrl } from './render-url.ts'
import { tokenEndpointFetch } from './token-endpoint-fetch.ts'
import type { FetchLike } from './types.ts'

export type OAuth2Spec = Extract<AuthSpec, { type: 'oauth2' }>
export type ClientCredentialsSpec = Extract<AuthSpec, { type: 'oauth2_client_credentials' }>
export type OAuthSpec = OAuth2Spec | ClientCredentialsSpec

export interface OAuthClientSetup {
  auth: OAuthSpec
  app: App
  /** The connection's config, for `{{ config.x }}` in URLs. */
  config?: Record<string, unknown>
  /** Connection-level client credentials (TriNet hands each customer its own); the app's otherwise. */
  clientId?: string
  clientSecret?: string
  /** Base fetch; defaults to the app's mTLS fetch when `auth.mtls`, else the global fetch. */
  fetch?: FetchLike
}

export interface OAuthClient {
  config: oidc.Configuration
  authorizationUrl?: string
  tokenUrl: string
  revokeUrl?: string
  /** The transport API calls of this connection must use too (mTLS when the manifest says so). */
  fetch: FetchLike
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * HTTP Basic client authentication as QuickBooks and TriNet document it: `base64(client_id:client_secret)`.
 * openid-client's `ClientSecretBasic` first form-encodes both parts (RFC 6749 §2.3.1), which turns `-`, `.`
 * or `_` into `%2D`… — servers that do not decode (quickbooks.md §1, trinet.md §1) would refuse such a
 * secret. Servers that do decode read the plain form the same way.
 */
function plainBasic(clientId: string, clientSecret: string | undefined): oidc.ClientAuth {
  return (_as, _client, _body, headers) => {
    headers.set('authorization', `Basic ${Buffer.from(`${clientId}:${clientSecret ?? ''}`).toString('base64')}`)
  }
}

/**
 * The openid-client configuration for one connector app (and connection, when URLs read its config).
 * @example
 * const { config } = oauthClient({ auth: manifest.auth as OAuth2Spec, app: apps.require('quickbooks') })
 * const url = oidc.buildAuthorizationUrl(config, { redirect_uri, scope, state })
 */
export function oauthClient(setup: OAuthClientSetup): OAuthClient {
  const { auth, app } = setup
  const ctx = { app: app as Record<string, unknown>, config: setup.config ?? {} }
  const tokenUrl = app.tokenUrl ?? renderUrl(auth.tokenUrl, ctx, 'auth.tokenUrl')
  const authorizationUrl = auth.type === 'oauth2' ? app.authorizationUrl ?? renderUrl(auth.authorizationUrl, ctx, 'auth.authorizationUrl') : undefined
  const revokeUrl = auth.type === 'oauth2' && (app.revokeUrl || auth.revokeUrl) ? app.revokeUrl ?? renderUrl(auth.revokeUrl as string, ctx, 'auth.revokeUrl') : undefined

  const clientId = setup.clientId ?? app.clientId
  const clientSecret = setup.clientSecret ?? app.clientSecret
  if (!clientId) throw new MaestroError('app_not_configured', `No client id for ${app.connector}: set it on the app or the connection.`)

  const method = auth.tokenAuth ?? 'client_secret_basic'
  const clientAuth = method === 'client_secret_basic' ? plainBasic(clientId, clientSecret) : oidc.ClientSecretPost(clientSecret)
  const server: oidc.ServerMetadata = {
    issuer: new URL(authorizationUrl ?? tokenUrl).origin,
    token_endpoint: tokenUrl,
    ...(authorizationUrl ? { authorization_endpoint: authorizationUrl } : {}),
    ...(revokeUrl ? { revocation_endpoint: revokeUrl } : {}),
  }
  const config = new oidc.Configuration(server, clientId, { client_secret: clientSecret }, clientAuth)

  const base = setup.fetch ?? (auth.type === 'oauth2_client_credentials' && auth.mtls ? mtlsFetch(app) : (fetch as FetchLike))
  config[oidc.customFetch] = tokenEndpointFetch(base, {
    tokenUrl,
    revokeUrl,
    body: method === 'json_body' ? 'json' : 'form',
    method: auth.tokenMethod ?? 'POST',
  })
  // openid-client refuses plain http; a local sandbox or test authorization server on loopback is the one exception.
  const urls = [tokenUrl, authorizationUrl, revokeUrl].filter((u): u is string => !!u).map((u) => new URL(u))
  if (urls.some((u) => u.protocol === 'http:') && urls.every((u) => u.protocol === 'https:' || LOOPBACK.has(u.hostname))) {
    oidc.allowInsecureRequests(config)
  }
  return { config, authorizationUrl, tokenUrl, revokeUrl, fetch: base }
}
