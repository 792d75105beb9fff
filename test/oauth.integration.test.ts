/**
 * The authorization-code flow and token lifecycle against a real authorization server (oidc-provider on
 * 127.0.0.1): every case runs for each token-endpoint client auth × PKCE on/off.
 */
import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { MaestroError } from '../runtime/errors.ts'
import { loadConnector } from '../runtime/manifest/index.ts'
import { createOAuthFlow } from '../runtime/auth/oauth-flow.ts'
import { createTokenManager } from '../runtime/auth/token-manager.ts'
import { createWorld, type World } from '../runtime/auth/testing/oauth-world.ts'
import type { TokenSet } from '../runtime/auth/types.ts'
import { consent, startOAuthServer, type OAuthServer } from './helpers/oauth-server.ts'

const REDIRECT = 'http://127.0.0.1:9/oauth/callback'
const HOUR = 3_600_000
const MATRIX = [
  { name: 'client_secret_basic + PKCE', tokenAuth: 'client_secret_basic', pkce: true },
  { name: 'client_secret_basic, no PKCE', tokenAuth: 'client_secret_basic', pkce: false },
  { name: 'client_secret_post + PKCE', tokenAuth: 'client_secret_post', pkce: true },
  { name: 'client_secret_post, no PKCE', tokenAuth: 'client_secret_post', pkce: false },
] as const

let server: OAuthServer
let world: World
const consoleLines: string[] = []
const caught: unknown[] = []
const secretOf = (tag: string) => `${tag}-${randomBytes(18).toString('base64url')}`

/** Await a rejection and keep it, so the final test can check no error text leaked a secret. */
async function rejection(p: Promise<unknown>): Promise<MaestroError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  caught.push(err)
  expect(err).toBeInstanceOf(MaestroError)
  return err as MaestroError
}

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => { consoleLines.push(args.map(String).join(' ')) })
  }
  const clients = MATRIX.map((m, i) => ({ clientId: `client-${i}`, clientSecret: secretOf('cs'), redirectUris: [REDIRECT], tokenAuth: m.tokenAuth }))
  const qb = { clientId: 'quickbooks-app', clientSecret: secretOf('qb'), redirectUris: [REDIRECT], tokenAuth: 'client_secret_basic' as const }
  server = await startOAuthServer({ clients: [...clients, qb], accessTokenTtl: 3600, scopes: ['accounting', 'payroll.read', 'com.intuit.quickbooks.accounting'] })
  world = await createWorld()
  MATRIX.forEach((m, i) => {
    world.addConnector({
      id: `acme-${i}`,
      auth: {
        type: 'oauth2',
        authorizationUrl: server.authorizationUrl,
        tokenUrl: server.tokenUrl,
        scopes: ['accounting', 'payroll.read'],
        tokenAuth: m.tokenAuth,
        pkce: m.pkce,
        callbackParams: ['realmId'],
        authorizeParams: { prompt: 'consent' },
        rotatesRefreshToken: true,
      },
    }, { clientId: clients[i].clientId, clientSecret: clients[i].clientSecret, redirectUri: REDIRECT })
  })
  // The real QuickBooks manifest, pointed at this server the way the sandbox does it: app URL overrides.
  const quickbooks = await loadConnector('connectors/quickbooks/connector.yaml')
  world.addConnector(quickbooks.manifest, {
    clientId: qb.clientId, clientSecret: qb.clientSecret, redirectUri: REDIRECT,
    authorizationUrl: server.authorizationUrl, tokenUrl: server.tokenUrl, revokeUrl: server.revokeUrl,
  })
})

afterAll(async () => {
  vi.restoreAllMocks()
  await server?.close()
  await world?.close()
})

