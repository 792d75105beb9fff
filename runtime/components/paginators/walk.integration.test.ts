import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRequester } from '../../http/requester.ts'
import { createRateBudget } from '../../http/rate-budget.ts'
import { sendJson, startLocalServer, type LocalServer } from '../../http/local-server.ts'
import { walkPages, type ListRequestSpec } from './walk.ts'

// Two resources on one connection, both paged by links.next (Harvest style), 6 pages of 5 each.
let server: LocalServer
let throttleOnce = false
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const page = Number(url.searchParams.get('page') ?? 1)
    const kind = url.pathname.slice(1)
    if (throttleOnce && kind === 'users' && page === 2) {
      throttleOnce = false
      return sendJson(res, 429, { message: 'Too many requests' }, { 'retry-after': '0.3' })
    }
    const records = Array.from({ length: 5 }, (_, i) => ({ id: `${kind}-${(page - 1) * 5 + i + 1}` }))
    sendJson(res, 200, { [kind]: records, links: { next: page < 6 ? `${server.url}/${kind}?page=${page + 1}` : null } })
  })
})
afterAll(() => server.close())

const list = (kind: string): ListRequestSpec => ({ path: `/${kind}`, records: kind, paginate: { type: 'next_url', next: 'links.next' } })

async function drain(requester: ReturnType<typeof createRequester>, kind: string, log: Array<{ kind: string; at: number }>) {
  const ids: string[] = []
  for await (const page of walkPages({ requester, resource: kind, list: list(kind) })) {
    log.push({ kind, at: performance.now() })
    ids.push(...page.records.map((r) => (r as { id: string }).id))
  }
  return ids
}

describe('walkers sharing one connection budget', () => {
  it('two concurrent walkers together stay inside 4 requests per 200 ms', async () => {
    const budget = createRateBudget({ requests: 4, per: '200ms' })
    const starts: number[] = []
    const kinds: string[] = []
    const requester = createRequester({
      http: { baseUrl: server.url }, context: { config: {}, credentials: {}, app: {} }, budget,
      fetch: (input, init) => { starts.push(performance.now()); kinds.push(new URL(String(input)).pathname); return fetch(input, init) },
    })
    const log: Array<{ kind: string; at: number }> = []
    const t0 = performance.now()
    const [users, entries] = await Promise.all([drain(requester, 'users', log), drain(requester, 'entries', log)])
    const elapsed = performance.now() - t0
    expect(users).toHaveLength(30)
    expect(entries).toHaveLength(30)
    expect(new Set(users).size).toBe(30)
    // 12 requests at 4 per window: the 9th cannot start before two windows have passed.
    expect(starts).toHaveLength(12)
    expect(elapsed).toBeGreaterThanOrEqual(399)
    expect(elapsed).toBeLessThan(2000)
    for (let i = 4; i < starts.length; i++) expect(starts[i] - starts[i - 4]).toBeGreaterThanOrEqual(199)
    // The budget is shared, not split: both walkers draw from the first window.
    expect(new Set(kinds.slice(0, 4))).toEqual(new Set(['/users', '/entries']))
  })

  it('a 429 on one walker pauses the other one too', async () => {
    const budget = createRateBudget({ requests: 100, per: '1s' })
    const starts: number[] = []
    let pausedAt = 0
    const requester = createRequester({
      http: { baseUrl: server.url, retry: { attempts: 3 } }, context: { config: {}, credentials: {}, app: {} }, budget,
      fetch: (input, init) => { starts.push(performance.now()); return fetch(input, init) },
      onEvent: (e) => { if (e.type === 'request.rate_limited') pausedAt = performance.now() },
    })
    throttleOnce = true
    const log: Array<{ kind: string; at: number }> = []
    const [users, entries] = await Promise.all([drain(requester, 'users', log), drain(requester, 'entries', log)])
    expect(users).toHaveLength(30)
    expect(entries).toHaveLength(30)
    expect(budget.stats().pauses).toBe(1)
    // Neither walker started a request during the 300 ms Retry-After window (requests already in flight when the 429 arrived cannot be held).
    expect(pausedAt).toBeGreaterThan(0)
    const during = starts.filter((t) => t > pausedAt && t < pausedAt + 295)
    expect(during).toEqual([])
    expect(starts.filter((t) => t >= pausedAt + 295).length).toBeGreaterThan(2)
    expect(requester.stats().rateLimitWaits).toBe(1)
  })
})
