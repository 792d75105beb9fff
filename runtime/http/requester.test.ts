import { describe, expect, it } from 'vitest'
import type { AuthSpec, HttpSpec } from '../manifest/schema/index.ts'
import { createRequester } from './requester.ts'
import type { RateBudget } from './rate-budget.ts'
import type { RequestEvent } from './events.ts'

type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'network'

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({ status, body: JSON.stringify(value), headers })

/** A requester over a scripted fetch, a recorded sleep and a budget stub that records pauses. */
function setup(replies: Reply[], opts: { http?: Partial<HttpSpec>; auth?: AuthSpec; tokens?: string[] } = {}) {
  const sent: Array<{ url: string; headers: Record<string, string> }> = []
  const sleeps: number[] = []
  const pauses: number[] = []
  const events: RequestEvent[] = []
  const invalidated: string[] = []
  const tokens = [...(opts.tokens ?? [])]
  const budget: RateBudget = { schedule: (fn) => fn(), pause: (ms) => { pauses.push(ms) }, stats: () => ({ limited: false, scheduled: 0, immediate: 0, queued: 0, running: 0, waiting: 0, windowUsed: 0, pauses: 0 }) }
  const fetch = (async (input: URL, init: RequestInit) => {
    sent.push({ url: String(input), headers: init.headers as Record<string, string> })
    const r = replies.shift()
    if (!r) throw new Error('script exhausted')
    if (r === 'network') throw new TypeError('fetch failed')
    return new Response(r.body ?? null, { status: r.status, headers: r.headers })
  }) as typeof globalThis.fetch
  const requester = createRequester({
    http: { baseUrl: 'https://api.example.com/v2', retry: { attempts: 4, initialDelay: '100ms', maxDelay: '5s', resetHeader: 'X-Toggl-Quota-Resets-In' }, ...opts.http },
    auth: opts.auth ?? { type: 'api_key', in: 'query', name: 'key', value: '{{ credentials.apiKey }}' },
    context: { config: {}, credentials: { apiKey: 'very-secret-key' }, app: {} },
    tokenProvider: { accessToken: async () => tokens[0], invalidate: (t) => { invalidated.push(t); tokens.shift() } },
    budget, fetch, onEvent: (e) => events.push(e), sleep: async (ms) => { sleeps.push(ms) }, random: () => 0.5, now: () => Date.parse('2026-01-15T12:00:00Z'),
  })
  return { requester, sent, sleeps, pauses, events, invalidated }
}

