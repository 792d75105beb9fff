import { createHmac } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MaestroError } from '../errors.ts'
import { createEventBus } from '../events/bus.ts'
import type { MaestroEvent } from '../events/types.ts'
import { loadConnector, type Connector } from '../manifest/index.ts'
import { createLowdbStore } from '../store/lowdb-store.ts'
import type { Connection, Store } from '../store/types.ts'
import { createWebhooks, type Webhooks, type WebhookEngine } from './index.ts'

const SECRETS = { bamboohr: 'bamboo-private-key', gusto: '6590f590-3dba-495e-9bea-c361e1e2efc0', quickbooks: 'qb-verifier-token' }
const apps = { get: (c: string) => ({ webhookSecret: SECRETS[c as keyof typeof SECRETS] }) }

let connectors: Map<string, Connector>
beforeAll(async () => {
  connectors = new Map()
  for (const id of ['bamboohr', 'gusto', 'quickbooks', 'harvest']) connectors.set(id, await loadConnector(`connectors/${id}/connector.yaml`))
})

/** An engine double: `fetchOne` answers from `remote`, everything else is recorded. */
function fakeEngine() {
  const calls: { op: string; connectionId: string; resource: string; arg: unknown }[] = []
  const remote = new Map<string, unknown>()
  let failures = 0
  const result = (n: number, key: string) => ({ counts: { [key]: n }, errors: [] })
  const engine: WebhookEngine & { calls: typeof calls; remote: typeof remote; failNext(n: number): void } = {
    calls, remote,
    failNext(n) { failures = n },
    async fetchOne(connectionId, resource, id) {
      calls.push({ op: 'fetchOne', connectionId, resource, arg: id })
      if (failures > 0) { failures--; throw new MaestroError('provider_unreachable', 'down') }
      return remote.get(`${resource}/${id}`) ?? null
    },
    async applyRecords(connectionId, resource, raws) { calls.push({ op: 'apply', connectionId, resource, arg: raws }); return result(raws.length, 'updated') },
    async markDeleted(connectionId, resource, ids) { calls.push({ op: 'delete', connectionId, resource, arg: ids }); return result(ids.length, 'deleted') },
    start(connectionId, options) { calls.push({ op: 'sync', connectionId, resource: String(options.resources), arg: options.trigger }); return { runId: 'run_x', done: Promise.resolve() } },
  }
  return engine
}

let dir: string
let store: Store
let engine: ReturnType<typeof fakeEngine>
let events: MaestroEvent[]
let now: number
let webhooks: Webhooks

