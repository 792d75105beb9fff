/**
 * @module The OAuth 2.0 client-credentials grant: Paychex (form body), TriNet (GET with Basic) and ADP
 * (mutual TLS), through openid-client.
 */
import * as oidc from 'openid-client'
import type { App } from './apps.ts'
import { oauthClient, type ClientCredentialsSpec } from './oauth-client.ts'
import { classifyTokenError } from './token-errors.ts'
import { toTokenSet } from './token-set.ts'
import type { FetchLike, TokenSet } from './types.ts'

export interface ClientCredentialsInput {
  auth: ClientCredentialsSpec
  app: App
  /** The connection's config, for URL templates. */
  config?: Record<string, unknown>
  /** The connection's unsealed credentials; their `clientId` / `clientSecret` win over the app's. */
  credentials?: Record<string, unknown>
  fetch?: FetchLike
  now?: Date
}

/**
 * Request an access token with the client-credentials grant.
 * @throws MaestroError `connection_needs_reauth` when the connection's own client credentials are refused,
 * `oauth_failed` for other refusals, `provider_unreachable` when the endpoint is down.
 * @example
 * const tokens = await requestClientCredentials({ auth: manifest.auth as ClientCredentialsSpec, app })
 */
export async function requestClientCredentials(input: ClientCredentialsInput): Promise<TokenSet> {
  const own = typeof input.credentials?.clientId === 'string' && typeof input.credentials?.clientSecret === 'string'
  const client = oauthClient({
    auth: input.auth,
    app: input.app,
    config: input.config,
    fetch: input.fetch,
    ...(own ? { clientId: input.credentials!.clientId as string, clientSecret: input.credentials!.clientSecret as string } : {}),
  })
  const params: Record<string, string> = input.auth.scopes?.length ? { scope: input.auth.scopes.join(' ') } : {}
  try {
    return toTokenSet(await oidc.clientCredentialsGrant(client.config, params), input.now ?? new Date())
  } catch (err) {
    // Refused credentials typed in by the admin are theirs to fix; refused app credentials are the operator's.
    throw classifyTokenError(err, 'Requesting a client-credentials token', own ? ['invalid_client', 'unauthorized_client', 'invalid_grant'] : []).error
  }
}
