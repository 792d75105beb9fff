/**
 * QuickBooks Online end to end on 127.0.0.1, with the real manifest: consent through the sandbox OAuth
 * server (oidc-provider) which puts realmId on the redirect, syncs from the QuickBooks simulator (which
 * accepts only tokens that server issued) into the lowdb store, an incremental second run, Faults that
 * force a refresh or a reconnect, and signed webhooks in both payload formats through
 * `POST /webhooks/quickbooks` — a tampered one refused with nothing processed.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { introspectionVerifier, signQuickBooksWebhook, startQuickBooksSimulator, webhookBody, type QuickBooksSimulator } from '../examples/sandbox/simulators/quickbooks.ts'
import { createAppRegistry } from '../runtime/auth/apps.ts'
import { createOAuthFlow } from '../runtime/auth/oauth-flow.ts'
import { createWorld, type World } from '../runtime/auth/testing/oauth-world.ts'
import { createTokenManager } from '../runtime/auth/token-manager.ts'
import { loadConnector, type Connector } from '../runtime/manifest/index.ts'
import { createApp } from '../runtime/server/app.ts'
import { ROUTE_MODULES } from '../runtime/server/routes/index.ts'
import { webhooks as webhookRoutes } from '../runtime/server/routes/webhooks.ts'
import { createTokenService } from '../runtime/server/tokens.ts'
import type { Connection, StoredRecord } from '../runtime/store/types.ts'
import { createSyncEngine, type SyncEngine } from '../runtime/sync/engine.ts'
import { createWebhooks, type Webhooks } from '../runtime/webhooks/index.ts'
import { consent, startOAuthServer, type OAuthServer } from './helpers/oauth-server.ts'
import { storedRecords } from './helpers/sync-harness.ts'

const REDIRECT = 'http://127.0.0.1:9/oauth/callback'
const REALM_A = '9130358000000001'
const REALM_B = '9130358000000002'
const CLIENT_ID = 'quickbooks-sandbox-app'
const CLIENT_SECRET = `cs-${randomBytes(18).toString('base64url')}`
const VERIFIER = `vt-${randomBytes(18).toString('base64url')}`

let oauth: OAuthServer
let sim: QuickBooksSimulator
let world: World
let connector: Connector
let engine: SyncEngine
let tokens: ReturnType<typeof createTokenManager>
let hooks: Webhooks
let app: ReturnType<typeof createApp>
let realmOnRedirect = REALM_A
const connections: Record<'a' | 'b', Connection> = {} as never

beforeAll(async () => {
  // The simulator checks bearer tokens with the OAuth server, which in turn must know the simulator's OAuth return URL.
  let verify: (token: string) => Promise<boolean> = async () => false
  sim = await startQuickBooksSimulator({ seed: 11, realms: [REALM_A, REALM_B], counts: { employees: 230, timeActivities: 450 }, verifyToken: (t) => verify(t) })
  oauth = await startOAuthServer({
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [sim.oauth.returnUrl], tokenAuth: 'client_secret_basic' }],
    scopes: ['com.intuit.quickbooks.accounting'],
    accessTokenTtl: 3600,
    rotateRefreshTokens: true,
  })
  verify = introspectionVerifier({ server: oauth, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })
  sim.attachOAuth(oauth, () => realmOnRedirect)
  world = await createWorld()
  connector = await loadConnector('connectors/quickbooks/connector.yaml')
  // The sandbox way: the app's URL overrides point the real manifest at the local servers.
  world.addConnector(connector.manifest, {
    clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT, webhookSecret: VERIFIER,
    authorizationUrl: sim.oauth.authorizationUrl, tokenUrl: sim.oauth.tokenUrl, revokeUrl: sim.oauth.revokeUrl, baseUrl: sim.url,
  })
  const apps = createAppRegistry(world.apps)
  tokens = createTokenManager(world.deps())
  engine = createSyncEngine({
    store: world.store, bus: world.bus, connectors: new Map([[connector.id, connector]]),
    resolveAuth: tokens.resolveAuth,
    apps: (id) => apps.get(id),
    baseUrl: (c) => apps.get(c.connector)?.baseUrl,
    fetch: world.fetch as typeof fetch,
  })
  hooks = createWebhooks({ store: world.store, connectors: new Map([[connector.id, connector]]), engine, bus: world.bus, apps, autoDrain: false, flushMs: 0 })
  await hooks.start()
  const { service } = await createTokenService({ store: world.store, vault: world.vault, env: {} })
  const deps = { store: world.store, connectors: new Map([[connector.id, connector]]), engine, bus: world.bus, vault: world.vault, tokens: service, webhooks: hooks, logger: world.logger }
  app = createApp(deps, { modules: [...ROUTE_MODULES.filter((m) => m !== webhookRoutes), webhookRoutes] })
})

afterAll(async () => {
  await hooks?.close()
  await sim?.close()
  await oauth?.close()
  await world?.close()
})

/** Consent through the sandbox server's real screen; the company comes back as realmId on the redirect. */
async function connect(realm: string): Promise<Connection> {
  realmOnRedirect = realm
  const flow = createOAuthFlow(world.deps())
  const pending = await world.newConnection('quickbooks')
  const { url } = await flow.startAuthorization({ connection: pending })
  const callback = await consent(url, REDIRECT)
  expect(new URL(callback).searchParams.get('realmId')).toBe(realm)
  return (await flow.completeAuthorization(callback)).connection
}

