import { describe, expect, it } from 'vitest'
import type { HttpResponse, RequestSpec } from '../../http/types.ts'
import { walkPages, type ListRequestSpec } from './walk.ts'
import type { PageRequest } from './types.ts'

/** A requester stub over numbered pages of `{ id }` records; records every request it gets. */
function stub(total: number, size: number, o: { ignored?: boolean; single?: boolean } = {}) {
  const calls: Array<{ spec: RequestSpec; vars: Record<string, unknown> }> = []
  const requester = {
    async request(spec: RequestSpec, vars: Record<string, unknown> = {}): Promise<HttpResponse> {
      calls.push({ spec, vars })
      const page = Number(spec.overrides?.query?.page ?? 1)
      const from = (page - 1) * size + 1
      const users = Array.from({ length: Math.max(0, Math.min(size, total - from + 1)) }, (_, i) => ({ id: from + i }))
      const body = o.single ? { user: users[0] } : { users }
      return { status: 200, headers: {}, body, url: `https://api.test/users?page=${page}`, attempts: 1, ...(o.ignored ? { ignored: true } : {}) }
    },
  }
  return { requester, calls }
}
const list: ListRequestSpec = { path: '/users', query: { since: '{{ cursor }}' }, records: 'users', paginate: { type: 'page', param: 'page', sizeParam: 'per', size: 10, stop: { type: 'short_page' } } }

describe('walkPages', () => {
  it('yields pages lazily: the next page is fetched only when asked for', async () => {
    const { requester, calls } = stub(35, 10)
    const it = walkPages({ requester, resource: 'employees', list })
    const first = await it.next()
    expect(first.value).toMatchObject({ pageIndex: 0, request: { index: 0, page: { number: 1, size: 10 } }, next: { index: 1, page: { number: 2 } } })
    expect(calls).toHaveLength(1)
    await it.next()
    expect(calls).toHaveLength(2)
    await it.return(undefined)
  })

  it('passes vars and page variables to the templates, and the paginator query as literal overrides', async () => {
    const { requester, calls } = stub(5, 10)
    for await (const _ of walkPages({ requester, resource: 'employees', list, vars: { cursor: '2024-01-01' } })) { /* drain */ }
    expect(calls[0].spec).toMatchObject({ path: '/users', query: { since: '{{ cursor }}' }, overrides: { query: { page: 1, per: 10 } } })
    expect(calls[0].vars).toMatchObject({ cursor: '2024-01-01', page: { number: 1, size: 10 } })
  })

  it('resumes from a checkpoint that went through JSON', async () => {
    const { requester } = stub(35, 10)
    let checkpoint = ''
    const seen: number[] = []
    for await (const page of walkPages({ requester, resource: 'employees', list })) {
      seen.push(...page.records.map((r) => (r as { id: number }).id))
      checkpoint = JSON.stringify(page.next)
      if (page.pageIndex === 1) break // the run dies after committing page 2
    }
    const from = JSON.parse(checkpoint) as PageRequest
    const resumed: number[] = []
    const indexes: number[] = []
    for await (const page of walkPages({ requester, resource: 'employees', list, from })) {
      resumed.push(...page.records.map((r) => (r as { id: number }).id))
      indexes.push(page.pageIndex)
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(resumed).toEqual(Array.from({ length: 15 }, (_, i) => i + 21))
    expect(indexes).toEqual([2, 3])
  })

  it('the last page says next: null', async () => {
    const { requester } = stub(15, 10)
    const nexts: Array<PageRequest | null> = []
    for await (const page of walkPages({ requester, resource: 'employees', list })) nexts.push(page.next)
    expect(nexts.map((n) => n?.index ?? null)).toEqual([1, null])
  })

  it('an ignored response is an empty last page', async () => {
    const { requester } = stub(100, 10, { ignored: true })
    const pages = []
    for await (const page of walkPages({ requester, resource: 'employees', list })) pages.push(page)
    expect(pages).toHaveLength(1)
    expect(pages[0]).toMatchObject({ records: [], next: null })
  })

  it('a single record where an array was expected becomes a one-record page', async () => {
    const { requester } = stub(1, 10, { single: true })
    const pages = []
    for await (const page of walkPages({ requester, resource: 'employees', list: { ...list, records: 'user', paginate: { type: 'none' } } })) pages.push(page)
    expect(pages[0].records).toEqual([{ id: 1 }])
  })

  it('the repeated-page guard compares ids when a record key is given', async () => {
    // Same ids, different content (e.g. a timestamp that moves): still the same page served twice.
    let n = 0
    const requester = { request: async (): Promise<HttpResponse> => ({ status: 200, headers: {}, body: { users: [{ id: 1, t: n++ }, { id: 2, t: n++ }] }, url: 'https://api.test/u', attempts: 1 }) }
    const spec: ListRequestSpec = { ...list, paginate: { type: 'page', param: 'page', size: 2, stop: { type: 'short_page' } } }
    const err = await (async () => { for await (const _ of walkPages({ requester, resource: 'employees', list: spec, recordKey: (r) => String((r as { id: number }).id) })) { /* drain */ } })().catch((e) => e)
    expect(err).toMatchObject({ code: 'pagination_loop' })
    expect(err.message).toContain('first id 1')
  })
})
