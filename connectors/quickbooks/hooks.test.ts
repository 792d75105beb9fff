import { beforeAll, describe, expect, it } from 'vitest'
import { walkPages, type PageRequest } from '../../runtime/components/paginators/index.ts'
import { createRequestBuilder, type HttpResponse, type RequestSpec } from '../../runtime/http/index.ts'
import { loadConnector, type Connector } from '../../runtime/manifest/index.ts'
import { paginate } from './hooks.ts'

const response = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body, url: 'http://qbo.test/v3/company/1/query', attempts: 1 })
const rows = (n: number, from = 1) => Array.from({ length: n }, (_, i) => ({ Id: String(from + i) }))
const request = (offset: number, number: number): PageRequest => ({ index: number - 1, page: { number, offset, size: 3 } })

describe('paginate hook', () => {
  it.each([
    { name: 'a full page asks for the next STARTPOSITION', records: 3, at: request(0, 1), next: { page: { number: 2, offset: 3 } } },
    { name: 'a later full page keeps counting', records: 3, at: request(6, 3), next: { page: { number: 4, offset: 9 } } },
    { name: 'a short page is the last', records: 2, at: request(3, 2), next: null },
    { name: 'an absent entity key (no records) is the last', records: 0, at: request(0, 1), next: null },
  ])('$name', ({ records, at, next }) => {
    expect(paginate({ records: rows(records), size: 3, request: at, pageIndex: at.index, response: response({}) })).toEqual(next)
  })

  it('refuses to page without a size, since MAXRESULTS would be unknown', () => {
    expect(() => paginate({ records: rows(3), request: request(0, 1), pageIndex: 0, response: response({}) })).toThrow(/paginate\.size/)
  })
})

// The real manifest's list request, rendered by the real request builder, walked by the real walker.
describe('SQL paging through the employees list', () => {
  let connector: Connector
  beforeAll(async () => { connector = await loadConnector('connectors/quickbooks/connector.yaml') })

  const walk = async (total: number, size: number, entityKeyWhenEmpty: boolean) => {
    const list = { ...connector.manifest.resources.employees.list, paginate: { type: 'hook' as const, size } }
    const builder = createRequestBuilder(connector.manifest.http, { config: { realmId: '4620816365' }, credentials: {}, app: {} })
    const sql: string[] = []
    const requester = {
      async request(spec: RequestSpec, vars: Record<string, unknown> = {}) {
        const req = await builder.build(spec, vars)
        const query = req.url.searchParams.get('query') ?? ''
        sql.push(query)
        const [, start, max] = /STARTPOSITION (\d+) MAXRESULTS (\d+)/.exec(query) ?? []
        const page = rows(Math.max(0, Math.min(Number(max), total - Number(start) + 1)), Number(start))
        return response({ QueryResponse: page.length > 0 || entityKeyWhenEmpty ? { Employee: page, startPosition: Number(start), maxResults: page.length } : {} })
      },
    }
    const ids: string[] = []
    for await (const p of walkPages({ requester, resource: 'employees', list, hooks: { paginate } })) ids.push(...p.records.map((r) => (r as { Id: string }).Id))
    return { sql, ids }
  }

  it.each([
    { name: 'short last page', total: 7, size: 3, pages: 3 },
    { name: 'exact multiple of the page size ends on an absent key', total: 6, size: 3, pages: 3 },
    { name: 'nothing at all', total: 0, size: 3, pages: 1 },
    { name: 'one short page', total: 2, size: 3, pages: 1 },
  ])('$name', async ({ total, size, pages }) => {
    const { sql, ids } = await walk(total, size, false)
    expect(ids).toEqual(rows(total).map((r) => r.Id))
    expect(sql).toHaveLength(pages)
    expect(sql.map((q) => /STARTPOSITION (\d+)/.exec(q)?.[1])).toEqual(Array.from({ length: pages }, (_, i) => String(1 + i * size)))
    expect(sql[0]).toBe(`select * from Employee where Active IN (true,false) ORDER BY Metadata.LastUpdatedTime ASC STARTPOSITION 1 MAXRESULTS ${size}`)
  })

  it('an empty entity array (key present) ends the walk too', async () => {
    const { sql, ids } = await walk(6, 3, true)
    expect(ids).toHaveLength(6)
    expect(sql).toHaveLength(3)
  })
})