const records = (c: Connection, resource: string) => storedRecords(world.store, c.id, resource)
const queriesSince = (from: number) => sim.requests.slice(from).filter((r) => r.path.endsWith('/query')).map((r) => r.query.query)
const deliver = (format: 'legacy' | 'cloudevents', tamper?: (body: string) => string) =>
  sim.deliverWebhook('http://maestro.test/webhooks/quickbooks', { format, verifierToken: VERIFIER, ...(tamper ? { tamper } : {}), fetch: (url, init) => Promise.resolve(app.request(String(url), init)) })

describe('consent', () => {
  it('connects two companies; realmId is captured from the redirect into config', async () => {
    connections.a = await connect(REALM_A)
    connections.b = await connect(REALM_B)
    expect(connections.a).toMatchObject({ status: 'active', config: { realmId: REALM_A } })
    expect(connections.b).toMatchObject({ status: 'active', config: { realmId: REALM_B } })
    expect(oauth.stats.grants.authorization_code).toBe(2)
  })

  it.each([
    { name: 'a token the OAuth server never issued', token: () => 'forged' },
    { name: 'a refresh token presented as a bearer token', token: async () => world.vault.unseal<{ refreshToken: string }>((await world.store.getConnection(connections.a.id))!.credentials!).refreshToken },
  ])('the simulator refuses $name with 401 / 3200', async ({ token }) => {
    const res = await fetch(`${sim.url}/v3/company/${REALM_A}/companyinfo/${REALM_A}`, { headers: { authorization: `Bearer ${await token()}` } })
    expect(res.status).toBe(401)
    expect((await res.json() as { fault: { error: Array<{ code: string }> } }).fault.error[0].code).toBe('3200')
  })
})

