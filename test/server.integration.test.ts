/**
 * `maestro serve` over real HTTP on 127.0.0.1 with the real runtime (lowdb store, vault, connectors from
 * connectors/, apps from the environment, OAuth flow, token manager, sync engine): a tenant connects
 * QuickBooks through consent at a local oidc-provider, syncs from the QuickBooks simulator while the
 * dashboard's event stream reports progress, reads records page by page; the operator connects Harvest
 * with an API key; tenants stay apart; no secret comes back; shutdown lets a running sync finish.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarvestSimulator, type HarvestSimulator } from '../examples/sandbox/simulators/harvest.ts'
import { startQuickBooksSimulator, type QuickBooksSimulator } from '../examples/sandbox/simulators/quickbooks.ts'
import { introspectionVerifier } from '../examples/sandbox/simulators/quickbooks-oauth.ts'
import { startServer, type RunningServer } from '../runtime/server/serve.ts'
import { createLowdbStore } from '../runtime/store/lowdb-store.ts'
import { consent, startOAuthServer, type OAuthServer } from './helpers/oauth-server.ts'

const ADMIN = `admin-${randomBytes(16).toString('hex')}`
const CLIENT_ID = 'quickbooks-sandbox-app'
const CLIENT_SECRET = `cs-${randomBytes(18).toString('base64url')}`
const REALM = '9130358000000042'

let dir: string
let oauth: OAuthServer
let qbo: QuickBooksSimulator
let harvest: HarvestSimulator
let server: RunningServer
const printed: string[] = []
const responses: string[] = []

/** One API call over HTTP; every body is kept for the secret scan. */
async function api(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${server.url}${path}`, {
    method, redirect: 'manual',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  responses.push(text)
  return { status: res.status, body: (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text, headers: res.headers }
}

/** Subscribe to /events (token in the query, as EventSource does) and resolve on the first event matching `until`. */
async function watch(token: string, until: (event: string, data: any) => boolean): Promise<{ ready: Promise<void>; seen: Promise<Array<{ event: string; data: any }>> }> {
  const res = await fetch(`${server.url}/events?token=${encodeURIComponent(token)}`)
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let readyResolve!: () => void
  const ready = new Promise<void>((r) => { readyResolve = r })
  const seen = (async () => {
    const events: Array<{ event: string; data: any }> = []
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return events
      buffer += decoder.decode(value)
      let cut: number
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut)
        buffer = buffer.slice(cut + 2)
        const event = /^event: (.+)$/m.exec(block)?.[1]
        const data = /^data: (.+)$/m.exec(block)?.[1]
        if (!event || !data) continue
        responses.push(data)
        if (event === 'ready') { readyResolve(); continue }
        events.push({ event, data: JSON.parse(data) })
        if (until(event, JSON.parse(data))) { await reader.cancel(); return events }
      }
    }
  })()
  return { ready, seen }
}

async function allRecords(connectionId: string, model: string, token: string, pageSize: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = []
  let next: string | undefined
  let pages = 0
  do {
    const res = await api('GET', `/connections/${connectionId}/records/${model}?page_size=${pageSize}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`, token)
    expect(res.status).toBe(200)
    ids.push(...res.body.items.map((r: { id: string }) => r.id))
    next = res.body.next
    pages++
  } while (next)
  return { ids, pages }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maestro-serve-'))
  // The simulator checks tokens at the OAuth server, which is started after it: the check is bound late.
  let verify: (token: string) => Promise<boolean> = async () => false
  qbo = await startQuickBooksSimulator({ seed: 5, realms: [REALM], counts: { employees: 57, timeActivities: 40 }, verifyToken: (t) => verify(t) })
  oauth = await startOAuthServer({
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [qbo.oauth.returnUrl], tokenAuth: 'client_secret_basic' }],
    scopes: ['com.intuit.quickbooks.accounting'],
  })
  verify = introspectionVerifier({ server: oauth, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })
  // Intuit's OAuth endpoints (and the realmId on the redirect) are served by the simulator in front of oidc-provider.
  qbo.attachOAuth(oauth, () => REALM)
  harvest = await startHarvestSimulator({ seed: 3, counts: { users: 12, timeEntries: 30 } })
  server = await startServer({
    port: 0, dataDir: dir, connectorsDir: 'connectors', configFile: join(dir, 'no-config.json'), print: (l) => printed.push(l), graceMs: 20_000,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    env: {
      MAESTRO_ADMIN_TOKEN: ADMIN,
      MAESTRO_SECRET_KEY: randomBytes(32).toString('base64'),
      MAESTRO_APP_QUICKBOOKS_CLIENT_ID: CLIENT_ID,
      MAESTRO_APP_QUICKBOOKS_CLIENT_SECRET: CLIENT_SECRET,
      MAESTRO_APP_QUICKBOOKS_AUTHORIZATION_URL: qbo.oauth.authorizationUrl,
      MAESTRO_APP_QUICKBOOKS_TOKEN_URL: qbo.oauth.tokenUrl,
      MAESTRO_APP_QUICKBOOKS_REVOKE_URL: qbo.oauth.revokeUrl,
      MAESTRO_APP_QUICKBOOKS_BASE_URL: qbo.url,
      MAESTRO_APP_HARVEST_BASE_URL: harvest.url,
    },
  })
})

afterAll(async () => {
  await server?.close()
  await Promise.all([qbo?.close(), harvest?.close(), oauth?.close()])
  await rm(dir, { recursive: true, force: true })
})

describe('maestro serve', () => {
  let acme: string
  let qboConnection: string
  let harvestConnection: string

  it('binds 127.0.0.1, prints its URL, and answers /health without a token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    expect(printed[0]).toContain(server.url)
    expect(printed.join('\n')).not.toContain(ADMIN)
    const res = await api('GET', '/health', null)
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', store: 'ok' } })
    expect((await api('GET', '/connections', null)).status).toBe(401)
  })

  it('lets a tenant connect QuickBooks through real OAuth consent', async () => {
    acme = (await api('POST', '/tenants/acme/tokens', ADMIN, { ttlSeconds: 900 })).body.token
    const created = await api('POST', '/connections', acme, { connector: 'quickbooks', name: 'Books' })
    expect(created.body).toMatchObject({ status: 'pending', tenant: 'acme', config: { currency: 'USD' } })
    qboConnection = created.body.id
    const start = await api('POST', `/connections/${qboConnection}/authorize`, acme, {})
    expect(start.status).toBe(200)
    const callback = await consent(start.body.url, `${server.url}/oauth/callback`)
    const page = await fetch(callback, { headers: { accept: 'text/html' }, redirect: 'manual' })
    const html = await page.text()
    responses.push(html)
    expect([page.status, html.includes('QuickBooks Online is connected')]).toEqual([200, true])
    const connection = await api('GET', `/connections/${qboConnection}`, acme)
    expect(connection.body).toMatchObject({ status: 'active', credentialsSet: true, config: { realmId: REALM } })
  })

  it('syncs on request while the event stream reports the run, then serves the records page by page', async () => {
    const stream = await watch(acme, (event, data) => event === 'run.finished' && data.connectionId === qboConnection)
    await stream.ready
    const started = await api('POST', `/connections/${qboConnection}/sync`, acme, {})
    expect(started).toMatchObject({ status: 202, body: { status: 'running', connectionId: qboConnection } })
    const events = await stream.seen
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['run.started', 'resource.finished', 'run.finished']))
    expect(events.every((e) => e.data.tenant === 'acme')).toBe(true)
    const run = await api('GET', `/runs/${started.body.id}`, acme)
    expect(run.body.status).toBe('succeeded')
    const employees = run.body.resources.employees.counts.added
    expect(employees).toBe(57)
    const { ids, pages } = await allRecords(qboConnection, 'Employee', acme, 20)
    expect([new Set(ids).size, pages]).toEqual([employees, 3])
    const view = await api('GET', `/connections/${qboConnection}`, acme)
    expect(view.body).toMatchObject({ lastRun: { id: started.body.id, status: 'succeeded' }, recordCounts: { Employee: 57 } })
  })

  it('lets the operator connect Harvest with an API key for another tenant, which the first cannot touch', async () => {
    const created = await api('POST', '/connections', ADMIN, {
      tenant: 'bakery', connector: 'harvest', config: { accountId: harvest.credentials.accountId }, credentials: { accessToken: harvest.credentials.accessToken },
    })
    expect(created.body).toMatchObject({ status: 'active', credentialsSet: true })
    harvestConnection = created.body.id
    const started = await api('POST', `/connections/${harvestConnection}/sync`, ADMIN, { resources: ['employees'] })
    expect(started.status).toBe(202)
    for (let i = 0; i < 100 && (await api('GET', `/runs/${started.body.id}`, ADMIN)).body.status === 'running'; i++) await new Promise((r) => setTimeout(r, 50))
    expect((await allRecords(harvestConnection, 'Employee', ADMIN, 5)).ids).toHaveLength(12)
    for (const [method, path] of [['GET', `/connections/${harvestConnection}`], ['GET', `/connections/${harvestConnection}/records/Employee`], ['POST', `/connections/${harvestConnection}/sync`], ['DELETE', `/connections/${harvestConnection}`], ['GET', `/runs/${started.body.id}`]]) {
      expect((await api(method, path, acme)).status, `${method} ${path}`).toBe(403)
    }
    expect((await api('GET', '/audit', acme)).body.items.every((e: { tenant: string }) => e.tenant === 'acme')).toBe(true)
  })

  it('never answers with a secret, and the data directory holds none in clear text', async () => {
    const secrets = [CLIENT_SECRET, harvest.credentials.accessToken, ADMIN]
    for (const secret of secrets) expect(responses.some((r) => r.includes(secret)), 'a response leaked a secret').toBe(false)
    const files = await readdir(dir, { recursive: true, withFileTypes: true })
    const texts = await Promise.all(files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), 'utf8')))
    for (const secret of secrets) expect(texts.some((t) => t.includes(secret)), 'a data file holds a secret').toBe(false)
  })

  it('shuts down gracefully: a running sync finishes and is stored before the store closes', async () => {
    // Slow provider answers keep the run going while shutdown starts.
    harvest.faults.next(3, { kind: 'delay', ms: 250 })
    const started = await api('POST', `/connections/${harvestConnection}/sync`, ADMIN, { full: true })
    expect(started.status).toBe(202)
    expect((await api('GET', `/runs/${started.body.id}`, ADMIN)).body.status).toBe('running')
    await server.close()
    await expect(fetch(`${server.url}/health`)).rejects.toThrow()
    const store = createLowdbStore({ dir })
    const run = await store.getRun(started.body.id)
    await store.close()
    expect(run?.status).toBe('succeeded')
  })
})