describe('requester', () => {
  it.each<{ name: string; replies: Reply[]; http?: Partial<HttpSpec>; attempts: number; sleeps: number[]; pauses?: number[]; eventTypes: string[] }>([
    { name: 'plain success', replies: [json(200, { ok: 1 })], attempts: 1, sleeps: [], eventTypes: [] },
    { name: '5xx twice then success, exponential backoff with jitter', replies: [json(503, {}), json(502, {}), json(200, { ok: 1 })], attempts: 3, sleeps: [50, 100], eventTypes: ['request.retry', 'request.retry'] },
    { name: 'network error then success', replies: ['network', json(200, { ok: 1 })], attempts: 2, sleeps: [50], eventTypes: ['request.retry'] },
    { name: 'truncated JSON then success', replies: [{ status: 200, body: '{"users":[{"id":1},' }, json(200, { ok: 1 })], attempts: 2, sleeps: [50], eventTypes: ['request.retry'] },
    { name: '503 with Retry-After is honoured', replies: [json(503, {}, { 'retry-after': '2' }), json(200, {})], attempts: 2, sleeps: [2000], eventTypes: ['request.retry'] },
    { name: '429 with Retry-After seconds pauses the whole budget', replies: [json(429, {}, { 'retry-after': '3' }), json(200, {})], attempts: 2, sleeps: [3000], pauses: [3000], eventTypes: ['request.rate_limited'] },
    { name: '429 with Retry-After as an HTTP date', replies: [json(429, {}, { 'retry-after': 'Thu, 15 Jan 2026 12:00:04 GMT' }), json(200, {})], attempts: 2, sleeps: [4000], pauses: [4000], eventTypes: ['request.rate_limited'] },
    { name: 'Retry-After beyond the ceiling is capped', replies: [json(429, {}, { 'retry-after': '3600' }), json(200, {})], attempts: 2, sleeps: [5000], pauses: [5000], eventTypes: ['request.rate_limited'] },
    { name: '429 without a hint backs off', replies: [json(429, {}), json(200, {})], attempts: 2, sleeps: [50], pauses: [50], eventTypes: ['request.rate_limited'] },
    { name: 'Toggl 402 quota waits for the reset header', http: { errors: [{ status: 402, outcome: 'rate_limited' }] }, replies: [json(402, {}, { 'x-toggl-quota-resets-in': '4' }), json(200, {})], attempts: 2, sleeps: [4000], pauses: [4000], eventTypes: ['request.rate_limited'] },
    { name: 'an ignore rule returns without retrying', http: { errors: [{ status: 404, outcome: 'ignore' }] }, replies: [json(404, { error: 'gone' })], attempts: 1, sleeps: [], eventTypes: [] },
  ])('$name', async ({ replies, http, attempts, sleeps, pauses, eventTypes }) => {
    const t = setup(replies, { http })
    const res = await t.requester.request({ path: '/users' })
    expect(res.attempts).toBe(attempts)
    expect(t.sent).toHaveLength(attempts)
    expect(t.sleeps).toEqual(sleeps)
    expect(t.pauses).toEqual(pauses ?? [])
    expect(t.events.map((e) => e.type)).toEqual(eventTypes)
  })

  it('returns status, lower-cased headers, parsed body and a redacted URL', async () => {
    const t = setup([json(200, { users: [1] }, { 'X-Total-Pages': '3' })])
    const res = await t.requester.request({ path: '/users', query: { page: 1 } })
    expect(res).toMatchObject({ status: 200, body: { users: [1] }, attempts: 1 })
    expect(res.headers['x-total-pages']).toBe('3')
    expect(res.url).toBe('https://api.example.com/v2/users?page=1&key=***')
    expect(t.sent[0].url).toBe('https://api.example.com/v2/users?page=1&key=very-secret-key')
  })

  it.each<{ name: string; replies: Reply[]; code: string; attempts: number }>([
    { name: 'retries exhausted on 5xx', replies: [json(500, {}), json(500, {}), json(500, {}), json(500, { echoed: 'very-secret-key' })], code: 'provider_error', attempts: 4 },
    { name: 'retries exhausted on network errors', replies: ['network', 'network', 'network', 'network'], code: 'provider_unreachable', attempts: 4 },
    { name: 'retries exhausted on malformed JSON', replies: Array.from({ length: 4 }, (): Reply => ({ status: 200, body: '<html>' })), code: 'provider_response_invalid', attempts: 4 },
    { name: 'rate limited to the end', replies: Array.from({ length: 4 }, () => json(429, {})), code: 'provider_rate_limited', attempts: 4 },
    { name: 'a 404 is fatal at once', replies: [json(404, { message: 'no such user very-secret-key' })], code: 'provider_error', attempts: 1 },
    { name: 'a 401 with static auth is not retried', replies: [json(401, {})], code: 'auth_expired', attempts: 1 },
  ])('fails with $code when $name, leaking no credential', async ({ replies, code, attempts }) => {
    const t = setup(replies)
    const err = await t.requester.request({ path: '/users' }).catch((e) => e)
    expect(err).toMatchObject({ code, details: { attempts } })
    const shown = JSON.stringify({ message: err.message, details: err.details, events: t.events })
    expect(shown).not.toContain('very-secret-key')
    expect(t.events.at(-1)).toMatchObject({ type: 'request.failed', code, attempts })
    expect(t.requester.stats().failures).toBe(1)
  })

  it('auth_expired invalidates the refused token and retries exactly once', async () => {
    const t = setup([json(401, {}), json(200, { ok: 1 })], { auth: { type: 'oauth2', authorizationUrl: 'https://a.test/a', tokenUrl: 'https://a.test/t' }, tokens: ['old-token-1', 'new-token-2'] })
    const res = await t.requester.request({ path: '/me' })
    expect(res.body).toEqual({ ok: 1 })
    expect(t.invalidated).toEqual(['old-token-1'])
    expect(t.sent.map((s) => s.headers.authorization)).toEqual(['Bearer old-token-1', 'Bearer new-token-2'])
    expect(t.events.map((e) => e.type)).toEqual(['request.auth_refresh'])
    expect(t.sleeps).toEqual([])
  })

  it('a second auth_expired in a row fails with auth_expired', async () => {
    const t = setup([json(401, {}), json(401, {})], { auth: { type: 'oauth2', authorizationUrl: 'https://a.test/a', tokenUrl: 'https://a.test/t' }, tokens: ['t-aaaa', 't-bbbb'] })
    await expect(t.requester.request({ path: '/me' })).rejects.toMatchObject({ code: 'auth_expired' })
    expect(t.invalidated).toEqual(['t-aaaa'])
    expect(t.sent).toHaveLength(2)
  })

  it('a QuickBooks Fault-in-200 with code 3200 refreshes the token', async () => {
    const fault = { Fault: { Error: [{ Message: 'message=AuthenticationFailed; errorCode=003200', code: '3200' }], type: 'AuthenticationFault' } }
    const t = setup([json(200, fault), json(200, { QueryResponse: {} })], {
      http: { errors: [{ when: 'Fault.Error[0].code = "3200" or fault.error[0].code = "3200"', outcome: 'auth_expired' }] },
      auth: { type: 'oauth2', authorizationUrl: 'https://a.test/a', tokenUrl: 'https://a.test/t' }, tokens: ['t-cccc', 't-dddd'],
    })
    expect((await t.requester.request({ path: '/query' })).body).toEqual({ QueryResponse: {} })
    expect(t.invalidated).toEqual(['t-cccc'])
  })

  it('counts retries and rate-limit waits', async () => {
    const t = setup([json(503, {}), json(429, {}, { 'retry-after': '1' }), json(200, {}), json(200, {})])
    await t.requester.request({ path: '/a' })
    await t.requester.request({ path: '/b' })
    expect(t.requester.stats()).toMatchObject({ requests: 2, attempts: 4, retries: 1, rateLimitWaits: 1, rateLimitWaitMs: 1000, failures: 0 })
  })

  it('hooks: prepareRequest runs before auth, parseResponse replaces JSON parsing', async () => {
    const seen: string[] = []
    const requester = createRequester({
      http: { baseUrl: 'https://api.example.com' }, auth: { type: 'bearer', token: '{{ credentials.token }}' }, context: { config: {}, credentials: { token: 'tok-zzzz' }, app: {} },
      fetch: (async (u: URL, i: RequestInit) => { seen.push((i.headers as Record<string, string>)['x-hook'] ?? ''); return new Response('a=1') }) as typeof fetch,
      hooks: {
        prepareRequest: (req) => { seen.push(req.headers.authorization ?? 'no-auth-yet'); req.headers['x-hook'] = 'yes' },
        parseResponse: ({ text }) => Object.fromEntries(new URLSearchParams(text)),
      },
    })
    expect((await requester.request({ path: '/x' })).body).toEqual({ a: '1' })
    expect(seen).toEqual(['no-auth-yet', 'yes'])
  })
})