describe.each(MATRIX.map((m, i) => ({ ...m, connector: `acme-${i}` })))('$name', ({ connector, pkce }) => {
  const flow = () => createOAuthFlow(world.deps())
  const tokens = () => createTokenManager(world.deps())
  const sealed = async (id: string) => {
    const c = await world.store.getConnection(id)
    return { connection: c!, creds: world.vault.unseal<TokenSet>(c!.credentials!) }
  }
  /** Connect a fresh connection through the real consent screen. */
  const connect = async () => {
    const pending = await world.newConnection(connector)
    const { url } = await flow().startAuthorization({ connection: pending, returnTo: '/connections' })
    const callback = await consent(url, REDIRECT, { extraParams: { realmId: '1234567890' } })
    const { connection } = await flow().completeAuthorization(callback)
    return connection
  }

  it('happy path: consent, code exchange, realmId captured, tokens sealed, event and audit', async () => {
    const before = server.stats.grants.authorization_code ?? 0
    const pending = await world.newConnection(connector)
    const started = await flow().startAuthorization({ connection: pending, returnTo: '/connections' })
    const url = new URL(started.url)
    expect(url.searchParams.get('scope')).toBe('accounting payroll.read')
    expect(url.searchParams.get('prompt')).toBe('consent')
    expect(url.searchParams.get('code_challenge_method')).toBe(pkce ? 'S256' : null)
    expect(url.searchParams.has('code_challenge')).toBe(pkce)

    const callback = await consent(started.url, REDIRECT, { extraParams: { realmId: '1234567890' } })
    const { connection, returnTo } = await flow().completeAuthorization(callback)
    expect(returnTo).toBe('/connections')
    expect(connection).toMatchObject({ status: 'active', config: { realmId: '1234567890' }, lastError: null })
    expect(server.stats.grants.authorization_code).toBe(before + 1)

    const { creds } = await sealed(connection.id)
    expect(creds).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), scope: 'accounting payroll.read', tokenType: 'bearer' })
    expect(Date.parse(creds.expiresAt!)).toBe(world.clock.now().getTime() + HOUR)
    expect(JSON.stringify(connection.credentials)).not.toContain(creds.accessToken)

    expect(world.events.filter((e) => e.type === 'connection.created' && e.connectionId === connection.id)).toHaveLength(1)
    const audit = await world.store.listAudit({ target: connection.id })
    expect(audit.items.map((a) => `${a.action}:${a.outcome}`)).toEqual(expect.arrayContaining(['oauth.started:ok', 'oauth.completed:ok']))

    // A fresh token is served from the store without touching the token endpoint.
    const hits = server.stats.tokenRequests
    expect(await tokens().tokenProvider(connection.id).accessToken()).toBe(creds.accessToken)
    expect(server.stats.tokenRequests).toBe(hits)
  })

  it('state mismatch: an unknown state is refused before any code exchange', async () => {
    const pending = await world.newConnection(connector)
    const { url } = await flow().startAuthorization({ connection: pending })
    const callback = new URL(await consent(url, REDIRECT, { extraParams: { realmId: '1234567890' } }))
    callback.searchParams.set('state', oidc.randomState())
    const hits = server.stats.tokenRequests
    const err = await rejection(flow().completeAuthorization(callback))
    expect(err.code).toBe('oauth_state_invalid')
    expect(server.stats.tokenRequests).toBe(hits)
    expect(await world.store.getConnection(pending.id)).toMatchObject({ status: 'pending', credentials: null })
  })

  it('expired state: a link older than 10 minutes is refused', async () => {
    const pending = await world.newConnection(connector)
    const { url } = await flow().startAuthorization({ connection: pending })
    const callback = await consent(url, REDIRECT, { extraParams: { realmId: '1234567890' } })
    world.clock.advance(10 * 60_000 + 1)
    const hits = server.stats.tokenRequests
    const err = await rejection(flow().completeAuthorization(callback))
    expect(err.code).toBe('oauth_state_invalid')
    expect(err.message).toMatch(/expired/)
    expect(server.stats.tokenRequests).toBe(hits)
  })

  it('replay: the same callback twice is refused, and a used code under a fresh state fails at the server', async () => {
    const pending = await world.newConnection(connector)
    const { url } = await flow().startAuthorization({ connection: pending })
    const callback = await consent(url, REDIRECT, { extraParams: { realmId: '1234567890' } })
    await flow().completeAuthorization(callback)
    expect((await rejection(flow().completeAuthorization(callback))).code).toBe('oauth_state_invalid')

    const other = await world.newConnection(connector)
    const fresh = await flow().startAuthorization({ connection: other })
    const replay = new URL(callback)
    replay.searchParams.set('state', fresh.state)
    const failedBefore = server.stats.errors['authorization_code:invalid_grant'] ?? 0
    const err = await rejection(flow().completeAuthorization(replay))
    expect(err.code).toBe('oauth_failed')
    expect(err.details).toMatchObject({ error: 'invalid_grant' })
    expect(server.stats.errors['authorization_code:invalid_grant']).toBe(failedBefore + 1)
    const unchanged = await world.store.getConnection(other.id)
    expect(unchanged).toMatchObject({ status: 'pending', credentials: null, config: {} })
    const audit = await world.store.listAudit({ target: other.id, action: 'oauth.completed' })
    expect(audit.items[0]).toMatchObject({ outcome: 'error', details: { code: 'oauth_failed' } })
  })

  it('refresh rotation: the new refresh token is persisted before the token is returned; the old one is dead', async () => {
    const connection = await connect()
    const { creds: before } = await sealed(connection.id)
    const order: string[] = []
    const deps = world.deps()
    const s = deps.store
    const manager = createTokenManager({
      ...deps,
      store: {
        createConnection: (c) => s.createConnection(c),
        getConnection: (id) => s.getConnection(id),
        listConnections: (f) => s.listConnections(f),
        deleteConnection: (id) => s.deleteConnection(id),
        appendAudit: (e) => s.appendAudit(e),
        putOAuthState: (st) => s.putOAuthState(st),
        takeOAuthState: (st) => s.takeOAuthState(st),
        updateConnection: async (id, patch) => { const c = await s.updateConnection(id, patch); order.push('persisted'); return c },
      },
    })
    world.clock.advance(HOUR - 30_000) // inside the 60 s refresh skew
    const token = await manager.tokenProvider(connection.id).accessToken()
    order.push('returned')
    expect(order).toEqual(['persisted', 'returned'])

    const { creds: after } = await sealed(connection.id)
    expect(after.accessToken).toBe(token)
    expect(token).not.toBe(before.accessToken)
    expect(after.refreshToken).toBeDefined()
    expect(after.refreshToken).not.toBe(before.refreshToken)
    expect(Date.parse(after.expiresAt!)).toBe(world.clock.now().getTime() + HOUR)

    // The server retired the old refresh token (plain openid-client, outside Maestro).
    const app = world.apps[connector]
    const auth = world.connectors.get(connector)!.manifest.auth as { tokenAuth: string }
    const direct = new oidc.Configuration({ issuer: server.issuer, token_endpoint: server.tokenUrl }, app.clientId!, app.clientSecret,
      auth.tokenAuth === 'client_secret_basic' ? oidc.ClientSecretBasic(app.clientSecret) : oidc.ClientSecretPost(app.clientSecret))
    oidc.allowInsecureRequests(direct)
    const refused = await oidc.refreshTokenGrant(direct, before.refreshToken!).then(() => undefined, (e: unknown) => e)
    expect(refused).toBeInstanceOf(oidc.ResponseBodyError)
    expect((refused as oidc.ResponseBodyError).error).toBe('invalid_grant')
  })

  it('refresh race: 10 concurrent callers after expiry cause exactly one refresh at the server', async () => {
    const connection = await connect()
    // Two syncs and a webhook follow-up: separate providers, and two managers over the same store.
    const managers = [tokens(), tokens()]
    world.clock.advance(HOUR + 1)
    const hits = server.stats.tokenRequests
    const refreshes = server.stats.grants.refresh_token ?? 0
    const refused = server.stats.errors['refresh_token:invalid_grant'] ?? 0
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => managers[i % 2].tokenProvider(connection.id).accessToken()))
    expect(new Set(got).size).toBe(1)
    expect(server.stats.tokenRequests - hits).toBe(1)
    expect(server.stats.grants.refresh_token).toBe(refreshes + 1)
    expect(server.stats.errors['refresh_token:invalid_grant'] ?? 0).toBe(refused)
    expect(await managers[0].tokenProvider(connection.id).accessToken()).toBe(got[0])
    expect(server.stats.tokenRequests - hits).toBe(1)
  })

  it('invalidate: a refused token triggers one refresh; invalidating a stale token again does nothing', async () => {
    const connection = await connect()
    const provider = tokens().tokenProvider(connection.id)
    const first = await provider.accessToken()
    const hits = server.stats.tokenRequests
    provider.invalidate(first)
    const [a, b] = await Promise.all([provider.accessToken(), provider.accessToken()])
    expect(a).toBe(b)
    expect(a).not.toBe(first)
    provider.invalidate(first)
    expect(await provider.accessToken()).toBe(a)
    expect(server.stats.tokenRequests - hits).toBe(1)
  })

  it('invalid_grant: a revoked grant marks the connection needs_reauth with a message, an audit entry and an event', async () => {
    const connection = await connect()
    const { creds } = await sealed(connection.id)
    const app = world.apps[connector]
    const auth = world.connectors.get(connector)!.manifest.auth as { tokenAuth: string }
    const direct = new oidc.Configuration({ issuer: server.issuer, token_endpoint: server.tokenUrl, revocation_endpoint: server.revokeUrl }, app.clientId!, app.clientSecret,
      auth.tokenAuth === 'client_secret_basic' ? oidc.ClientSecretBasic(app.clientSecret) : oidc.ClientSecretPost(app.clientSecret))
    oidc.allowInsecureRequests(direct)
    await oidc.tokenRevocation(direct, creds.refreshToken!)

    world.clock.advance(HOUR)
    const provider = tokens().tokenProvider(connection.id)
    const err = await rejection(provider.accessToken())
    expect(err.code).toBe('connection_needs_reauth')
    expect(err.message).toMatch(/invalid_grant/)

    const stored = await world.store.getConnection(connection.id)
    expect(stored).toMatchObject({ status: 'needs_reauth', lastError: { code: 'connection_needs_reauth', message: expect.stringMatching(/reconnected/) } })
    expect(world.events.filter((e) => e.type === 'connection.needs_reauth' && e.connectionId === connection.id)).toEqual([
      expect.objectContaining({ code: 'invalid_grant', reason: expect.stringMatching(/invalid_grant/) }),
    ])
    const audit = await world.store.listAudit({ target: connection.id, action: 'connection.needs_reauth' })
    expect(audit.items).toHaveLength(1)

    // Later callers fail fast, without another call to the token endpoint.
    const hits = server.stats.tokenRequests
    expect((await rejection(provider.accessToken())).code).toBe('connection_needs_reauth')
    expect(server.stats.tokenRequests).toBe(hits)
  })

  it('denied consent: the provider error fails the attempt and leaves the connection pending', async () => {
    const pending = await world.newConnection(connector)
    const { url } = await flow().startAuthorization({ connection: pending })
    const callback = await consent(url, REDIRECT, { deny: true })
    const err = await rejection(flow().completeAuthorization(callback))
    expect(err.code).toBe('oauth_failed')
    expect(err.message).toMatch(/access_denied/)
    expect(await world.store.getConnection(pending.id)).toMatchObject({ status: 'pending', credentials: null })
  })
})

