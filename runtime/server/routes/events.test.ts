import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEventBus } from '../../events/bus.ts'
import type { EventBus } from '../../events/types.ts'
import { createHarness, SECRETS, type Harness } from '../testing/harness.ts'

let h: Harness
let bus: EventBus
let listeners = 0
beforeEach(async () => {
  const inner = createEventBus()
  listeners = 0
  // Counts live subscriptions, so the test can see the stream let go of the bus.
  bus = {
    emit: (e) => inner.emit(e),
    on: ((type: '*', fn: never) => { listeners++; const off = inner.on(type, fn); return () => { listeners--; off() } }) as EventBus['on'],
  }
  h = await createHarness({ bus })
})
afterEach(async () => { await h.close() })

async function open(query: string, init: RequestInit = {}) {
  const res = await h.app.request(`/events${query}`, init)
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const until = async (predicate: (t: string) => boolean) => {
    const deadline = Date.now() + 2000
    while (!predicate(text)) {
      if (Date.now() > deadline) throw new Error(`stream never matched; got:\n${text}`)
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value)
    }
    return text
  }
  return { res, until, close: () => reader.cancel() }
}

const progress = (tenant: string, runId: string) => ({ type: 'run.progress' as const, tenant, connectionId: `con_${tenant}`, runId, resource: 'employees', pages: 1, counts: { fetched: 1, added: 1, updated: 0, unchanged: 0, deleted: 0, invalid: 0 } })

describe('GET /events', () => {
  it('streams its tenant\'s run and connection events, never another tenant\'s, never credentials', async () => {
    const token = await h.tokenFor('acme')
    const c = await h.connect('acme')
    const stream = await open(`?token=${token}`)
    expect(stream.res.headers.get('content-type')).toContain('text/event-stream')
    await stream.until((t) => t.includes('event: ready'))
    bus.emit(progress('bakery', 'run_theirs'))
    bus.emit(progress('acme', 'run_mine'))
    const connection = (await h.store.getConnection(c.id))!
    bus.emit({ type: 'connection.updated', tenant: 'acme', connectionId: c.id, connection })
    bus.emit({ type: 'record.added', tenant: 'acme', connectionId: c.id, runId: null, record: {} as never })
    const text = await stream.until((t) => t.includes('event: connection.updated'))
    expect(text).toContain('"runId":"run_mine"')
    expect(text).not.toContain('run_theirs')
    expect(text).not.toContain('record.added')
    expect(text).not.toContain(connection.credentials!.data)
    expect(text).not.toContain(SECRETS.apiKey)
    const data = JSON.parse(text.split('event: connection.updated\n')[1].split('\n').find((l) => l.startsWith('data: '))!.slice(6))
    expect(data.connection).toEqual({ id: c.id, tenant: 'acme', connector: 'keyco', name: null, status: 'active', lastError: null, updatedAt: connection.updatedAt })
    await stream.close()
  })

  it('gives the operator every tenant, optionally one connection only', async () => {
    const all = await open('', { headers: { authorization: 'Bearer admin-token-for-tests-0123456789' } })
    const one = await open('?connection=con_bakery', { headers: { authorization: 'Bearer admin-token-for-tests-0123456789' } })
    await all.until((t) => t.includes('event: ready'))
    await one.until((t) => t.includes('event: ready'))
    bus.emit(progress('acme', 'run_a'))
    bus.emit(progress('bakery', 'run_b'))
    const everything = await all.until((t) => t.includes('run_b'))
    expect(everything).toContain('run_a')
    const filtered = await one.until((t) => t.includes('run_b'))
    expect(filtered).not.toContain('run_a')
    await all.close()
    await one.close()
  })

  it('sends heartbeat comments while idle and unsubscribes when the client goes away', async () => {
    const before = listeners
    const stream = await open(`?token=${await h.tokenFor('acme')}`)
    await stream.until((t) => t.includes(': heartbeat'))
    expect(listeners).toBe(before + 1)
    await stream.close()
    bus.emit(progress('acme', 'run_after'))
    await new Promise((r) => setTimeout(r, 80))
    expect(listeners).toBe(before)
  })

  it('ends the stream when the server shuts down', async () => {
    const shutdown = new AbortController()
    await h.close()
    h = await createHarness({ bus, shutdown: shutdown.signal })
    const stream = await open(`?token=${await h.tokenFor('acme')}`)
    await stream.until((t) => t.includes('event: ready'))
    shutdown.abort()
    const res = await Promise.race([stream.until(() => false).then(() => 'ended', () => 'timeout'), new Promise((r) => setTimeout(() => r('hung'), 1500))])
    expect(res).toBe('ended')
  })

  it.each([
    { name: 'no token', query: '', code: 401 },
    { name: 'a bad token', query: '?token=nope', code: 401 },
  ])('refuses $name', async ({ query, code }) => {
    const res = await h.call('GET', `/events${query}`, { token: null })
    expect(res.status).toBe(code)
  })

  it('refuses unknown query parameters', async () => {
    const res = await h.call('GET', '/events?tenant=other')
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request'])
  })
})
