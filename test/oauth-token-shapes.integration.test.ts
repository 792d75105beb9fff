/**
 * Token endpoints oidc-provider does not speak, served by a small node:http provider on 127.0.0.1 shaped
 * after the provider notes: Gusto's JSON body (+ token-info post-connect step, JSON revocation), TriNet's
 * GET client-credentials endpoint with Basic and string numbers, Paychex's form body, QuickBooks' JSON
 * revocation with Basic.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOAuthFlow } from '../runtime/auth/oauth-flow.ts'
import { createTokenManager } from '../runtime/auth/token-manager.ts'
import { createWorld, type World } from '../runtime/auth/testing/oauth-world.ts'
import type { OnConnectContext, TokenSet } from '../runtime/auth/types.ts'
import { MaestroError } from '../runtime/errors.ts'

interface Seen { method: string; path: string; query: Record<string, string>; contentType?: string; authorization?: string; body: Record<string, unknown> }

const GUSTO = { clientId: 'gusto-client', clientSecret: `gs-${randomBytes(16).toString('hex')}` }
const TRINET = { clientId: 'trinet-client', clientSecret: `ts-${randomBytes(16).toString('hex')}` }
const PAYCHEX = { clientId: 'paychex-key', clientSecret: `ps-${randomBytes(16).toString('hex')}` }
const QB = { clientId: 'qb-client', clientSecret: `qs-${randomBytes(16).toString('hex')}` }
const REDIRECT = 'http://127.0.0.1:9/oauth/callback'

let server: Server
let base: string
let world: World
const seen: Seen[] = []
const codes = new Map<string, string>() // code → redirect_uri
const live = new Set<string>() // valid access tokens
let revokeStatus = 200
const token = (p: string) => `${p}-${randomBytes(12).toString('hex')}`
const basicOk = (auth: string | undefined, c: { clientId: string; clientSecret: string }) =>
  auth === `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text) return {}
  return /json/.test(req.headers['content-type'] ?? '') ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text))
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const body = await readBody(req)
    seen.push({ method: req.method!, path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: req.headers['content-type'], authorization: req.headers.authorization, body })
    const json = (status: number, value: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)) }

    switch (`${req.method} ${url.pathname}`) {
      case 'GET /gusto/oauth/authorize': { // auto-consent: straight back to the app with a code
        const code = token('code')
        codes.set(code, url.searchParams.get('redirect_uri')!)
        const back = new URL(url.searchParams.get('redirect_uri')!)
        back.searchParams.set('code', code)
        back.searchParams.set('state', url.searchParams.get('state')!)
        res.writeHead(302, { location: back.toString() }).end()
        return
      }
      case 'POST /gusto/oauth/token': {
        if (!/application\/json/.test(req.headers['content-type'] ?? '') || req.headers.authorization) return json(400, { error: 'invalid_request' })
        if (body.client_id !== GUSTO.clientId || body.client_secret !== GUSTO.clientSecret) return json(401, { error: 'invalid_client' })
        if (body.grant_type === 'authorization_code' && !(codes.get(body.code as string) === body.redirect_uri && codes.delete(body.code as string))) return json(400, { error: 'invalid_grant' })
        if (body.grant_type === 'refresh_token' && !live.delete(`rt:${body.refresh_token}`)) return json(400, { error: 'invalid_grant' })
        const access = token('gat'), refresh = token('grt')
        live.add(access).add(`rt:${refresh}`)
        return json(200, { access_token: access, token_type: 'Bearer', created_at: 1767644464, expires_in: 7200, refresh_token: refresh, scope: 'public payroll:read' })
      }
      case 'GET /gusto/v1/token_info': {
        const t = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
        if (!t || !live.has(t)) return json(401, { error: 'invalid_token' })
        return json(200, { scope: 'companies:read', resource: { type: 'Company', uuid: 'e904cc79-818a-4da8-9d37-0be0a86fdda8' }, resource_owner: { type: 'CompanyAdmin', uuid: 'x' } })
      }
      case 'POST /gusto/oauth/revoke':
        if (body.client_id !== GUSTO.clientId || body.client_secret !== GUSTO.clientSecret) return json(401, { error: 'invalid_client' })
        live.delete(`rt:${body.token}`)
        return json(200, {})
      case 'GET /trinet/oauth/accesstoken': {
        if (url.searchParams.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' })
        if (!basicOk(req.headers.authorization, TRINET)) return json(401, { error: 'invalid_client', error_description: 'Client credentials are invalid' })
        return json(200, { refresh_token_expires_in: '0', token_type: 'BearerToken', issued_at: '1578602271626', client_id: TRINET.clientId, access_token: token('tat'), scope: 'basic-read read', expires_in: '3599', refresh_count: '0', status: 'approved' })
      }
      case 'POST /paychex/auth/oauth/v2/token':
        if (body.grant_type !== 'client_credentials' || body.client_id !== PAYCHEX.clientId || body.client_secret !== PAYCHEX.clientSecret || req.headers.authorization) return json(401, { error: 'invalid_client' })
        return json(200, { access_token: token('pat'), expires_in: '600', scope: 'oob', token_type: 'Bearer' })
      case 'POST /qb/revoke':
        if (!basicOk(req.headers.authorization, QB) || !/application\/json/.test(req.headers['content-type'] ?? '')) return json(401, { error: 'invalid_client' })
        res.writeHead(revokeStatus).end()
        return
      default:
        json(404, { error: 'not_found' })
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  world = await createWorld()

  world.addConnector({
    id: 'gusto',
    http: { baseUrl: `${base}/gusto` },
    auth: { type: 'oauth2', authorizationUrl: `${base}/gusto/oauth/authorize`, tokenUrl: `${base}/gusto/oauth/token`, revokeUrl: `${base}/gusto/oauth/revoke`, tokenAuth: 'json_body', rotatesRefreshToken: true },
  }, { ...GUSTO, redirectUri: REDIRECT }, {
    async onConnect({ fetch }: OnConnectContext) {
      const info = await (await fetch('/v1/token_info')).json() as { resource: { uuid: string } }
      return { config: { companyUuid: info.resource.uuid } }
    },
  })
  world.addConnector({
    id: 'trinet',
    auth: { type: 'oauth2_client_credentials', tokenUrl: `${base}/trinet/oauth/accesstoken`, tokenMethod: 'GET', tokenAuth: 'client_secret_basic' },
  }, {})
  world.addConnector({
    id: 'paychex',
    auth: { type: 'oauth2_client_credentials', tokenUrl: `${base}/paychex/auth/oauth/v2/token`, tokenAuth: 'client_secret_post' },
  }, PAYCHEX)
  world.addConnector({
    id: 'quickbooks',
    auth: { type: 'oauth2', authorizationUrl: 'https://appcenter.intuit.com/connect/oauth2', tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer', revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke', tokenAuth: 'client_secret_basic' },
  }, { ...QB, revokeUrl: `${base}/qb/revoke` })
  world.addConnector({
    id: 'bamboo',
    auth: { type: 'basic', username: '{{ credentials.apiKey }}', password: 'x' },
  }, {})
  world.secrets.add(TRINET.clientSecret)
})

afterAll(async () => {
  await new Promise((r) => server?.close(r))
  await world?.close()
})

const last = (path: string) => [...seen].reverse().find((s) => s.path === path)!
const creds = async (id: string) => world.vault.unseal<TokenSet & Record<string, unknown>>((await world.store.getConnection(id))!.credentials!)

describe('Gusto: JSON-body token endpoint', () => {
  it('exchanges the code as JSON, runs the token-info post-connect step, refreshes as JSON and revokes as JSON', async () => {
    const flow = createOAuthFlow(world.deps())
    const pending = await world.newConnection('gusto')
    const { url } = await flow.startAuthorization({ connection: pending })
    const redirected = await fetch(url, { redirect: 'manual' })
    const { connection } = await flow.completeAuthorization(redirected.headers.get('location')!)

    const exchange = last('/gusto/oauth/token')
    expect(exchange.contentType).toBe('application/json')
    expect(exchange.authorization).toBeUndefined()
    expect(exchange.body).toMatchObject({ grant_type: 'authorization_code', client_id: GUSTO.clientId, redirect_uri: REDIRECT })
    expect(connection).toMatchObject({ status: 'active', config: { companyUuid: 'e904cc79-818a-4da8-9d37-0be0a86fdda8' } })
    const first = await creds(connection.id)
    expect(first).toMatchObject({ tokenType: 'bearer', scope: 'public payroll:read' })

    world.clock.advance(7200 * 1000)
    const manager = createTokenManager(world.deps())
    const fresh = await manager.tokenProvider(connection.id).accessToken()
    expect(last('/gusto/oauth/token').body).toMatchObject({ grant_type: 'refresh_token', refresh_token: first.refreshToken, client_secret: GUSTO.clientSecret })
    expect(fresh).not.toBe(first.accessToken)
    expect((await creds(connection.id)).refreshToken).not.toBe(first.refreshToken)

    const current = (await world.store.getConnection(connection.id))!
    expect(await manager.revoke(current)).toBe(true)
    const revoke = last('/gusto/oauth/revoke')
    expect(revoke.contentType).toBe('application/json')
    expect(revoke.body).toEqual({ token: (await creds(connection.id)).refreshToken, client_id: GUSTO.clientId, client_secret: GUSTO.clientSecret })
  })

  it('a failing post-connect step fails the connect and leaves the connection pending', async () => {
    const deps = world.deps()
    const gusto = world.connectors.get('gusto')!
    const connectors = new Map(world.connectors).set('gusto', { ...gusto, hooks: { onConnect: async () => { throw new Error('token_info said 403') } } })
    const flow = createOAuthFlow({ ...deps, connectors })
    const pending = await world.newConnection('gusto')
    const { url } = await flow.startAuthorization({ connection: pending })
    const redirected = await fetch(url, { redirect: 'manual' })
    const err = await flow.completeAuthorization(redirected.headers.get('location')!).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'oauth_failed', message: expect.stringMatching(/post-connect step of gusto failed: token_info said 403/) })
    expect(await world.store.getConnection(pending.id)).toMatchObject({ status: 'pending', credentials: null })
  })
})

describe('client credentials', () => {
  it('TriNet: GET with Basic from the connection\'s own client credentials; "BearerToken" and string expires_in accepted; cached until expiry', async () => {
    const connection = await world.newConnection('trinet', { status: 'active', config: { companyId: 'ACME1' }, credentials: world.vault.seal({ clientId: TRINET.clientId, clientSecret: TRINET.clientSecret }) })
    const manager = createTokenManager(world.deps())
    const before = seen.length
    const provider = manager.tokenProvider(connection.id)
    const [a, b] = await Promise.all([provider.accessToken(), provider.accessToken()])
    expect(a).toBe(b)
    const calls = seen.slice(before)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ method: 'GET', query: { grant_type: 'client_credentials' }, body: {} })
    const stored = await creds(connection.id)
    expect(stored).toMatchObject({ clientId: TRINET.clientId, accessToken: a, tokenType: 'bearer' })
    expect(Date.parse(stored.expiresAt!)).toBe(world.clock.now().getTime() + 3599_000)

    expect(await provider.accessToken()).toBe(a)
    world.clock.advance(3599_000)
    expect(await provider.accessToken()).not.toBe(a)
    expect(seen.length - before).toBe(2)

    const resolved = await manager.resolveAuth((await world.store.getConnection(connection.id))!)
    expect(resolved.credentials).toEqual({ clientId: TRINET.clientId, clientSecret: TRINET.clientSecret })
    expect(resolved.tokenProvider).toBeDefined()
  })

  it('TriNet: refused per-connection credentials mark the connection needs_reauth', async () => {
    const connection = await world.newConnection('trinet', { status: 'active', credentials: world.vault.seal({ clientId: TRINET.clientId, clientSecret: 'wrong-secret-value' }) })
    world.secrets.add('wrong-secret-value')
    const err = await createTokenManager(world.deps()).tokenProvider(connection.id).accessToken().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MaestroError)
    expect(err).toMatchObject({ code: 'connection_needs_reauth', message: expect.stringMatching(/invalid_client/) })
    expect(inspect(err, { depth: 8 })).not.toContain('wrong-secret-value')
    expect(await world.store.getConnection(connection.id)).toMatchObject({ status: 'needs_reauth' })
  })

  it('Paychex: client_id and client_secret in the form body, no Authorization header', async () => {
    const connection = await world.newConnection('paychex', { status: 'active' })
    const t = await createTokenManager(world.deps()).tokenProvider(connection.id).accessToken()
    const call = last('/paychex/auth/oauth/v2/token')
    expect(call.contentType).toMatch(/application\/x-www-form-urlencoded/)
    expect(call.authorization).toBeUndefined()
    expect(call.body).toMatchObject({ grant_type: 'client_credentials', client_id: PAYCHEX.clientId })
    expect(Date.parse((await creds(connection.id)).expiresAt!)).toBe(world.clock.now().getTime() + 600_000)
    expect(t).toMatch(/^pat-/)
  })
})

describe('revocation and resolveAuth', () => {
  it.each([
    { name: 'QuickBooks revokes with JSON {token} and Basic', status: 200, expected: true, outcome: 'ok' },
    { name: 'a failing revocation is logged and audited, never thrown', status: 500, expected: false, outcome: 'error' },
  ])('$name', async ({ status, expected, outcome }) => {
    revokeStatus = status
    const refreshToken = `qrt-${randomBytes(12).toString('hex')}`
    world.secrets.add(refreshToken)
    const connection = await world.newConnection('quickbooks', { status: 'active', credentials: world.vault.seal({ accessToken: 'qat-unused-token', refreshToken }) })
    expect(await createTokenManager(world.deps()).revoke(connection)).toBe(expected)
    const call = last('/qb/revoke')
    expect(call.body).toEqual({ token: refreshToken })
    expect(call.contentType).toBe('application/json')
    const audit = await world.store.listAudit({ target: connection.id, action: 'oauth.revoked' })
    expect(audit.items[0]?.outcome).toBe(outcome)
  })

  it('revoke is a no-op without a revocation URL', async () => {
    const connection = await world.newConnection('paychex', { status: 'active', credentials: world.vault.seal({ accessToken: 'x-token-value' }) })
    expect(await createTokenManager(world.deps()).revoke(connection)).toBe(false)
  })

  it('resolveAuth unseals credentials for static kinds and hides tokens behind a provider for OAuth kinds', async () => {
    const manager = createTokenManager(world.deps())
    const bamboo = await world.newConnection('bamboo', { status: 'active', credentials: world.vault.seal({ apiKey: 'bamboo-key-value' }) })
    world.secrets.add('bamboo-key-value')
    expect(await manager.resolveAuth(bamboo)).toEqual({ credentials: { apiKey: 'bamboo-key-value' } })
    const qb = await world.newConnection('quickbooks', { status: 'active', credentials: world.vault.seal({ accessToken: 'qat-token-value', refreshToken: 'qrt-token-value', expiresAt: new Date(world.clock.now().getTime() + 3_600_000).toISOString() }) })
    const resolved = await manager.resolveAuth(qb)
    expect(resolved.credentials).toEqual({})
    expect(await resolved.tokenProvider!.accessToken()).toBe('qat-token-value')
  })
})

describe('secrets', () => {
  it('no secret of this run appears in the store files, logs or events', async () => {
    expect(await world.leaks()).toEqual([])
  })
})