const make = () => {
  const bus = createEventBus()
  bus.on('*', (e) => { events.push(e) })
  return createWebhooks({ store, connectors, engine, bus, apps, now: () => now, flushMs: 5, autoDrain: false, retryDelayMs: 1000 })
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maestro-webhooks-'))
  store = createLowdbStore({ dir, fsync: false })
  await store.open()
  engine = fakeEngine()
  events = []
  now = Date.parse('2025-03-01T12:00:00Z')
  webhooks = make()
  await webhooks.start()
})
afterEach(async () => {
  await webhooks.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

const at = '2025-01-01T00:00:00.000Z'
async function connection(id: string, connector: string, config: Record<string, unknown>, extra: Partial<Connection> = {}) {
  return store.createConnection({ id, tenant: `tenant-${id}`, connector, status: 'active', config, credentials: null, createdAt: at, updatedAt: at, ...extra })
}
const headersOf = (h: Record<string, string>) => new Headers(h)
const bamboo = (body: string, ts = Math.floor(now / 1000), secret = SECRETS.bamboohr) => ({
  connector: 'bamboohr', rawBody: Buffer.from(body),
  headers: headersOf({ 'X-BambooHR-Timestamp': String(ts), 'X-BambooHR-Signature': createHmac('sha256', secret).update(body + ts).digest('hex') }),
})
const gusto = (body: string, secret = SECRETS.gusto) => ({ connector: 'gusto', rawBody: Buffer.from(body), headers: headersOf({ 'X-Gusto-Signature': createHmac('sha256', secret).update(body).digest('hex') }) })
const qb = (body: string) => ({ connector: 'quickbooks', rawBody: Buffer.from(body), headers: headersOf({ 'intuit-signature': createHmac('sha256', SECRETS.quickbooks).update(body).digest('base64') }) })
const gustoEvent = (uuid: string, type = 'employee.updated', company = 'comp-1', entity = 'emp-1') =>
  JSON.stringify({ uuid, event_type: type, resource_type: 'Company', resource_uuid: company, entity_type: 'Employee', entity_uuid: entity, timestamp: 1671058841 })
const codeOf = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (e instanceof MaestroError ? `${e.status} ${e.code}` : String(e)))

/** Nothing of the delivery reached the queue, the Store or the engine. */
async function expectNothingStored() {
  expect(webhooks.pending()).toEqual([])
  await webhooks.drain()
  expect(engine.calls).toEqual([])
  expect(await store.getDoc('webhook-inbox') ?? []).toEqual([])
  expect((await store.listAudit({})).items).toEqual([])
  expect(events.filter((e) => e.type === 'webhook.received' || e.type === 'webhook.processed')).toEqual([])
}

describe('refusals store nothing', () => {
  const BODY = '{"employees":[{"id":"123"}]}'
  it.each([
    { name: 'unknown connector', input: () => ({ ...gusto(gustoEvent('u1')), connector: 'nope' }), code: '404 connector_not_found' },
    { name: 'connector without webhooks', input: () => ({ ...gusto(gustoEvent('u1')), connector: 'harvest' }), code: '404 not_found' },
    { name: 'malformed JSON', input: () => bamboo('{"employees": ['), code: '400 invalid_request' },
    { name: 'bad signature (BambooHR)', input: () => bamboo(BODY, undefined, 'wrong-key'), code: '401 signature_invalid' },
    { name: 'bad signature (Gusto)', input: () => gusto(gustoEvent('u1'), 'wrong-token'), code: '401 signature_invalid' },
    { name: 'signature of another body', input: () => ({ ...gusto(gustoEvent('u1')), rawBody: Buffer.from(gustoEvent('u2')) }), code: '401 signature_invalid' },
    { name: 'no signature header', input: () => ({ connector: 'gusto', rawBody: Buffer.from(gustoEvent('u1')), headers: new Headers() }), code: '401 signature_invalid' },
    { name: 'stale timestamp (6 min old)', input: () => bamboo(BODY, Math.floor(now / 1000) - 360), code: '401 webhook_stale' },
    { name: 'timestamp from the future', input: () => bamboo(BODY, Math.floor(now / 1000) + 360), code: '401 webhook_stale' },
  ])('$name → $code', async ({ input, code }) => {
    await expect(codeOf(webhooks.receive(input()))).resolves.toBe(code)
    await expectNothingStored()
  })

  it('a missing webhook secret refuses with a hint naming the variable', async () => {
    await webhooks.close()
    const bus = createEventBus()
    webhooks = createWebhooks({ store, connectors, engine, bus, apps: { get: () => undefined }, now: () => now, autoDrain: false })
    const err = await webhooks.receive(gusto(gustoEvent('u1'))).catch((e: MaestroError) => e)
    expect(err).toMatchObject({ code: 'signature_invalid', hint: expect.stringContaining('MAESTRO_APP_GUSTO_WEBHOOK_SECRET') })
    await expectNothingStored()
  })

  it('counts refusals on the bus (metrics) without the body', async () => {
    await webhooks.receive(gusto(gustoEvent('u1'), 'wrong')).catch(() => undefined)
    expect(events).toEqual([expect.objectContaining({ type: 'webhook.rejected', connector: 'gusto', code: 'signature_invalid' })])
  })
})

describe('handshakes', () => {
  it('answers Gusto\'s verification-token post before any signature exists, and stores nothing', async () => {
    const body = '{"verification_token":"6590f590-3dba-495e-9bea-c361e1e2efc0"}'
    const res = await webhooks.receive({ connector: 'gusto', rawBody: Buffer.from(body), headers: new Headers() })
    expect(res).toEqual({ status: 200, body: {} })
    await expectNothingStored()
  })
})

describe('handshakes (Toggl-style URL validation)', () => {
  // A connector shaped like Toggl's webhooks (toggl.md §7): sha256= prefixed hex, and a PING to echo.
  const toggl = {
    id: 'toggl',
    manifest: {
      webhooks: {
        verify: { scheme: 'hmac-sha256', header: 'X-Webhook-Signature-256', encoding: 'hex', prefix: 'sha256=', secret: '{{ app.webhookSecret }}' },
        handshake: { when: 'payload = "ping" and $exists(validation_code)', respond: '{ "validation_code": validation_code }' },
        eventId: '$string(event_id)',
        events: [{ when: 'metadata.model = "time_entry"', resource: 'timeEntries', action: 'upsert', record: 'payload' }],
      },
    },
  }
  it('echoes the validation code, verifies nothing, stores nothing', async () => {
    await webhooks.close()
    const bus = createEventBus()
    webhooks = createWebhooks({ store, connectors: new Map([['toggl', toggl as never]]), engine, bus, apps: { get: () => ({ webhookSecret: 'PGuRrhCFajIyEvFlreKL' }) }, now: () => now, autoDrain: false })
    const ping = '{"event_id":0,"payload":"ping","validation_code":"vc-123","subscription_id":6}'
    await expect(webhooks.receive({ connector: 'toggl', rawBody: Buffer.from(ping), headers: new Headers() })).resolves.toEqual({ status: 200, body: { validation_code: 'vc-123' } })
    await expectNothingStored()
    // A real event still needs its signature.
    const body = '{"event_id":5,"payload":{"id":9},"metadata":{"model":"time_entry"}}'
    await expect(codeOf(webhooks.receive({ connector: 'toggl', rawBody: Buffer.from(body), headers: new Headers({ 'X-Webhook-Signature-256': 'sha256=00' }) }))).resolves.toBe('401 signature_invalid')
    const sig = `sha256=${createHmac('sha256', 'PGuRrhCFajIyEvFlreKL').update(body).digest('hex')}`
    await expect(webhooks.receive({ connector: 'toggl', rawBody: Buffer.from(body), headers: new Headers({ 'X-Webhook-Signature-256': sig }) })).resolves.toMatchObject({ status: 202 })
  })
})

describe('accepted deliveries', () => {
  it('BambooHR (body+timestamp hex): accepted at once, then each listed employee refetched', async () => {
    await connection('con_b', 'bamboohr', { companyDomain: 'acme' })
    engine.remote.set('employees/123', { id: '123', firstName: 'Ada' })
    const res = await webhooks.receive(bamboo('{"employees":[{"id":"123","changedFields":["jobTitle"]},{"id":"999"}]}'))
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ received: true, id: expect.stringMatching(/^whk_/) })
    expect(engine.calls).toEqual([])
    expect(webhooks.pending()).toHaveLength(1)

    await webhooks.drain()
    expect(engine.calls).toEqual([
      { op: 'fetchOne', connectionId: 'con_b', resource: 'employees', arg: '123' },
      { op: 'fetchOne', connectionId: 'con_b', resource: 'employees', arg: '999' },
      { op: 'apply', connectionId: 'con_b', resource: 'employees', arg: [{ id: '123', firstName: 'Ada' }] },
      // Gone upstream: marked deleted, never removed.
      { op: 'delete', connectionId: 'con_b', resource: 'employees', arg: ['999'] },
    ])
    expect(webhooks.pending()).toEqual([])
    const audit = (await store.listAudit({ action: 'webhook.process' })).items
    expect(audit).toEqual([expect.objectContaining({ actor: 'provider:bamboohr', tenant: 'tenant-con_b', target: 'con_b', outcome: 'ok' })])
    expect(audit[0].details).toMatchObject({ counts: { refetched: 1, updated: 1, deleted: 1 }, actions: [{ resource: 'employees', action: 'refetch', count: 2 }] })
    expect(events.map((e) => e.type)).toEqual(['webhook.received', 'webhook.processed'])
    expect(events[1]).toMatchObject({ tenant: 'tenant-con_b', connectionId: 'con_b', resource: 'employees', action: 'refetch', count: 2 })
  })

  it('Gusto (hex): routed by company uuid to every connection of that company, not to others', async () => {
    await connection('con_g1', 'gusto', { companyUuid: 'comp-1' })
    await connection('con_g2', 'gusto', { companyUuid: 'comp-1' }, { tenant: 'second-tenant' })
    await connection('con_g3', 'gusto', { companyUuid: 'comp-other' })
    engine.remote.set('employees/emp-1', { uuid: 'emp-1' })
    expect((await webhooks.receive(gusto(gustoEvent('u-1')))).status).toBe(202)
    await webhooks.drain()
    const touched = new Set(engine.calls.map((c) => c.connectionId))
    expect(touched).toEqual(new Set(['con_g1', 'con_g2']))
    const tenants = (await store.listAudit({ action: 'webhook.process' })).items.map((a) => a.tenant).sort()
    expect(tenants).toEqual(['second-tenant', 'tenant-con_g1'])
  })

  it('drops a duplicate event id at once (200 duplicate) and applies it once', async () => {
    await connection('con_g1', 'gusto', { companyUuid: 'comp-1' })
    const first = await webhooks.receive(gusto(gustoEvent('dup-1')))
    const again = await webhooks.receive(gusto(gustoEvent('dup-1')))
    expect(first.status).toBe(202)
    expect(again).toEqual({ status: 200, body: { duplicate: true } })
    expect(webhooks.pending()).toHaveLength(1)
    await webhooks.drain()
    expect(engine.calls.filter((c) => c.op === 'fetchOne')).toHaveLength(1)
    expect(events.filter((e) => e.type === 'webhook.duplicate')).toHaveLength(1)
  })

  it('drops a duplicate the Store has seen before a restart (the in-memory memory is gone)', async () => {
    await connection('con_g1', 'gusto', { companyUuid: 'comp-1' })
    await webhooks.receive(gusto(gustoEvent('dup-2')))
    await webhooks.drain()
    await webhooks.close()
    webhooks = make()
    await webhooks.start()
    expect((await webhooks.receive(gusto(gustoEvent('dup-2')))).status).toBe(202)
    await webhooks.drain()
    expect(engine.calls.filter((c) => c.op === 'fetchOne')).toHaveLength(1)
  })

  it('a replayed BambooHR delivery (same signature and timestamp) is a duplicate', async () => {
    await connection('con_b', 'bamboohr', { companyDomain: 'acme' })
    const d = bamboo('{"employees":[{"id":"1"}]}')
    expect((await webhooks.receive(d)).status).toBe(202)
    expect((await webhooks.receive({ ...d, rawBody: Buffer.from(d.rawBody) })).body).toEqual({ duplicate: true })
  })

  it('QuickBooks CloudEvents: one delivery mixing realms reaches each realm\'s connection', async () => {
    await connection('con_q1', 'quickbooks', { realmId: '310687' })
    await connection('con_q2', 'quickbooks', { realmId: '555' })
    const body = JSON.stringify([
      { specversion: '1.0', id: 'ce-1', type: 'qbo.employee.updated.v1', intuitentityid: '55', intuitaccountid: '310687', data: {} },
      { specversion: '1.0', id: 'ce-2', type: 'qbo.employee.deleted.v1', intuitentityid: '56', intuitaccountid: '555', data: {} },
      { specversion: '1.0', id: 'ce-3', type: 'qbo.account.created.v1', intuitentityid: '1', intuitaccountid: '555', data: {} },
    ])
    engine.remote.set('employees/55', { Id: '55' })
    expect((await webhooks.receive(qb(body))).status).toBe(202)
    await webhooks.drain()
    expect(engine.calls).toEqual([
      { op: 'fetchOne', connectionId: 'con_q1', resource: 'employees', arg: '55' },
      { op: 'apply', connectionId: 'con_q1', resource: 'employees', arg: [{ Id: '55' }] },
      { op: 'delete', connectionId: 'con_q2', resource: 'employees', arg: ['56'] },
    ])
  })

  it('QuickBooks legacy payload routes by its notification realmId', async () => {
    await connection('con_q1', 'quickbooks', { realmId: '310687' })
    const body = '{"eventNotifications":[{"realmId":"310687","dataChangeEvent":{"entities":[{"id":"77","operation":"Delete","name":"Employee","lastUpdated":"2025-09-08T20:52:31.657Z"}]}}]}'
    await webhooks.receive(qb(body))
    await webhooks.drain()
    expect(engine.calls).toEqual([{ op: 'delete', connectionId: 'con_q1', resource: 'employees', arg: ['77'] }])
  })

  it('audits an event that matches no connection, and applies nothing', async () => {
    await connection('con_g1', 'gusto', { companyUuid: 'comp-1' })
    await webhooks.receive(gusto(gustoEvent('u-9', 'employee.updated', 'comp-unknown')))
    await webhooks.drain()
    expect(engine.calls).toEqual([])
    expect((await store.listAudit({ action: 'webhook.unrouted' })).items).toEqual([expect.objectContaining({ outcome: 'error', target: 'gusto' })])
  })

  it('BambooHR without a route reaches a connection named in the URL, and only that one', async () => {
    await connection('con_b1', 'bamboohr', { companyDomain: 'one' })
    await connection('con_b2', 'bamboohr', { companyDomain: 'two' })
    await webhooks.receive({ ...bamboo('{"employees":[{"id":"5"}]}'), connectionId: 'con_b2' })
    await webhooks.drain()
    expect(new Set(engine.calls.map((c) => c.connectionId))).toEqual(new Set(['con_b2']))
  })

  it('BambooHR without a route and several connections is not guessed', async () => {
    await connection('con_b1', 'bamboohr', { companyDomain: 'one' })
    await connection('con_b2', 'bamboohr', { companyDomain: 'two' })
    await webhooks.receive(bamboo('{"employees":[{"id":"5"}]}'))
    await webhooks.drain()
    expect(engine.calls).toEqual([])
    expect((await store.listAudit({ action: 'webhook.unrouted' })).items).toHaveLength(1)
  })

  it('skips a paused connection and says so in the audit', async () => {
    await connection('con_g1', 'gusto', { companyUuid: 'comp-1' }, { status: 'paused' })
    await webhooks.receive(gusto(gustoEvent('u-p')))
    await webhooks.drain()
    expect(engine.calls).toEqual([])
    const [entry] = (await store.listAudit({ action: 'webhook.process' })).items
    expect(entry.details).toMatchObject({ skipped: 'the connection is paused' })
  })

  it('retries a transient failure later, then applies', async () => {
    await connection('con_g1', 'gusto', { companyUuid: 'comp-1' })
    engine.remote.set('employees/emp-1', { uuid: 'emp-1' })
    engine.failNext(1)
    await webhooks.receive(gusto(gustoEvent('u-r')))
    await webhooks.drain()
    expect(webhooks.pending()).toHaveLength(1)
    expect(webhooks.pending()[0]).toMatchObject({ attempts: 1, lastError: { code: 'provider_unreachable' } })
    expect((await store.listAudit({})).items).toEqual([])
    now += 1000
    await webhooks.drain()
    expect(webhooks.pending()).toEqual([])
    expect(engine.calls.filter((c) => c.op === 'apply')).toHaveLength(1)
    expect((await store.listAudit({ action: 'webhook.process' })).items).toEqual([expect.objectContaining({ outcome: 'ok' })])
  })

  it('survives a restart: an accepted delivery is applied by the next process', async () => {
    await connection('con_g1', 'gusto', { companyUuid: 'comp-1' })
    await webhooks.receive(gusto(gustoEvent('u-restart')))
    // The process stops before the worker ran (close persists the inbox).
    await webhooks.close()
    expect(engine.calls).toEqual([])
    expect(await store.getDoc<unknown[]>('webhook-inbox')).toHaveLength(1)
    webhooks = make()
    await webhooks.start()
    expect(webhooks.pending()).toHaveLength(1)
    await webhooks.drain()
    expect(engine.calls.map((c) => c.op)).toEqual(['fetchOne', 'delete'])
    expect(await store.getDoc('webhook-inbox')).toEqual([])
  })
})