describe('sync', () => {
  it('syncs employees (inactive included), time activities and company info, paging the SQL', async () => {
    const from = sim.requests.length
    const run = await engine.sync(connections.a.id, { trigger: 'manual' })
    expect(run.status).toBe('succeeded')
    const data = sim.realms.get(REALM_A)!
    expect(run.resources.employees.counts).toMatchObject({ fetched: 230, added: 230, invalid: 0 })
    expect(run.resources.timeEntries.counts).toMatchObject({ fetched: 450, added: 450, invalid: 0 })
    expect(run.resources.company.counts).toMatchObject({ fetched: 1, added: 1, invalid: 0 })
    expect(run.resources.employees.pages).toBe(2)
    expect(run.resources.timeEntries.pages).toBe(3)
    expect(queriesSince(from).map((q) => /^select \* from (\w+).*STARTPOSITION (\d+) MAXRESULTS (\d+)$/.exec(q)!.slice(1).join(' ')).sort()).toEqual([
      'Employee 1 200', 'Employee 201 200', 'TimeActivity 1 200', 'TimeActivity 201 200', 'TimeActivity 401 200',
    ])
    expect(sim.requests.slice(from).every((r) => r.query.minorversion === '75' && r.headers.accept === 'application/json')).toBe(true)

    const employees = await records(connections.a, 'employees')
    expect(employees.size).toBe(230)
    const inactive = [...data.employees.values()].find((e) => !e.Active)!
    expect(employees.get(inactive.Id)!.data.employmentStatus).toBe('TERMINATED')
    const rated = [...data.employees.values()].find((e) => e.BillRate !== undefined)!
    expect(employees.get(rated.Id)!.data).toMatchObject({
      displayName: rated.DisplayName, companyId: REALM_A,
      hourlyCostRate: { amount: rated.CostRate! * 100, currency: 'USD' }, hourlyBillRate: { amount: rated.BillRate! * 100, currency: 'USD' },
    })
    const time = await records(connections.a, 'timeEntries')
    const t = data.timeActivities.get('17')!
    expect(time.get('17')!.data).toMatchObject({ employeeId: t.EmployeeRef.value, date: t.TxnDate, durationSeconds: t.Hours * 3600 + t.Minutes * 60, companyId: REALM_A })
    const company = await records(connections.a, 'company')
    expect([...company.values()].map((c) => [c.remoteId, c.data.displayName])).toEqual([[REALM_A, data.companyInfo.get('1')!.CompanyName]])
  })

  it('second run is incremental: a WHERE on Metadata.LastUpdatedTime with +00:00, only changes come back', async () => {
    sim.update('employees', '60', { Title: 'Head Baker' }, REALM_A)
    const added = sim.add('timeActivities', { Hours: 2, Minutes: 30 }, REALM_A)
    sim.events.splice(0)
    const from = sim.requests.length
    const run = await engine.sync(connections.a.id, { trigger: 'manual' })
    expect(run.status).toBe('succeeded')
    expect(run.resources.employees.full).toBe(false)
    const queries = queriesSince(from)
    expect(queries).toHaveLength(2)
    for (const q of queries) expect(q).toMatch(/Metadata\.LastUpdatedTime > '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00' ORDER BY/)
    expect(queries.find((q) => q.includes('from Employee'))).toContain('Active IN (true,false) and ')
    // Within the 5-minute lookback of the stored cursor sits only the newest seeded row besides the changes.
    expect(run.resources.employees.counts).toMatchObject({ updated: 1, added: 0 })
    expect(run.resources.employees.counts.fetched).toBeLessThanOrEqual(2)
    expect(run.resources.timeEntries.counts).toMatchObject({ added: 1, updated: 0 })
    expect((await records(connections.a, 'employees')).get('60')!.data.jobTitle).toBe('Head Baker')
    expect((await records(connections.a, 'timeEntries')).get(added.Id)!.data.durationSeconds).toBe(9000)
  })

  it('a 3200 Fault inside an HTTP 200 refreshes the token once (rotating it) and the run succeeds', async () => {
    await engine.sync(connections.b.id, { trigger: 'manual' })
    const refreshes = oauth.stats.grants.refresh_token ?? 0
    const before = world.vault.unseal<{ refreshToken: string }>((await world.store.getConnection(connections.b.id))!.credentials!)
    sim.injectFault({ code: '3200', message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', casing: 'fault', path: `/v3/company/${REALM_B}/` })
    const run = await engine.sync(connections.b.id, { trigger: 'manual' })
    expect(run.status).toBe('succeeded')
    expect(oauth.stats.grants.refresh_token).toBe(refreshes + 1)
    const after = world.vault.unseal<{ refreshToken: string }>((await world.store.getConnection(connections.b.id))!.credentials!)
    expect(after.refreshToken).not.toBe(before.refreshToken)
  })

  it('a ValidationFault inside an HTTP 200 fails that resource, not the run', async () => {
    sim.injectFault({ code: '4000', message: 'Error parsing query', type: 'ValidationFault', casing: 'Fault', path: `/v3/company/${REALM_A}/query` })
    const run = await engine.sync(connections.a.id, { trigger: 'manual', resources: ['employees', 'company'] })
    expect(run.status).toBe('partial')
    expect(run.resources.employees).toMatchObject({ status: 'failed', errors: [expect.objectContaining({ code: 'provider_error', message: expect.stringContaining('Error parsing query') })] })
    expect(run.resources.company.status).toBe('succeeded')
  })
})

describe('webhooks through POST /webhooks/quickbooks', () => {
  const snapshot = async () => JSON.stringify([...(await records(connections.a, 'employees')).values()].map((r: StoredRecord) => [r.remoteId, r.hash, r.deletedAt]))

  it.each([
    { format: 'legacy' as const, employee: '61', removed: '30', other: '70' },
    { format: 'cloudevents' as const, employee: '62', removed: '31', other: '71' },
  ])('$format: one delivery for two companies refetches updates and marks deletions', async ({ format, employee, removed, other }) => {
    sim.events.splice(0)
    sim.update('employees', employee, { Title: `Lead ${format}` }, REALM_A)
    sim.remove('timeActivities', removed, REALM_A)
    sim.update('employees', other, { GivenName: `Renamed ${format}` }, REALM_B)
    const gets = sim.requests.length
    const res = await deliver(format)
    expect(res.status).toBe(202)
    await hooks.drain()
    // Ids only on the wire: each update was fetched by id from its own company.
    expect(sim.requests.slice(gets).map((r) => r.path).sort()).toEqual([`/v3/company/${REALM_A}/employee/${employee}`, `/v3/company/${REALM_B}/employee/${other}`])
    expect((await records(connections.a, 'employees')).get(employee)!.data.jobTitle).toBe(`Lead ${format}`)
    expect((await records(connections.a, 'timeEntries')).get(removed)!.deletedAt).not.toBeNull()
    expect((await records(connections.b, 'employees')).get(other)!.data.firstName).toBe(`Renamed ${format}`)
    expect((await records(connections.a, 'employees')).get(other)?.data.firstName).not.toBe(`Renamed ${format}`)
  })

  it.each([
    { format: 'legacy' as const, tamper: (b: string) => b.replace('"Update"', '"Delete"') },
    { format: 'cloudevents' as const, tamper: (b: string) => b.replace('.updated.', '.deleted.') },
  ])('a tampered $format delivery is refused with 401 and nothing is processed', async ({ format, tamper }) => {
    sim.events.splice(0)
    sim.update('employees', '63', { Title: 'Never applied' }, REALM_A)
    const before = await snapshot()
    const gets = sim.requests.length
    const rejected = world.events.filter((e) => e.type === 'webhook.rejected').length
    const res = await deliver(format, tamper)
    expect(res.status).toBe(401)
    expect(JSON.parse(res.body).error.code).toBe('signature_invalid')
    expect(hooks.pending()).toEqual([])
    await hooks.drain()
    expect(sim.requests.length).toBe(gets)
    expect(await snapshot()).toBe(before)
    expect(world.events.filter((e) => e.type === 'webhook.rejected')).toHaveLength(rejected + 1)
  })

  it('a replayed CloudEvents delivery is answered as a duplicate', async () => {
    sim.events.splice(0)
    sim.update('employees', '64', { Title: 'Once' }, REALM_A)
    const events = sim.events.splice(0)
    const body = webhookBody('cloudevents', events)
    const headers = { 'content-type': 'application/json', ...signQuickBooksWebhook(body, VERIFIER) }
    expect((await app.request('/webhooks/quickbooks', { method: 'POST', headers, body })).status).toBe(202)
    const again = await app.request('/webhooks/quickbooks', { method: 'POST', headers, body })
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ duplicate: true })
    await hooks.drain()
  })
})

