import { describe, expect, it } from 'vitest'
import type { PaginateSpec } from '../../manifest/schema/index.ts'
import { createRequester } from '../../http/requester.ts'
import { walkPages, type ListRequestSpec } from './walk.ts'
import { PAGINATORS } from './registry.ts'
import type { PaginateHook } from './types.ts'

type Answer = { body: unknown; headers?: Record<string, string> }
type Provider = (url: URL, body: unknown) => Answer

const BASE = 'https://api.test/v1'
const ids = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => ({ id: from + i }))
const int = (url: URL, name: string, fallback: number) => (url.searchParams.has(name) ? Number(url.searchParams.get(name)) : fallback)

/** Walk a list against a scripted provider through the real requester (templates, overrides, URLs). */
async function walk(list: ListRequestSpec, provider: Provider, hooks?: { paginate?: PaginateHook }) {
  const requester = createRequester({
    http: { baseUrl: BASE, retry: { attempts: 1 } },
    context: { config: {}, credentials: {}, app: {} },
    fetch: (async (input: URL, init: RequestInit) => {
      const { body, headers } = provider(new URL(String(input)), init.body ? JSON.parse(String(init.body)) : undefined)
      return new Response(JSON.stringify(body), { status: 200, headers })
    }) as typeof fetch,
  })
  const pages: Array<{ ids: number[]; url: string }> = []
  for await (const page of walkPages({ requester, resource: 'employees', list, hooks })) {
    pages.push({ ids: page.records.map((r) => (r as { id: number }).id), url: page.response.url })
  }
  return pages
}

// Providers, each after a real pagination style in ../shared/providers/.
const numbered = (total: number, o: { param?: string; sizeParam?: string; start?: number; size?: number; ignorePage?: boolean } = {}): Provider => (url) => {
  const size = int(url, o.sizeParam ?? 'per', o.size ?? 100)
  const start = o.start ?? 1
  const page = o.ignorePage ? start : int(url, o.param ?? 'page', start)
  const from = (page - start) * size + 1
  return { body: { users: ids(from, Math.min(total, from + size - 1)), total_pages: Math.ceil(total / size), has_more: from + size - 1 < total }, headers: { 'x-total-pages': String(Math.ceil(total / size)) } }
}
const offsets = (total: number, o: { start?: number; ignoreOffset?: boolean } = {}): Provider => (url) => {
  const limit = int(url, 'limit', 100)
  const offset = o.ignoreOffset ? (o.start ?? 0) : int(url, 'offset', o.start ?? 0) - (o.start ?? 0)
  return { body: { data: ids(offset + 1, Math.min(total, offset + limit)), hasMore: offset + limit < total } }
}
// BambooHR /v1/employees: meta.page.nextCursor, null on the last page.
const cursors = (total: number, o: { stuck?: boolean } = {}): Provider => (url) => {
  const limit = int(url, 'page[limit]', 50)
  const after = url.searchParams.has('page[after]') ? Number(Buffer.from(url.searchParams.get('page[after]')!, 'base64').toString()) : 0
  const last = Math.min(total, after + limit)
  const next = o.stuck ? Buffer.from(String(limit)).toString('base64') : last < total ? Buffer.from(String(last)).toString('base64') : null
  return { body: { data: ids(after + 1, last), meta: { page: { limit, nextCursor: next } } } }
}
// Harvest: links.next absolute (or relative here), null at the end.
const links = (total: number, o: { relative?: boolean; loopAt?: number; inHeader?: boolean } = {}): Provider => (url) => {
  const page = int(url, 'page', 1)
  const from = (page - 1) * 10 + 1
  const to = Math.min(total, from + 9)
  const at = (p: number) => `${o.relative ? 'users' : `${BASE}/users`}?page=${p}&per_page=10`
  let next: string | null = to < total ? at(page + 1) : null
  if (o.loopAt && page >= o.loopAt) next = at(o.loopAt - 1)
  if (o.inHeader) return { body: ids(from, to), headers: next ? { link: `<${BASE}/users?page=1&per_page=10>; rel="first", <${next}>; rel="next last"` } : undefined }
  return { body: { users: ids(from, to), links: { next } } }
}

const list = (paginate: PaginateSpec, records = 'users', extra: Partial<ListRequestSpec> = {}): ListRequestSpec => ({ path: '/users', records, paginate, ...extra })

