/**
 * Inbound webhooks and outbound deliveries over the API (in-process `app.request`): every refusal is
 * answered with the documented status and error body, needs no token, and stores nothing.
 */
import { createHmac } from 'node:crypto'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppDeps } from '../runtime/server/deps.ts'
import { loadConnector, type Connector } from '../runtime/manifest/index.ts'
import { createApp } from '../runtime/server/app.ts'
import { ROUTE_MODULES } from '../runtime/server/routes/index.ts'
import { ADMIN_TOKEN, createHarness, type Harness } from '../runtime/server/testing/harness.ts'
import { createOutbound, type Outbound } from '../runtime/outbound/index.ts'
import { createWebhooks, type Webhooks, type WebhookEngine } from '../runtime/webhooks/index.ts'

const SECRETS = { bamboohr: 'bamboo-private-key-0001', gusto: 'gusto-verification-token-0001' }
let connectors: Map<string, Connector>
beforeAll(async () => {
  connectors = new Map()
  for (const id of ['bamboohr', 'gusto', 'harvest']) connectors.set(id, await loadConnector(`connectors/${id}/connector.yaml`))
})

const engineCalls: string[] = []
const engine: WebhookEngine = {
  async fetchOne(connectionId, resource, id) { engineCalls.push(`fetch ${connectionId} ${resource} ${id}`); return { id, firstName: 'Ada' } },
  async applyRecords(connectionId, resource, raws) { engineCalls.push(`apply ${connectionId} ${resource} ${raws.length}`); return { counts: { updated: raws.length }, errors: [] } },
  async markDeleted(connectionId, resource, ids) { engineCalls.push(`delete ${connectionId} ${resource} ${ids.length}`); return { counts: { deleted: ids.length }, errors: [] } },
  start() { throw new Error('not used') },
}

let h: Harness
let webhooks: Webhooks
let outbound: Outbound
let now: number
const LIMIT = 64 * 1024

beforeEach(async () => {
  engineCalls.length = 0
  now = Date.parse('2025-03-01T12:00:00.000Z')
  // The app reaches both subsystems through these forwarders: they are built on the harness's store and bus.
  const late = {
    webhooks: { receive: (input: Parameters<Webhooks['receive']>[0]) => webhooks.receive(input) },
    outbound: { list: (f?: Parameters<Outbound['list']>[0]) => outbound.list(f), get: (id: string) => outbound.get(id), replay: (id: string) => outbound.replay(id) },
    webhookBodyLimit: LIMIT,
  }
  h = await createHarness(late as Partial<AppDeps>)
  webhooks = createWebhooks({ store: h.store, connectors, engine, bus: h.bus, apps: { get: (c) => ({ webhookSecret: SECRETS[c as keyof typeof SECRETS] }) }, now: () => now, flushMs: 5, autoDrain: false })
  await webhooks.start()
  // No receiver is listening: deliveries stay pending or die, which is what the API is asked about.
  outbound = createOutbound({ bus: h.bus, store: h.store, target: (tenant) => ({ url: 'http://127.0.0.1:1/none', secret: `s-${tenant}` }), maxAttempts: 1, flushMs: 5 })
  await outbound.start()
})
afterEach(async () => {
  await webhooks.close()
  await outbound.close()
  await h.close()
})

const signBamboo = (body: string, ts: number, key = SECRETS.bamboohr) => ({
  'x-bamboohr-timestamp': String(ts), 'x-bamboohr-signature': createHmac('sha256', key).update(body + ts).digest('hex'), 'content-type': 'application/json',
})
const signGusto = (body: string, key = SECRETS.gusto) => ({ 'x-gusto-signature': createHmac('sha256', key).update(body).digest('hex'), 'content-type': 'application/json' })
const post = (path: string, body: string | ReadableStream, headers: Record<string, string>) =>
  h.app.request(path, { method: 'POST', body, headers, ...(typeof body === 'string' ? {} : { duplex: 'half' }) } as RequestInit)

