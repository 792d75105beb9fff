import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HttpSpec } from '../manifest/schema/index.ts'
import { createRequester } from './requester.ts'
import { createRateBudget } from './rate-budget.ts'
import { sendJson, startLocalServer, type LocalServer } from './local-server.ts'

// Each path scripts its answers by attempt number; the server counts attempts per path.
const attemptsByPath = new Map<string, number>()
let server: LocalServer
let elsewhere: LocalServer

beforeAll(async () => {
  elsewhere = await startLocalServer((_req, res) => sendJson(res, 200, { stolen: true }))
  server = await startLocalServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const n = (attemptsByPath.get(path) ?? 0) + 1
    attemptsByPath.set(path, n)
    switch (path) {
      case '/flaky': return n < 3 ? sendJson(res, 503, { error: 'unavailable' }) : sendJson(res, 200, { ok: n })
      case '/throttled': return n === 1 ? sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '0.3' }) : sendJson(res, 200, { ok: n })
      case '/drop': {
        if (n > 1) return sendJson(res, 200, { users: [1, 2, 3] })
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
        res.write('{"users":[1,')
        setTimeout(() => res.socket?.destroy(), 5)
        return
      }
      case '/malformed': return n === 1 ? res.end('{"users":[1,2') : sendJson(res, 200, { users: [1, 2] })
      case '/slow': return n === 1 ? void setTimeout(() => sendJson(res, 200, { late: true }), 400) : sendJson(res, 200, { ok: n })
      case '/token': {
        const auth = req.headers.authorization
        return auth === 'Bearer fresh-token' ? sendJson(res, 200, { auth: 'ok' }) : sendJson(res, 401, { error: 'expired' })
      }
      case '/ping': return sendJson(res, 200, { at: n })
      case '/moved': return sendJson(res, 302, {}, { location: '/ping?from=moved' })
      case '/away': return sendJson(res, 302, {}, { location: `${elsewhere.url}/collect` })
      default: return sendJson(res, 404, { error: 'no route' })
    }
  })
})
afterAll(async () => { await server.close(); await elsewhere.close() })

const requester = (http: Partial<HttpSpec> = {}, extra: Partial<Parameters<typeof createRequester>[0]> = {}) => createRequester({
  http: { baseUrl: server.url, retry: { attempts: 4, initialDelay: '10ms', maxDelay: '2s' }, ...http },
  context: { config: {}, credentials: {}, app: {} },
  ...extra,
})

describe('requester against a local server', () => {
  it('retries 5xx until it succeeds', async () => {
    const r = requester()
    const res = await r.request({ path: '/flaky' })
    expect(res).toMatchObject({ status: 200, body: { ok: 3 }, attempts: 3 })
    expect(r.stats().retries).toBe(2)
  })

  it('honours Retry-After on a 429', async () => {
    const r = requester()
    const t0 = performance.now()
    const res = await r.request({ path: '/throttled' })
    expect(res.attempts).toBe(2)
    // Without the header the backoff would be under 10 ms (initialDelay 10ms, first retry).
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290)
    expect(r.stats()).toMatchObject({ rateLimitWaits: 1, rateLimitWaitMs: 300 })
  })

  it('retries a connection dropped mid-body', async () => {
    const res = await requester().request({ path: '/drop' })
    expect(res).toMatchObject({ body: { users: [1, 2, 3] }, attempts: 2 })
  })

  it('retries a malformed JSON page', async () => {
    const res = await requester().request({ path: '/malformed' })
    expect(res).toMatchObject({ body: { users: [1, 2] }, attempts: 2 })
  })

  it('times out a slow answer and retries', async () => {
    const events: string[] = []
    const res = await requester({ timeout: '100ms' }, { onEvent: (e) => events.push(`${e.type}:${'code' in e ? e.code : ''}`) }).request({ path: '/slow' })
    expect(res).toMatchObject({ body: { ok: 2 }, attempts: 2 })
    expect(events).toEqual(['request.retry:provider_unreachable'])
  })

  it('auth_expired: invalidates the token, refreshes and retries once', async () => {
    let current = 'stale-token'
    const invalidated: string[] = []
    const r = requester({}, {
      auth: { type: 'oauth2', authorizationUrl: `${server.url}/authorize`, tokenUrl: `${server.url}/token-endpoint` },
      tokenProvider: { accessToken: async () => current, invalidate: (t) => { invalidated.push(t); current = 'fresh-token' } },
    })
    const before = attemptsByPath.get('/token') ?? 0
    const res = await r.request({ path: '/token' })
    expect(res.body).toEqual({ auth: 'ok' })
    expect(invalidated).toEqual(['stale-token'])
    expect((attemptsByPath.get('/token') ?? 0) - before).toBe(2)
  })

  it('follows a redirect within the origin, keeping the credentials', async () => {
    const r = requester({}, { auth: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '{{ credentials.apiKey }}' }, context: { config: {}, credentials: { apiKey: 'key-abcdef' }, app: {} } })
    const res = await r.request({ path: '/moved' })
    expect(res).toMatchObject({ status: 200, url: `${server.url}/ping?from=moved` })
    expect(server.hits.at(-1)?.headers['x-api-key']).toBe('key-abcdef')
  })

  it('refuses to follow a redirect to another origin, so credentials never leave', async () => {
    const r = requester({}, { auth: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '{{ credentials.apiKey }}' }, context: { config: {}, credentials: { apiKey: 'key-abcdef' }, app: {} } })
    const err = await r.request({ path: '/away' }).catch((e) => e)
    expect(err).toMatchObject({ code: 'provider_error', details: { status: 302, attempts: 1 } })
    expect(err.message).toContain(`redirected to ${elsewhere.url}`)
    expect(elsewhere.hits).toHaveLength(0)
  })

  it('the rate budget really limits: 12 requests at 5 per 200 ms span at least two windows', async () => {
    const budget = createRateBudget({ requests: 5, per: '200ms' })
    const starts: number[] = []
    const r = requester({}, { budget, fetch: (input, init) => { starts.push(performance.now()); return fetch(input, init) } })
    const t0 = performance.now()
    await Promise.all(Array.from({ length: 12 }, () => r.request({ path: '/ping' })))
    const elapsed = performance.now() - t0
    expect(elapsed).toBeGreaterThanOrEqual(390)
    expect(elapsed).toBeLessThan(1500)
    // No 200 ms span ever held more than 5 request starts (1 ms slack: the budget's clock is Date.now).
    expect(starts).toHaveLength(12)
    for (let i = 5; i < starts.length; i++) expect(starts[i] - starts[i - 5]).toBeGreaterThanOrEqual(199)
    expect(budget.stats()).toMatchObject({ scheduled: 12, immediate: 5, queued: 7 })
  })
})