describe('the QuickBooks manifest against the sandbox server', () => {
  it('connects with Basic client auth, captures realmId and refreshes with rotation', async () => {
    const flow = createOAuthFlow(world.deps())
    const pending = await world.newConnection('quickbooks')
    const { url } = await flow.startAuthorization({ connection: pending })
    expect(new URL(url).origin).toBe(server.issuer)
    expect(new URL(url).searchParams.get('scope')).toBe('com.intuit.quickbooks.accounting')
    const { connection } = await flow.completeAuthorization(await consent(url, REDIRECT, { extraParams: { realmId: '9130347596417232' } }))
    expect(connection).toMatchObject({ status: 'active', config: { realmId: '9130347596417232' } })

    const before = world.vault.unseal<TokenSet>(connection.credentials!)
    world.clock.advance(HOUR)
    const fresh = await createTokenManager(world.deps()).tokenProvider(connection.id).accessToken()
    const after = world.vault.unseal<TokenSet>((await world.store.getConnection(connection.id))!.credentials!)
    expect(fresh).toBe(after.accessToken)
    expect(after.refreshToken).not.toBe(before.refreshToken)
  })

  it('a connection still waiting for consent has no token and stays pending', async () => {
    const pending = await world.newConnection('quickbooks')
    const hits = server.stats.tokenRequests
    const err = await rejection(createTokenManager(world.deps()).tokenProvider(pending.id).accessToken())
    expect(err).toMatchObject({ code: 'connection_needs_reauth', message: expect.stringMatching(/not been authorized yet/) })
    expect(await world.store.getConnection(pending.id)).toMatchObject({ status: 'pending' })
    expect(server.stats.tokenRequests).toBe(hits)
  })

  it('an admin who never comes back with realmId gets a clear failure', async () => {
    const flow = createOAuthFlow(world.deps())
    const pending = await world.newConnection('quickbooks')
    const { url } = await flow.startAuthorization({ connection: pending })
    const hits = server.stats.tokenRequests
    const err = await rejection(flow.completeAuthorization(await consent(url, REDIRECT)))
    expect(err).toMatchObject({ code: 'oauth_failed', message: expect.stringMatching(/lacks realmId/) })
    expect(server.stats.tokenRequests).toBe(hits)
  })
})

describe('secrets', () => {
  it('no secret used in this run appears in the store files, logs, console, events or error texts', async () => {
    expect(world.secrets.size).toBeGreaterThan(MATRIX.length * 10) // client secrets, codes, verifiers, tokens, the key
    // The whole error, causes included, as a log line with `util.inspect` would print it.
    const errorsText = caught.map((e) => `${JSON.stringify(e)} ${inspect(e, { depth: 8 })}`).join('\n')
    const found = await world.leaks()
    for (const s of world.secrets) {
      if (consoleLines.join('\n').includes(s)) found.push('console holds a secret')
      if (errorsText.includes(s)) found.push('an error holds a secret')
    }
    expect(found).toEqual([])
  })
})