async function nothingStored() {
  expect(webhooks.pending()).toEqual([])
  await webhooks.drain()
  expect(engineCalls).toEqual([])
  expect(await h.store.getDoc('webhook-inbox') ?? []).toEqual([])
  expect((await h.store.listAudit({})).items).toEqual([])
}

describe('POST /webhooks/:connector refusals', () => {
  const body = '{"employees":[{"id":"123"}]}'
  const ts = () => Math.floor(now / 1000)
  it.each([
    { name: 'unknown connector', path: '/webhooks/nope', make: () => ({ body, headers: signBamboo(body, ts()) }), status: 404, code: 'connector_not_found' },
    { name: 'connector without webhooks', path: '/webhooks/harvest', make: () => ({ body, headers: signBamboo(body, ts()) }), status: 404, code: 'not_found' },
    { name: 'malformed JSON', path: '/webhooks/bamboohr', make: () => ({ body: '{"employees":', headers: signBamboo('{"employees":', ts()) }), status: 400, code: 'invalid_request' },
    { name: 'bad signature', path: '/webhooks/bamboohr', make: () => ({ body, headers: signBamboo(body, ts(), 'not-the-key') }), status: 401, code: 'signature_invalid' },
    { name: 'no signature', path: '/webhooks/gusto', make: () => ({ body: '{"uuid":"x"}', headers: { 'content-type': 'application/json' } }), status: 401, code: 'signature_invalid' },
    { name: 'stale timestamp', path: '/webhooks/bamboohr', make: () => ({ body, headers: signBamboo(body, ts() - 3600) }), status: 401, code: 'webhook_stale' },
    { name: 'oversized body (declared length)', path: '/webhooks/bamboohr', make: () => { const big = `{"pad":"${'x'.repeat(LIMIT)}"}`; return { body: big, headers: signBamboo(big, ts()) } }, status: 413, code: 'payload_too_large' },
  ])('$name → $status $code, no token needed, nothing stored', async ({ path, make, status, code }) => {
    const { body: b, headers } = make()
    const res = await post(path, b, headers)
    expect(res.status).toBe(status)
    const json = await res.json() as { error: { code: string; message: string } }
    expect(json.error.code).toBe(code)
    expect(json.error.message).toEqual(expect.any(String))
    // The secret never travels back.
    expect(JSON.stringify(json)).not.toContain(SECRETS.bamboohr)
    await nothingStored()
  })

  it('oversized body without a length (streamed) → 413, nothing stored', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 10) return controller.close()
        sent++
        controller.enqueue(chunk)
      },
    })
    const res = await post('/webhooks/bamboohr', stream, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' })
    expect(res.status).toBe(413)
    expect((await res.json() as { error: { code: string } }).error.code).toBe('payload_too_large')
    await nothingStored()
  })
})

describe('POST /webhooks/:connector accepted', () => {
  it('BambooHR: 202 at once, applied by the worker', async () => {
    await h.store.createConnection({ id: 'con_b', tenant: 'acme', connector: 'bamboohr', status: 'active', config: { companyDomain: 'acme' }, credentials: null, createdAt: 'x', updatedAt: 'x' })
    const body = '{"employees":[{"id":"123","changedFields":["jobTitle"]}]}'
    const res = await post('/webhooks/bamboohr', body, signBamboo(body, Math.floor(now / 1000)))
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ received: true, id: expect.stringMatching(/^whk_/) })
    expect(engineCalls).toEqual([])
    await webhooks.drain()
    expect(engineCalls).toEqual(['fetch con_b employees 123', 'apply con_b employees 1'])
  })

  it('Gusto: handshake answered, then a signed event accepted once and a duplicate answered 200', async () => {
    await h.store.createConnection({ id: 'con_g', tenant: 'acme', connector: 'gusto', status: 'active', config: { companyUuid: 'c-1' }, credentials: null, createdAt: 'x', updatedAt: 'x' })
    const hs = await post('/webhooks/gusto', '{"verification_token":"abc"}', { 'content-type': 'application/json' })
    expect(hs.status).toBe(200)
    expect(await hs.json()).toEqual({})
    const event = JSON.stringify({ uuid: 'ev-1', event_type: 'employee.updated', resource_type: 'Company', resource_uuid: 'c-1', entity_type: 'Employee', entity_uuid: 'e-1', timestamp: 1671058841 })
    const first = await post('/webhooks/gusto', event, signGusto(event))
    const second = await post('/webhooks/gusto', event, signGusto(event))
    expect([first.status, second.status]).toEqual([202, 200])
    expect(await second.json()).toEqual({ duplicate: true })
    await webhooks.drain()
    expect(engineCalls).toEqual(['fetch con_g employees e-1', 'apply con_g employees 1'])
  })

  it('/webhooks/:connector/:connectionId routes to the named connection', async () => {
    for (const id of ['con_1', 'con_2']) await h.store.createConnection({ id, tenant: 'acme', connector: 'bamboohr', status: 'active', config: { companyDomain: id }, credentials: null, createdAt: 'x', updatedAt: 'x' })
    const body = '{"employees":[{"id":"9"}]}'
    expect((await post('/webhooks/bamboohr/con_2', body, signBamboo(body, Math.floor(now / 1000)))).status).toBe(202)
    await webhooks.drain()
    expect(engineCalls).toEqual(['fetch con_2 employees 9', 'apply con_2 employees 1'])
  })
})

