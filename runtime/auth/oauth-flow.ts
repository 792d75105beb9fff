/**
 * @module The OAuth 2.0 authorization-code flow: the consent URL (state bound to the connection, single use,
 * expiring; PKCE S256 where the manifest allows it) and the callback (state check, code exchange, declared
 * callback parameters, post-connect hook, sealed tokens).
 */
import * as oidc from 'openid-client'
import { MaestroError } from '../errors.ts'
import type { Connection } from '../store/types.ts'
import { auditConnection } from './audit.ts'
import { oauthClient, type OAuth2Spec } from './oauth-client.ts'
import { classifyTokenError } from './token-errors.ts'
import { toTokenSet, withoutTokens } from './token-set.ts'
import { authenticatedFetch } from './authenticated-fetch.ts'
import type { AuthDeps, LoadedConnector, OnConnectHook } from './types.ts'

/** How long a consent link stays valid. */
export const STATE_TTL_MS = 10 * 60_000
/** Authorization-response parameters openid-client reads; everything else stays out of the code exchange. */
const RESPONSE_PARAMS = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri']

export interface StartAuthorizationInput {
  connection: Connection
  /** Defaults to the app's `redirectUri`. */
  redirectUri?: string
  /** Where the dashboard wants the admin back afterwards; handed back by `completeAuthorization`. */
  returnTo?: string
}

export interface OAuthFlow {
  /** The provider's consent URL for a connection. */
  startAuthorization(input: StartAuthorizationInput): Promise<{ url: string; state: string; expiresAt: string }>
  /**
   * Handle the redirect back from the provider.
   * @throws MaestroError `oauth_state_invalid` (missing, unknown, expired or replayed state), `oauth_failed`.
   */
  completeAuthorization(callbackUrl: string | URL): Promise<{ connection: Connection; returnTo?: string }>
}

/**
 * Create the authorization-code flow over the store, vault, connectors and apps.
 * @example
 * const flow = createOAuthFlow({ store, vault, connectors, apps, bus })
 * const { url } = await flow.startAuthorization({ connection })
 * // … admin consents, provider redirects to /oauth/callback?code=…&state=…
 * const { connection: active } = await flow.completeAuthorization(requestUrl)
 */
