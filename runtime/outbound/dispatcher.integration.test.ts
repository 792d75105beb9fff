import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createLowdbStore } from '../store/lowdb-store.ts'
import type { Store } from '../store/types.ts'
import { createDispatcher, type Dispatcher } from './dispatcher.ts'
import { verifyMaestroSignature } from './signature.ts'
import type { OutboundEvent } from './types.ts'

interface Received { headers: IncomingHttpHeaders; body: string; at: number }

let server: Server
let url: string
const received: Received[] = []
/** Status codes to answer, in order; 200 once exhausted. */
let plan: number[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() })
      res.statusCode = plan.shift() ?? 200
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/maestro`
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

let dir: string
let store: Store
const open: Dispatcher[] = []
const secret = 'whsec_integration'

beforeEach(async () => {
  received.length = 0
  plan = []
  dir = await mkdtemp(join(tmpdir(), 'maestro-outbound-'))
  store = createLowdbStore({ dir, fsync: false })
  await store.open()
})
afterEach(async () => {
  for (const d of open.splice(0)) await d.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

const make = (over: Partial<Parameters<typeof createDispatcher>[0]> = {}) => {
  const d = createDispatcher({ store, target: () => ({ url, secret }), initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 3, flushMs: 10, random: () => 0, ...over })
  open.push(d)
  return d
}
const event = (n = 1, tenant = 'acme'): OutboundEvent => ({
  id: `evt_${n}`, type: 'record.updated', createdAt: new Date().toISOString(), tenant, connectionId: 'con_1', connector: 'harvest',
  data: { runId: null, records: [{ id: `rec_${n}`, data: { firstName: 'Ada' } }] },
})
const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('outbound dispatcher against a local receiver', () => {
  it('delivers a signed event the receiver can verify, with a stable event id', async () => {
    const d = make()
    await d.load()
    d.start()
    const delivery = d.enqueue(event(1))!
    await d.drain()
    expect(received).toHaveLength(1)
    const [r] = received
    expect(r.headers['content-type']).toBe('application/json')
    expect(r.headers['maestro-event-id']).toBe('evt_1')
    expect(r.headers['maestro-event-type']).toBe('record.updated')
    expect(verifyMaestroSignature(r.body, r.headers['maestro-signature'] as string, secret, 300)).toBe(true)
    expect(verifyMaestroSignature(r.body, r.headers['maestro-signature'] as string, 'wrong', 300)).toBe(false)
    expect(JSON.parse(r.body)).toMatchObject({ id: 'evt_1', tenant: 'acme', type: 'record.updated' })
    expect(d.get(delivery.id)).toMatchObject({ status: 'delivered', attempts: 1, bytes: 0 })
  })

  it('retries failures with growing delays, then succeeds', async () => {
    plan = [500, 503]
    const d = make({ maxAttempts: 5 })
    await d.load()
    d.start()
    const delivery = d.enqueue(event(2))!
    await until(() => d.get(delivery.id)?.status === 'delivered')
    expect(received).toHaveLength(3)
    // Same event id on every attempt; fresh signatures each time.
    expect(new Set(received.map((r) => r.headers['maestro-event-id']))).toEqual(new Set(['evt_2']))
    for (const r of received) expect(verifyMaestroSignature(r.body, r.headers['maestro-signature'] as string, secret)).toBe(true)
    const gaps = [received[1].at - received[0].at, received[2].at - received[1].at]
    // random() = 0 → delays of 10 then 20 ms (half the nominal 20, 40).
    expect(gaps[0]).toBeGreaterThanOrEqual(9)
    expect(gaps[1]).toBeGreaterThanOrEqual(19)
    expect(d.get(delivery.id)).toMatchObject({ status: 'delivered', attempts: 3 })
  })

  it('dead-letters after maxAttempts, audits it, lists it, and replays it', async () => {
    plan = [500, 500, 500]
    const d = make()
    await d.load()
    d.start()
    const delivery = d.enqueue(event(3))!
    await until(() => d.get(delivery.id)?.status === 'dead')
    await d.drain()
    expect(received).toHaveLength(3)
    expect(d.get(delivery.id)).toMatchObject({ status: 'dead', attempts: 3, lastError: { status: 500 } })
    expect(d.list({ status: 'dead' }).items.map((x) => x.id)).toEqual([delivery.id])
    expect(d.list({ status: 'dead', tenant: 'other' }).items).toEqual([])
    const audit = await store.listAudit({ action: 'delivery.dead' })
    expect(audit.items).toHaveLength(1)
    expect(audit.items[0]).toMatchObject({ tenant: 'acme', target: delivery.id, outcome: 'error' })

    const replayed = d.replay(delivery.id)
    expect(replayed).toMatchObject({ status: 'pending', attempts: 0 })
    await until(() => d.get(delivery.id)?.status === 'delivered')
    expect(received).toHaveLength(4)
    expect(received[3].headers['maestro-event-id']).toBe('evt_3')
    expect(d.list({ status: 'dead' }).items).toEqual([])
  })

  it('counts an unreachable receiver as a failed attempt', async () => {
    const d = make({ target: () => ({ url: 'http://127.0.0.1:1/unreachable', secret }), maxAttempts: 2 })
    await d.load()
    d.start()
    const delivery = d.enqueue(event(4))!
    await until(() => d.get(delivery.id)?.status === 'dead')
    expect(d.get(delivery.id)?.lastError?.message).toMatch(/could not be reached/)
  })

  it('keeps pending deliveries across a restart and sends them after it', async () => {
    plan = [500]
    const first = make({ initialDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0 })
    await first.load()
    first.start()
    const delivery = first.enqueue(event(5))!
    await until(() => first.get(delivery.id)?.attempts === 1)
    await first.close()
    open.splice(open.indexOf(first), 1)
    expect(received).toHaveLength(1)

    // A new process: the delivery is still pending, due in a minute; make it due now to observe the send.
    const doc = await store.getDoc<{ id: string; nextAttemptAt: string }[]>('outbound-deliveries')
    expect(doc?.map((x) => x.id)).toEqual([delivery.id])
    await store.putDoc('outbound-deliveries', doc!.map((x) => ({ ...x, nextAttemptAt: new Date().toISOString() })))
    const second = make()
    await second.load()
    expect(second.get(delivery.id)).toMatchObject({ status: 'pending', attempts: 1 })
    second.start()
    await until(() => second.get(delivery.id)?.status === 'delivered')
    expect(received).toHaveLength(2)
    expect(received[1].headers['maestro-event-id']).toBe('evt_5')
  })

  it('queues nothing for a tenant without a target', async () => {
    const d = make({ target: (tenant) => (tenant === 'acme' ? { url, secret } : undefined) })
    await d.load()
    d.start()
    expect(d.enqueue(event(6, 'nobody'))).toBeUndefined()
    await d.drain()
    expect(received).toHaveLength(0)
    expect(d.list().items).toEqual([])
  })

  it('pages the list newest first with an opaque cursor', async () => {
    const d = make()
    await d.load()
    for (let n = 10; n < 15; n++) d.enqueue(event(n))
    const first = d.list({ limit: 2 })
    expect(first.items).toHaveLength(2)
    const second = d.list({ limit: 2, cursor: first.next })
    const third = d.list({ limit: 2, cursor: second.next })
    expect(third.next).toBeUndefined()
    const ids = [...first.items, ...second.items, ...third.items].map((x) => x.id)
    expect(new Set(ids).size).toBe(5)
  })
})
