/**
 * @module Token lifecycle: access tokens refreshed before expiry and on refusal, one refresh at a time per
 * connection, rotated refresh tokens persisted before use, `invalid_grant` → `needs_reauth`; plus what the
 * sync engine asks of auth (`resolveAuth`) and revocation on delete.
 */
import * as oidc from 'openid-client'
import { MaestroError } from '../errors.ts'
import type { Connection } from '../store/types.ts'
import { auditConnection } from './audit.ts'
import { requestClientCredentials } from './client-credentials.ts'
import { mtlsFetch } from './mtls-fetch.ts'
import { oauthClient, type OAuthSpec } from './oauth-client.ts'
import { classifyTokenError } from './token-errors.ts'
import { needsRefresh, toTokenSet, withoutTokens } from './token-set.ts'
import type { AuthDeps, FetchLike, TokenProvider, TokenSet } from './types.ts'

/** Refresh this long before the provider's expiry, so a token never dies mid-request. */
export const REFRESH_SKEW_MS = 60_000

/** What a request for one connection needs from auth. */
export interface ResolvedAuth {
  /** Unsealed connection secrets for templates (`credentials.apiKey`); OAuth tokens are not among them. */
  credentials: Record<string, unknown>
  /** For OAuth kinds: where access tokens come from. */
  tokenProvider?: TokenProvider
  /** The transport every API call must use (the app's mTLS fetch for ADP); the global fetch when absent. */
  fetch?: FetchLike
}

export interface TokenManager {
  tokenProvider(connectionId: string): TokenProvider
  resolveAuth(connection: Connection): Promise<ResolvedAuth>
  /** Revoke the connection's grant where the manifest has a revocation URL; false when there was nothing to revoke or it failed (logged, audited). */
  revoke(connection: Connection): Promise<boolean>
}

export interface TokenManagerOptions extends AuthDeps {
  skewMs?: number
}

// Keyed by store, so two managers a process builds over the same store (server, engine) still refresh a
// connection once: a second concurrent refresh would present a refresh token the first just retired.
const inflightByStore = new WeakMap<object, Map<string, Promise<string>>>()
const inflightFor = (store: object) => {
  let m = inflightByStore.get(store)
  if (!m) inflightByStore.set(store, (m = new Map()))
  return m
}