export function createOAuthFlow(deps: AuthDeps): OAuthFlow {
  const now = () => deps.now?.() ?? new Date()

  const oauth2 = (connectorId: string): { connector: LoadedConnector; auth: OAuth2Spec } => {
    const connector = deps.connectors.get(connectorId)
    if (!connector) throw new MaestroError('connector_not_found', `No connector ${connectorId}.`)
    const auth = connector.manifest.auth
    if (auth.type !== 'oauth2') throw new MaestroError('invalid_request', `Connector ${connectorId} does not use the OAuth authorization-code flow (auth type ${auth.type}).`)
    return { connector, auth }
  }

  return {
    async startAuthorization({ connection, redirectUri, returnTo }) {
      const { auth } = oauth2(connection.connector)
      const app = deps.apps.require(connection.connector, ['clientId', 'clientSecret'])
      const redirect = redirectUri ?? (deps.apps.require(connection.connector, ['redirectUri']).redirectUri as string)
      const { config } = oauthClient({ auth, app, config: connection.config, fetch: deps.fetch })

      const state = oidc.randomState()
      const verifier = auth.pkce ? oidc.randomPKCECodeVerifier() : undefined
      const expiresAt = new Date(now().getTime() + STATE_TTL_MS).toISOString()
      await deps.store.putOAuthState({
        state,
        connectionId: connection.id,
        tenant: connection.tenant,
        connector: connection.connector,
        // The verifier is a secret until the code is redeemed; it rests sealed like every other.
        ...(verifier ? { codeVerifier: deps.vault.sealText(verifier) } : {}),
        redirectUri: redirect,
        ...(returnTo ? { returnTo } : {}),
        expiresAt,
      })

      const params: Record<string, string> = { ...auth.authorizeParams, redirect_uri: redirect, state }
      if (auth.scopes?.length) params.scope = auth.scopes.join(auth.scopeSeparator ?? ' ')
      if (verifier) {
        params.code_challenge = await oidc.calculatePKCECodeChallenge(verifier)
        params.code_challenge_method = 'S256'
      }
      const url = oidc.buildAuthorizationUrl(config, params).toString()
      await auditConnection(deps, connection, 'oauth.started', 'ok', { pkce: !!verifier })
      return { url, state, expiresAt }
    },

    async completeAuthorization(callbackUrl) {
      const callback = new URL(String(callbackUrl))
      const stateParam = callback.searchParams.get('state')
      if (!stateParam) throw new MaestroError('oauth_state_invalid', 'The OAuth callback carries no state.')
      const saved = await deps.store.takeOAuthState(stateParam)
      if (!saved) throw new MaestroError('oauth_state_invalid', 'The OAuth state is unknown or was already used.')
      if (Date.parse(saved.expiresAt) <= now().getTime()) throw new MaestroError('oauth_state_invalid', 'The OAuth link expired; start the connection again.')

      const connection = await deps.store.getConnection(saved.connectionId)
      if (!connection) throw new MaestroError('connection_not_found', `No connection ${saved.connectionId}.`)
      const { connector, auth } = oauth2(saved.connector)
      const fail = async (err: MaestroError): Promise<never> => {
        await auditConnection(deps, connection, 'oauth.completed', 'error', { code: err.code, message: err.message })
        throw err
      }

      const captured: Record<string, string> = {}
      for (const name of auth.callbackParams ?? []) {
        const value = callback.searchParams.get(name)
        if (!value && !callback.searchParams.has('error')) {
          await fail(new MaestroError('oauth_failed', `The provider's redirect lacks ${name}, which ${connection.connector} needs.`, { details: { missing: name } }))
        }
        if (value) captured[name] = value
      }

      // Rebuilt on the registered redirect URI: the token request must repeat it exactly, whatever proxy or
      // extra parameters (QuickBooks realmId) the incoming URL carries.
      const current = new URL(saved.redirectUri)
      for (const p of RESPONSE_PARAMS) {
        const v = callback.searchParams.get(p)
        if (v !== null) current.searchParams.set(p, v)
      }

      const app = deps.apps.require(connection.connector, ['clientId', 'clientSecret'])
      const client = oauthClient({ auth, app, config: { ...connection.config, ...captured }, fetch: deps.fetch })
      let tokens
      try {
        const response = await oidc.authorizationCodeGrant(client.config, current, {
          expectedState: saved.state,
          pkceCodeVerifier: saved.codeVerifier ? deps.vault.unsealText(saved.codeVerifier) : undefined,
        })
        tokens = toTokenSet(response, now())
      } catch (err) {
        // No reauth class here: a refused code (replayed, expired) just fails this attempt.
        return fail(classifyTokenError(err, 'Exchanging the authorization code', []).error)
      }

      let config: Record<string, unknown> = { ...connection.config, ...captured }
      const onConnect = connector.hooks?.onConnect as OnConnectHook | undefined
      if (onConnect) {
        try {
          const out: unknown = await onConnect({
            connection: { ...connection, config },
            fetch: authenticatedFetch({ manifest: connector.manifest, app, config, accessToken: tokens.accessToken, fetch: client.fetch }),
          })
          const extra = (out as { config?: unknown } | undefined)?.config
          if (extra && typeof extra === 'object' && !Array.isArray(extra)) config = { ...config, ...(extra as Record<string, unknown>) }
        } catch (cause) {
          await fail(new MaestroError('oauth_failed', `The post-connect step of ${connection.connector} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause }))
        }
      }

      const wasPending = connection.status === 'pending' || connection.credentials === null
      const updated = await deps.store.updateConnection(connection.id, (c) => {
        const previous = c.credentials ? withoutTokens(deps.vault.unseal(c.credentials)) : {}
        return {
          ...c,
          status: 'active',
          config: { ...c.config, ...config },
          credentials: deps.vault.seal({ ...previous, ...tokens }),
          lastError: null,
          updatedAt: now().toISOString(),
        }
      })
      await auditConnection(deps, updated, 'oauth.completed', 'ok', { captured: Object.keys(captured), scope: tokens.scope ?? null })
      deps.bus?.emit({ type: wasPending ? 'connection.created' : 'connection.updated', tenant: updated.tenant, connectionId: updated.id, connection: updated })
      return { connection: updated, ...(saved.returnTo ? { returnTo: saved.returnTo } : {}) }
    },
  }
}
