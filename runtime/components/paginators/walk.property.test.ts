// Property tests of pagination: for any record count, page size and strategy, a walk yields every record
// exactly once and in order, ends by its stop rule, and resuming from any checkpoint yields exactly the rest.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { HttpResponse, RequestSpec } from '../../http/types.ts'
import type { PaginateSpec } from '../../manifest/schema/index.ts'
import type { PageRequest } from './types.ts'
import { walkPages, type ListRequestSpec } from './walk.ts'

type Kind = 'page' | 'offset' | 'cursor' | 'next_url' | 'link_header' | 'none'
const BASE = 'https://api.test/items'

/** A provider of `total` records `{ id: 1..total }` that pages the way each strategy expects. */
function provider(kind: Kind, total: number, size: number) {
  const slice = (from: number) => Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => ({ id: from + i + 1 }))
  const respond = (from: number, extra: { body?: Record<string, unknown>; headers?: Record<string, string> } = {}): HttpResponse => ({
    status: 200, headers: extra.headers ?? {}, body: { items: slice(from), ...extra.body }, url: BASE, attempts: 1,
  })
  let requests = 0
  const requester = {
    async request(spec: RequestSpec): Promise<HttpResponse> {
      requests++
      const q = spec.overrides?.query ?? {}
      const fromUrl = spec.url ? Number(new URL(spec.url).searchParams.get('from')) : 0
      switch (kind) {
        case 'page': return respond((Number(q.page ?? 1) - 1) * size)
        case 'offset': return respond(Number(q.offset ?? 0))
        case 'cursor': {
          const from = q.after === undefined || q.after === null ? 0 : Number(String(q.after).slice(1))
          return respond(from, { body: { next_cursor: from + size < total ? `c${from + size}` : null } })
        }
        case 'next_url': return respond(fromUrl, { body: { links: { next: fromUrl + size < total ? `${BASE}?from=${fromUrl + size}` : null } } })
        case 'link_header': {
          const next = fromUrl + size < total ? { link: `<${BASE}?from=${fromUrl + size}>; rel="next", <${BASE}?from=0>; rel="first"` } : undefined
          return respond(fromUrl, { headers: next })
        }
        case 'none': return { status: 200, headers: {}, body: { items: upTo(total).map((id) => ({ id })) }, url: BASE, attempts: 1 }
      }
    },
  }
  return { requester, requests: () => requests }
}

function listFor(kind: Kind, size: number): ListRequestSpec {
  const paginate: Record<Kind, PaginateSpec> = {
    page: { type: 'page', param: 'page', sizeParam: 'per', size, stop: { type: 'short_page' } },
    offset: { type: 'offset', param: 'offset', sizeParam: 'limit', size, stop: { type: 'short_page' } },
    cursor: { type: 'cursor', param: 'after', next: 'next_cursor' },
    next_url: { type: 'next_url', next: 'links.next' },
    link_header: { type: 'link_header' },
    none: { type: 'none' },
  }
  return { path: '/items', records: 'items', paginate: paginate[kind] }
}

const kinds = fc.constantFrom<Kind>('page', 'offset', 'cursor', 'next_url', 'link_header', 'none')
const ids = (records: unknown[]) => records.map((r) => (r as { id: number }).id)
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe('walkPages (properties)', () => {
  it('yields every record exactly once, in order, in about total/size requests', async () => {
    await fc.assert(fc.asyncProperty(kinds, fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 25 }), async (kind, total, size) => {
      const api = provider(kind, total, size)
      const seen: number[] = []
      for await (const page of walkPages({ requester: api.requester, resource: 'items', list: listFor(kind, size), recordKey: (r) => String((r as { id: number }).id) })) {
        seen.push(...ids(page.records))
      }
      expect(seen).toEqual(upTo(total))
      // Short-page rules need one extra request when the total is an exact multiple of the size.
      const pages = kind === 'none' ? 1 : Math.max(1, Math.ceil(total / size))
      expect(api.requests()).toBeGreaterThanOrEqual(pages)
      expect(api.requests()).toBeLessThanOrEqual(pages + 1)
    }), { numRuns: 300 })
  })

  it('resumes from any committed page (through JSON) with exactly the remaining records', async () => {
    await fc.assert(fc.asyncProperty(kinds, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 25 }), fc.nat(), async (kind, total, size, cut) => {
      const api = provider(kind, total, size)
      const list = listFor(kind, size)
      const before: number[] = []
      let checkpoint: string | undefined
      let stopAt = -1
      for await (const page of walkPages({ requester: api.requester, resource: 'items', list })) {
        if (stopAt < 0) stopAt = cut % Math.max(1, Math.ceil(total / size))
        before.push(...ids(page.records))
        checkpoint = JSON.stringify(page.next)
        if (page.pageIndex >= stopAt) break // the process dies right after committing this page
      }
      const from = JSON.parse(checkpoint ?? 'null') as PageRequest | null
      const after: number[] = []
      if (from) for await (const page of walkPages({ requester: api.requester, resource: 'items', list, from })) after.push(...ids(page.records))
      expect([...before, ...after]).toEqual(upTo(total))
    }), { numRuns: 300 })
  })

  it('stops a provider that keeps answering with the same next link or cursor', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom<Kind>('cursor', 'next_url', 'link_header'), fc.integer({ min: 1, max: 10 }), async (kind, size) => {
      const stuck = {
        async request(): Promise<HttpResponse> {
          return { status: 200, headers: { link: `<${BASE}?from=7>; rel="next"` }, body: { items: [{ id: 1 }], next_cursor: 'same', links: { next: `${BASE}?from=7` } }, url: BASE, attempts: 1 }
        },
      }
      const walk = async () => { for await (const _ of walkPages({ requester: stuck, resource: 'items', list: listFor(kind, size) })) { /* drain */ } }
      await expect(walk()).rejects.toMatchObject({ code: 'pagination_loop' })
    }), { numRuns: 30 })
  })
})