describe('/deliveries', () => {
  // Mounted beside the default modules, as serve does.
  const call = async (method: string, path: string, options: { token?: string | null } = {}) => {
    const app = createApp(h.deps, { modules: ROUTE_MODULES })
    const token = options.token === undefined ? ADMIN_TOKEN : options.token
    const res = await app.request(path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} })
    return { status: res.status, body: await res.json() as any }
  }
  const emit = (tenant: string) => h.bus.emit({
    type: 'connection.needs_reauth', tenant, connectionId: `con_${tenant}`, code: 'auth_expired', reason: 'refused',
  })

  it('lists dead letters, replays one, and keeps tenants apart', async () => {
    emit('acme')
    emit('globex')
    await outbound.drain()
    const dead = await call('GET', '/deliveries?status=dead')
    expect(dead.status).toBe(200)
    expect(dead.body.items.map((d: { tenant: string }) => d.tenant).sort()).toEqual(['acme', 'globex'])
    expect(dead.body.items[0]).toMatchObject({ status: 'dead', attempts: 1, type: 'connection.needs_reauth' })

    const acme = await h.tokenFor('acme')
    const own = await call('GET', '/deliveries', { token: acme })
    expect(own.body.items.map((d: { tenant: string }) => d.tenant)).toEqual(['acme'])
    const globexId = dead.body.items.find((d: { tenant: string }) => d.tenant === 'globex').id
    expect((await call('GET', `/deliveries/${globexId}`, { token: acme })).status).toBe(403)
    expect((await call('POST', `/deliveries/${globexId}/replay`, { token: acme })).status).toBe(403)
    expect((await call('GET', '/deliveries?tenant=globex', { token: acme })).status).toBe(403)

    const acmeId = own.body.items[0].id
    const replay = await call('POST', `/deliveries/${acmeId}/replay`, { token: acme })
    expect(replay.status).toBe(202)
    expect(replay.body).toMatchObject({ id: acmeId, status: 'pending', attempts: 0 })
    expect((await h.store.listAudit({ action: 'delivery.replay' })).items).toEqual([expect.objectContaining({ tenant: 'acme', target: acmeId, actor: 'tenant:acme' })])
  })

  it.each([
    { name: 'unknown delivery', method: 'GET', path: '/deliveries/dlv_nope', status: 404, code: 'not_found' },
    { name: 'replay unknown', method: 'POST', path: '/deliveries/dlv_nope/replay', status: 404, code: 'not_found' },
    { name: 'bad status filter', method: 'GET', path: '/deliveries?status=lost', status: 400, code: 'invalid_request' },
    { name: 'no token', method: 'GET', path: '/deliveries', status: 401, code: 'unauthorized', token: null },
  ])('$name → $status', async ({ method, path, status, code, token }) => {
    const res = await call(method, path, token === null ? { token: null } : {})
    expect(res.status).toBe(status)
    expect(res.body.error.code).toBe(code)
  })
})