/**
 * Create the token manager.
 * @example
 * const tokens = createTokenManager({ store, vault, connectors, apps, bus })
 * const provider = tokens.tokenProvider(connection.id)
 * const token = await provider.accessToken()
 * // on a 401: provider.invalidate(token), then accessToken() again
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { store, vault } = options
  const skew = options.skewMs ?? REFRESH_SKEW_MS
  const now = () => options.now?.() ?? new Date()
  const inflight = inflightFor(store)
  const refused = new Map<string, string>()

  const load = async (id: string) => {
    const connection = await store.getConnection(id)
    if (!connection) throw new MaestroError('connection_not_found', `No connection ${id}.`)
    if (connection.status === 'needs_reauth') {
      throw new MaestroError('connection_needs_reauth', connection.lastError?.message ?? `Connection ${id} must be reconnected.`)
    }
    const credentials = connection.credentials ? vault.unseal<Partial<TokenSet> & Record<string, unknown>>(connection.credentials) : {}
    return { connection, credentials }
  }
  const usable = (id: string, c: Partial<TokenSet>): c is TokenSet =>
    !needsRefresh(c, now(), skew) && c.accessToken !== refused.get(id)

  const oauthSpec = (connection: Connection): OAuthSpec => {
    const connector = options.connectors.get(connection.connector)
    if (!connector) throw new MaestroError('connector_not_found', `No connector ${connection.connector}.`)
    const auth = connector.manifest.auth
    if (auth.type !== 'oauth2' && auth.type !== 'oauth2_client_credentials') {
      throw new MaestroError('invalid_request', `Connector ${connection.connector} uses ${auth.type} auth, which has no access tokens.`)
    }
    return auth
  }

  const markNeedsReauth = async (connection: Connection, error: MaestroError, oauthError?: string): Promise<never> => {
    const at = now().toISOString()
    const updated = await store.updateConnection(connection.id, (c) => ({
      ...c, status: 'needs_reauth', lastError: { code: 'connection_needs_reauth', message: error.message, at }, updatedAt: at,
    }))
    await auditConnection(options, updated, 'connection.needs_reauth', 'error', { reason: error.message, error: oauthError ?? null })
    options.bus?.emit({ type: 'connection.needs_reauth', tenant: updated.tenant, connectionId: updated.id, reason: error.message, code: oauthError ?? error.code })
    options.logger?.warn(`Connection ${updated.id} (${updated.connector}) needs to be reconnected.`, { connectionId: updated.id, reason: error.message })
    throw error
  }

  const fetchTokens = async (connection: Connection, credentials: Partial<TokenSet> & Record<string, unknown>): Promise<TokenSet> => {
    const auth = oauthSpec(connection)
    if (auth.type === 'oauth2_client_credentials') {
      const own = typeof credentials.clientId === 'string'
      const app = own ? options.apps.get(connection.connector) ?? { connector: connection.connector } : options.apps.require(connection.connector, ['clientId', 'clientSecret'])
      try {
        return await requestClientCredentials({ auth, app, config: connection.config, credentials, fetch: options.fetch, now: now() })
      } catch (err) {
        if (err instanceof MaestroError && err.code === 'connection_needs_reauth') return markNeedsReauth(connection, err, 'invalid_client')
        throw err
      }
    }
    if (!connection.credentials) {
      // Not consented yet (pending): nothing to refresh, and nothing to mark.
      throw new MaestroError('connection_needs_reauth', `Connection ${connection.id} has not been authorized yet.`)
    }
    if (!credentials.refreshToken) {
      return markNeedsReauth(connection, new MaestroError('connection_needs_reauth', 'The access token expired and the provider gave no refresh token; the account must be reconnected.'))
    }
    const app = options.apps.require(connection.connector, ['clientId', 'clientSecret'])
    const client = oauthClient({ auth, app, config: connection.config, fetch: options.fetch })
    try {
      return toTokenSet(await oidc.refreshTokenGrant(client.config, credentials.refreshToken), now(), credentials)
    } catch (err) {
      const failure = classifyTokenError(err, 'Refreshing the access token')
      if (failure.reauth) return markNeedsReauth(connection, failure.error, failure.oauthError)
      throw failure.error
    }
  }

  const refresh = async (id: string): Promise<string> => {
    // Re-read: a refresh that finished while this caller waited (here or in another process) already did the work.
    const { connection, credentials } = await load(id)
    if (usable(id, credentials)) return credentials.accessToken
    const tokens = await fetchTokens(connection, credentials)
    // Persist before handing the token out: a rotated refresh token that only lived in memory would be lost
    // with the process, and the old one is already retired.
    const updated = await store.updateConnection(id, (c) => {
      const current = c.credentials ? withoutTokens(vault.unseal(c.credentials)) : {}
      return { ...c, credentials: vault.seal({ ...current, ...tokens }), updatedAt: now().toISOString() }
    })
    refused.delete(id)
    await auditConnection(options, updated, 'token.refreshed', 'ok', {
      rotated: !!tokens.refreshToken && tokens.refreshToken !== credentials.refreshToken,
      expiresAt: tokens.expiresAt ?? null,
    })
    return tokens.accessToken
  }

  const tokenProvider = (id: string): TokenProvider => ({
    async accessToken() {
      const pending = inflight.get(id)
      if (pending) return pending
      const { credentials } = await load(id)
      if (usable(id, credentials)) return credentials.accessToken
      let p = inflight.get(id)
      if (!p) {
        p = refresh(id).finally(() => inflight.delete(id))
        inflight.set(id, p)
      }
      return p
    },
    invalidate(token) {
      refused.set(id, token)
    },
  })

  return {
    tokenProvider,

    async resolveAuth(connection) {
      const credentials = connection.credentials ? vault.unseal(connection.credentials) : {}
      const auth = options.connectors.get(connection.connector)?.manifest.auth
      if (!auth) throw new MaestroError('connector_not_found', `No connector ${connection.connector}.`)
      if (auth.type !== 'oauth2' && auth.type !== 'oauth2_client_credentials') return { credentials }
      const mtls = auth.type === 'oauth2_client_credentials' && auth.mtls
      return {
        credentials: withoutTokens(credentials),
        tokenProvider: tokenProvider(connection.id),
        ...(mtls ? { fetch: options.fetch ?? mtlsFetch(options.apps.require(connection.connector, ['mtlsCert', 'mtlsKey'])) } : {}),
      }
    },

    async revoke(connection) {
      const auth = options.connectors.get(connection.connector)?.manifest.auth
      const app = options.apps.get(connection.connector)
      if (!auth || auth.type !== 'oauth2' || !connection.credentials || !app || !(app.revokeUrl || auth.revokeUrl)) return false
      const credentials = vault.unseal<Partial<TokenSet>>(connection.credentials)
      // Revoking the refresh token ends the whole grant at providers that document it (QuickBooks, Gusto).
      const token = credentials.refreshToken ?? credentials.accessToken
      if (!token) return false
      try {
        const client = oauthClient({ auth, app, config: connection.config, fetch: options.fetch })
        await oidc.tokenRevocation(client.config, token)
        await auditConnection(options, connection, 'oauth.revoked', 'ok')
        return true
      } catch (err) {
        const { error } = classifyTokenError(err, 'Revoking the grant', [])
        options.logger?.warn(`Could not revoke the grant of connection ${connection.id}: ${error.message}`, { connectionId: connection.id })
        await auditConnection(options, connection, 'oauth.revoked', 'error', { code: error.code, message: error.message })
        return false
      }
    },
  }
}