// QuickBooks: the SQL carries STARTPOSITION/MAXRESULTS; the hook moves the window (providers/quickbooks.md §4).
const qboHook: PaginateHook = ({ records, request, size }) => records.length < (size ?? 0) ? null : { page: { offset: (request.page.offset ?? 0) + records.length } }
const qbo: Provider = (url) => {
  const m = /STARTPOSITION (\d+) MAXRESULTS (\d+)/.exec(url.searchParams.get('query') ?? '')!
  const start = Number(m[1]); const max = Number(m[2])
  return { body: { QueryResponse: { Employee: ids(start, Math.min(45, start + max - 1)) } } }
}

describe('pagination strategies', () => {
  it.each<{ name: string; list: ListRequestSpec; provider: Provider; pages: number; records: number; hooks?: { paginate?: PaginateHook } }>([
    { name: 'page · short_page', list: list({ type: 'page', param: 'page', sizeParam: 'per', size: 100, stop: { type: 'short_page' } }), provider: numbered(250), pages: 3, records: 250 },
    { name: 'page · short_page on an exact multiple ends at the empty page', list: list({ type: 'page', param: 'page', sizeParam: 'per', size: 100, stop: { type: 'short_page' } }), provider: numbered(200), pages: 3, records: 200 },
    { name: 'page · short_page learns the size from the first page', list: list({ type: 'page', param: 'page', stop: { type: 'short_page' } }), provider: numbered(130, { size: 50 }), pages: 3, records: 130 },
    { name: 'page · empty_page', list: list({ type: 'page', param: 'page', sizeParam: 'per', size: 100, stop: { type: 'empty_page' } }), provider: numbered(250), pages: 4, records: 250 },
    { name: 'page · total_pages from a header (Gusto X-Total-Pages)', list: list({ type: 'page', param: 'page', sizeParam: 'per', size: 100, stop: { type: 'total_pages', value: '$number($headers.`x-total-pages`)' } }), provider: numbered(200), pages: 2, records: 200 },
    { name: 'page · total_pages from the body', list: list({ type: 'page', param: 'page', sizeParam: 'per', size: 100, stop: { type: 'total_pages', value: 'total_pages' } }), provider: numbered(301), pages: 4, records: 301 },
    { name: 'page · total_pages missing falls back to the empty page', list: list({ type: 'page', param: 'page', sizeParam: 'per', size: 100, stop: { type: 'total_pages', value: 'nothing_here' } }), provider: numbered(200), pages: 3, records: 200 },
    { name: 'page · has_more', list: list({ type: 'page', param: 'page', sizeParam: 'per', size: 100, stop: { type: 'has_more', value: 'has_more' } }), provider: numbered(200), pages: 2, records: 200 },
    { name: 'page · zero-based start', list: list({ type: 'page', param: 'p', start: 0, sizeParam: 'per', size: 40, stop: { type: 'short_page' } }), provider: numbered(100, { param: 'p', start: 0 }), pages: 3, records: 100 },
    { name: 'offset · short_page', list: list({ type: 'offset', param: 'offset', sizeParam: 'limit', size: 100, stop: { type: 'short_page' } }, 'data'), provider: offsets(250), pages: 3, records: 250 },
    { name: 'offset · 1-based start', list: list({ type: 'offset', param: 'offset', start: 1, sizeParam: 'limit', size: 100, stop: { type: 'short_page' } }, 'data'), provider: offsets(150, { start: 1 }), pages: 2, records: 150 },
    { name: 'offset · has_more (TriNet data.hasMore)', list: list({ type: 'offset', param: 'offset', sizeParam: 'limit', size: 100, stop: { type: 'has_more', value: 'hasMore' } }, 'data'), provider: offsets(200), pages: 2, records: 200 },
    { name: 'cursor · until nextCursor is null (BambooHR)', list: list({ type: 'cursor', param: 'page[after]', next: 'meta.page.nextCursor', sizeParam: 'page[limit]', size: 50 }, 'data'), provider: cursors(120), pages: 3, records: 120 },
    { name: 'next_url · absolute links.next (Harvest)', list: list({ type: 'next_url', next: 'links.next' }), provider: links(35), pages: 4, records: 35 },
    { name: 'next_url · relative links resolve against the request', list: list({ type: 'next_url', next: 'links.next' }), provider: links(25, { relative: true }), pages: 3, records: 25 },
    { name: 'link_header · rel="next" among several relations', list: list({ type: 'link_header' }, '$'), provider: links(25, { inHeader: true }), pages: 3, records: 25 },
    { name: 'none · one request', list: list({ type: 'none' }), provider: numbered(30), pages: 1, records: 30 },
    { name: 'hook · QuickBooks STARTPOSITION', list: list({ type: 'hook', size: 20 }, 'QueryResponse.Employee', { path: '/query', query: { query: 'select * from Employee STARTPOSITION {{ page.offset + 1 }} MAXRESULTS {{ page.size }}' } }), provider: qbo, pages: 3, records: 45, hooks: { paginate: qboHook } },
  ])('$name', async ({ list: l, provider, pages, records, hooks }) => {
    const got = await walk(l, provider, hooks)
    expect(got).toHaveLength(pages)
    const all = got.flatMap((p) => p.ids)
    expect(all).toEqual(Array.from({ length: records }, (_, i) => i + 1))
  })

  it.each<{ name: string; list: ListRequestSpec; provider: Provider; code: string; message: RegExp; hooks?: { paginate?: PaginateHook } }>([
    { name: 'page · provider ignores the page parameter', list: list({ type: 'page', param: 'page', sizeParam: 'per', size: 10, stop: { type: 'short_page' } }), provider: numbered(100, { size: 10, ignorePage: true }), code: 'pagination_loop', message: /Resource "employees": page 2 repeats page 1 exactly \(10 records\)/ },
    { name: 'offset · provider ignores the offset', list: list({ type: 'offset', param: 'offset', sizeParam: 'limit', size: 10, stop: { type: 'short_page' } }, 'data'), provider: offsets(100, { ignoreOffset: true }), code: 'pagination_loop', message: /page 2 repeats page 1/ },
    { name: 'cursor · same cursor twice', list: list({ type: 'cursor', param: 'page[after]', next: 'meta.page.nextCursor', sizeParam: 'page[limit]', size: 5 }, 'data'), provider: cursors(100, { stuck: true }), code: 'pagination_loop', message: /same next-page cursor twice \(NQ==\)/ },
    { name: 'next_url · same URL twice', list: list({ type: 'next_url', next: 'links.next' }), provider: links(100, { loopAt: 3 }), code: 'pagination_loop', message: /same next-page URL twice \(https:\/\/api\.test\/v1\/users\?page=2&per_page=10\)/ },
    { name: 'link_header · same URL twice', list: list({ type: 'link_header' }, '$'), provider: links(100, { loopAt: 3, inHeader: true }), code: 'pagination_loop', message: /same next-page URL twice/ },
    { name: 'next_url · a next link to another host', list: list({ type: 'next_url', next: 'links.next' }), provider: () => ({ body: { users: ids(1, 10), links: { next: 'https://evil.test/users?page=2' } } }), code: 'provider_response_invalid', message: /outside the connector's base URL/ },
    { name: 'hook · the hook repeats its answer', list: list({ type: 'hook', size: 10 }, 'QueryResponse.Employee', { path: '/query', query: { query: 'select * from Employee STARTPOSITION {{ page.offset + 1 }} MAXRESULTS {{ page.size }}' } }), provider: qbo, code: 'pagination_loop', message: /same next-page request twice/, hooks: { paginate: () => ({ page: { offset: 10 } }) } },
    { name: 'maxPages · page count ceiling', list: list({ type: 'cursor', param: 'c', next: 'next', maxPages: 3 }, 'users'), provider: (url) => ({ body: { users: [{ id: int(url, 'c', 0) }], next: int(url, 'c', 0) + 1 } }), code: 'pagination_limit', message: /Resource "employees" has more than 3 pages/ },
  ])('loop guard: $name', async ({ list: l, provider, code, message, hooks }) => {
    const err = await walk(l, provider, hooks).catch((e) => e)
    expect(err).toMatchObject({ code })
    expect(err.message).toMatch(message)
  })

  it('relative next links resolve against the URL just fetched', async () => {
    const pages = await walk(list({ type: 'next_url', next: 'links.next' }), links(25, { relative: true }))
    expect(pages.map((p) => p.url)).toEqual([`${BASE}/users`, `${BASE}/users?page=2&per_page=10`, `${BASE}/users?page=3&per_page=10`])
  })

  it('every paginate type of the manifest language is registered', async () => {
    const { PAGINATE_TYPES } = await import('../../manifest/schema/index.ts')
    expect([...PAGINATORS.keys()].sort()).toEqual([...PAGINATE_TYPES].sort())
  })

  it('a hook type without a paginate hook fails at creation', async () => {
    await expect(walk(list({ type: 'hook' }), numbered(1))).rejects.toMatchObject({ code: 'manifest_invalid' })
  })

})