describe('reconnect', () => {
  it('a token refused again after the refresh (3200 twice) marks the connection needs_reauth', async () => {
    sim.injectFault({ status: 401, code: '3200', message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', casing: 'Fault', type: 'AuthenticationFault', path: `/v3/company/${REALM_B}/` }, 2)
    const run = await engine.sync(connections.b.id, { trigger: 'manual', resources: ['company'] })
    expect(run.status).toBe('failed')
    expect(run.errors[0]).toMatchObject({ code: 'auth_expired' })
    expect(await world.store.getConnection(connections.b.id)).toMatchObject({ status: 'needs_reauth' })
    expect(world.events.some((e) => e.type === 'connection.needs_reauth' && e.connectionId === connections.b.id)).toBe(true)
  })
})

describe('revocation', () => {
  it('revokes through Intuit\'s JSON revoke endpoint; the grant is dead, so the next sync ends in needs_reauth', async () => {
    const connection = await connect(REALM_A)
    const before = await engine.sync(connection.id, { trigger: 'manual', resources: ['company'] })
    expect(before.status).toBe('succeeded')
    const revokes = sim.requests.filter((r) => r.path === '/v2/oauth2/tokens/revoke').length
    expect(await tokens.revoke((await world.store.getConnection(connection.id))!)).toBe(true)
    expect(sim.requests.filter((r) => r.path === '/v2/oauth2/tokens/revoke' && r.headers['content-type'] === 'application/json')).toHaveLength(revokes + 1)
    const failed = oauth.stats.errors['refresh_token:invalid_grant'] ?? 0
    const from = sim.requests.length
    const run = await engine.sync(connection.id, { trigger: 'manual', resources: ['company'] })
    expect(run.status).toBe('failed')
    expect(sim.requests.slice(from).filter((r) => r.path.startsWith('/v3/')).map((r) => r.status)).toEqual([401])
    expect(oauth.stats.errors['refresh_token:invalid_grant']).toBe(failed + 1)
    expect(await world.store.getConnection(connection.id)).toMatchObject({ status: 'needs_reauth' })
  })
})

describe('secrets', () => {
  it('no client secret, verifier token, code or token appears in the store files, logs or events', async () => {
    world.secrets.add(VERIFIER)
    expect(world.secrets.size).toBeGreaterThan(6)
    expect(await world.leaks()).toEqual([])
  })
})
