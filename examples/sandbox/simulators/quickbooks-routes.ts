/**
 * @module The QuickBooks Online endpoints the simulator answers (quickbooks.md §3): the query
 * endpoint, single-entity reads and CompanyInfo, with Fault bodies in either casing (§8).
 */
import type { SimRequest, SimResponse } from './common/server.ts'
import { QBO_ENTITY, qboTime, type QuickBooksData, type QuickBooksKind } from './quickbooks-data.ts'
import { parseQboQuery, QboQueryError, runQboQuery } from './quickbooks-query.ts'

/** `Fault.Error[]` (Intuit's documented shape) or `fault.error[]` (observed live on 401s). */
export type FaultCasing = 'Fault' | 'fault'

/** One error inside a Fault. */
export interface QboErrorDetail {
  message: string
  detail?: string
  code: string
}

/** What the routes need from the running simulator. */
export interface QuickBooksState {
  realms: Map<string, QuickBooksData>
  now: () => number
}

/**
 * A Fault body (quickbooks.md §8). PascalCase carries `type` and `element` as in the documented
 * sample; the lowercase variant is written with the keys §8 lists for it (`message`, `detail`, `code`).
 */
export function qboFault(status: number, error: QboErrorDetail, options: { casing?: FaultCasing; type?: string; now?: number; headers?: Record<string, string> } = {}): SimResponse {
  const time = qboTime(options.now ?? Date.now())
  const body = options.casing === 'fault'
    ? { fault: { error: [{ message: error.message, ...(error.detail === undefined ? {} : { detail: error.detail }), code: error.code }], ...(options.type ? { type: options.type } : {}) }, time }
    : { Fault: { Error: [{ Message: error.message, Detail: error.detail ?? error.message, code: error.code, element: '' }], ...(options.type ? { type: options.type } : {}) }, time }
  return { status, headers: options.headers, body }
}

const KIND_BY_ENTITY = new Map<string, QuickBooksKind>(Object.entries(QBO_ENTITY).map(([kind, entity]) => [entity.toLowerCase(), kind as QuickBooksKind]))

// The code and text of "no such object" are not in quickbooks.md: 610 is the code of its Fault sample.
const notFound = (entity: string, id: string, now: number) => qboFault(400, { message: 'Object Not Found', detail: `No ${entity} with Id ${id} in this company`, code: '610' }, { now, type: 'ValidationFault' })
// The parser's code is not in quickbooks.md either; 4000 is assumed.
const invalidQuery = (message: string, now: number) => qboFault(400, { message: 'Error parsing query', detail: message, code: '4000' }, { now, type: 'ValidationFault' })

function query(state: QuickBooksState, data: QuickBooksData, sql: string | null): SimResponse {
  const now = state.now()
  if (!sql) return invalidQuery('QueryParserError: the query parameter is missing', now)
  let q
  try {
    q = parseQboQuery(sql)
  } catch (err) {
    if (err instanceof QboQueryError) return invalidQuery(err.message, now)
    throw err
  }
  const kind = KIND_BY_ENTITY.get(q.entity.toLowerCase())
  if (!kind) return invalidQuery(`QueryValidationError: the simulator holds only ${Object.values(QBO_ENTITY).join(', ')}, not ${q.entity}`, now)
  const entity = QBO_ENTITY[kind]
  const { rows, total } = runQboQuery<object>(q, data[kind].values() as Iterable<object>, { activeOnly: kind === 'employees' })
  if (q.count) return { status: 200, body: { QueryResponse: { totalCount: total }, time: qboTime(now) } }
  // Nothing matching: the entity key is absent altogether, QueryResponse is {} (quickbooks.md §3).
  const body = rows.length === 0 ? {} : { [entity]: rows, startPosition: q.startPosition, maxResults: rows.length }
  return { status: 200, body: { QueryResponse: body, time: qboTime(now) } }
}

/**
 * Route an authorized request under `/v3/company/{realmId}/`.
 * @example
 * routeQuickBooks(state, { method: 'GET', path: '/v3/company/9130/employee/55', … })
 */
export function routeQuickBooks(state: QuickBooksState, req: SimRequest): SimResponse {
  const now = state.now()
  const m = /^\/v3\/company\/([^/]+)\/(.+?)\/*$/.exec(req.path)
  if (!m) return qboFault(404, { message: 'Not Found', code: '404' }, { now })
  const data = state.realms.get(decodeURIComponent(m[1]))
  // Airbyte reads a 404 as an unknown realm (quickbooks.md §8); the body shape is assumed.
  if (!data) return qboFault(404, { message: 'Not Found', detail: `Unknown company ${m[1]}`, code: '404' }, { now })
  const [resource, id, ...rest] = m[2].split('/')
  if (resource.toLowerCase() === 'query' && id === undefined) {
    if (req.method === 'GET') return query(state, data, req.query.get('query'))
    // The SDKs also POST the SQL as an application/text body (quickbooks.md §3).
    if (req.method === 'POST') return query(state, data, req.body)
  }
  const kind = KIND_BY_ENTITY.get(resource.toLowerCase())
  if (req.method !== 'GET' || !kind || id === undefined || rest.length > 0) return qboFault(404, { message: 'Not Found', code: '404' }, { now })
  // CompanyInfo is read at companyinfo/{realmId} (quickbooks.md §3); inside the realm its own Id is "1".
  const record = kind === 'companyInfo' ? (id === m[1] ? [...data.companyInfo.values()][0] : undefined) : data[kind].get(id)
  if (!record) return notFound(QBO_ENTITY[kind], id, now)
  return { status: 200, body: { [QBO_ENTITY[kind]]: record, time: qboTime(now) } }
}
