/**
 * @module The Gusto endpoints the simulator answers, per shared/providers/gusto.md §3–5.
 */
import { DAY_MS, isoDate } from './common/clock.ts'
import type { SimRequest, SimResponse } from './common/server.ts'
import type { GustoData, GustoEmployee, GustoPayroll } from './gusto-data.ts'

/** A change-feed entry (`GET /v1/events`); `timestamp` is unix seconds, ids only. */
export interface GustoEvent {
  uuid: string
  event_type: string
  resource_type: 'Company'
  resource_uuid: string
  entity_type: string
  entity_uuid: string
  timestamp: number
}

/** What the routes need from the running simulator. */
export interface GustoState {
  data: GustoData
  companyUuid: () => string
  events: GustoEvent[]
  now: () => number
}

/** gusto.md §8 error body: an `errors` array of `{error_key, category, message}`. */
export function gustoError(status: number, category: string, message: string, errorKey = 'request', headers?: Record<string, string>): SimResponse {
  return { status, headers, body: { errors: [{ error_key: errorKey, category, message }] } }
}

const NOT_FOUND = () => gustoError(404, 'not_found', 'The requested resource was not found.')
const invalid = (key: string, message: string) => gustoError(422, 'invalid_attribute_value', message, key)

/** Page a list; totals travel in headers only (gusto.md §4). */
function paged<T>(items: T[], page: number, per: number): SimResponse {
  const totalPages = Math.ceil(items.length / per)
  return {
    status: 200,
    headers: { 'X-Page': String(page), 'X-Per-Page': String(per), 'X-Total-Count': String(items.length), 'X-Total-Pages': String(totalPages) },
    body: items.slice((page - 1) * per, page * per),
  }
}

function pageParams(q: URLSearchParams, maxPer?: number): { page: number; per: number } | SimResponse {
  const page = Number(q.get('page') ?? 1)
  let per = Number(q.get('per') ?? 25)
  if (!Number.isInteger(page) || page < 1) return invalid('page', 'page must be a positive integer')
  if (!Number.isInteger(per) || per < 1) return invalid('per', 'per must be a positive integer')
  // Payrolls cap `per` at 100 (gusto.md §3); clamping rather than refusing is an assumption.
  if (maxPer !== undefined) per = Math.min(per, maxPer)
  return { page, per }
}

/** Route a request made with the company access token. */
export function routeGustoCompany(state: GustoState, req: SimRequest): SimResponse {
  if (req.method !== 'GET') return NOT_FOUND()
  const path = req.path.replace(/\/+$/, '')
  const { data } = state
  if (path === '/v1/token_info') {
    return { status: 200, body: { scope: 'companies:read employees:read payrolls:read compensations:read', resource: { type: 'Company', uuid: state.companyUuid() }, resource_owner: { type: 'CompanyAdmin', uuid: data.employees.keys().next().value ?? state.companyUuid() } } }
  }
  const e = /^\/v1\/employees\/([^/]+)$/.exec(path)
  if (e) {
    const employee = data.employees.get(e[1])
    return employee && employee.company_uuid === state.companyUuid() ? { status: 200, body: employee } : NOT_FOUND()
  }
  const c = /^\/v1\/companies\/([^/]+)(\/.*)?$/.exec(path)
  // Strict access: a token sees one company; any other company id is not found for it.
  if (!c || c[1] !== state.companyUuid()) return NOT_FOUND()
  const rest = c[2] ?? ''
  if (rest === '') return { status: 200, body: data.companies.get(c[1]) }
  if (rest === '/employees') return employees(state, req.query)
  if (rest === '/payrolls') return payrolls(state, req.query)
  const p = /^\/payrolls\/([^/]+)$/.exec(rest)
  if (p) {
    const payroll = data.payrolls.get(p[1])
    return payroll ? { status: 200, body: payroll } : NOT_FOUND()
  }
  return NOT_FOUND()
}

/**
 * `GET /v1/companies/{id}/employees`. Without `page`/`per` every employee comes back and no
 * paging headers are sent. There is no changed-since filter (gusto.md §5): use `/v1/events`.
 */
function employees(state: GustoState, q: URLSearchParams): SimResponse {
  const flag = (key: string, value: boolean) => q.get(key) === null || q.get(key) === String(value)
  const uuids = q.get('uuids')?.split(',')
  const term = q.get('search_term')?.toLowerCase()
  const rows = [...state.data.employees.values()].filter((e: GustoEmployee) => flag('terminated', e.terminated) && flag('onboarded', e.onboarded)
    && (!uuids || uuids.includes(e.uuid))
    && (!term || `${e.first_name} ${e.last_name} ${e.email}`.toLowerCase().includes(term)))
  if (q.get('page') === null && q.get('per') === null) return { status: 200, body: rows }
  const params = pageParams(q)
  return 'status' in params ? params : paged(rows, params.page, params.per)
}

/**
 * `GET /v1/companies/{id}/payrolls`: always paginated (max 100). Defaults: processed, regular,
 * check dates from six months ago up to three months ahead (the upper default is an assumption).
 */
function payrolls(state: GustoState, q: URLSearchParams): SimResponse {
  const today = state.now()
  const statuses = (q.get('processing_statuses') ?? 'processed').split(',')
  const types = (q.get('payroll_types') ?? 'regular').split(',')
  const sixMonthsAgo = new Date(today)
  sixMonthsAgo.setUTCMonth(sixMonthsAgo.getUTCMonth() - 6)
  const start = q.get('start_date') ?? isoDate(sixMonthsAgo.getTime())
  const end = q.get('end_date') ?? isoDate(today + 90 * DAY_MS)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) return invalid('start_date', 'Dates must be YYYY-MM-DD')
  if (Date.parse(end) > today + 92 * DAY_MS) return invalid('end_date', 'end_date cannot be more than 3 months in the future')
  if (Date.parse(end) - Date.parse(start) > 366 * DAY_MS) return invalid('start_date', 'start_date and end_date cannot be more than 1 year apart')
  const params = pageParams(q, 100)
  if ('status' in params) return params
  const typeOf = (p: GustoPayroll) => (p.external ? 'external' : p.off_cycle ? 'off_cycle' : 'regular')
  const rows = [...state.data.payrolls.values()]
    .filter((p) => statuses.includes(p.processed ? 'processed' : 'unprocessed') && types.includes(typeOf(p)) && p.check_date >= start && p.check_date <= end)
    .sort((a, b) => a.check_date.localeCompare(b.check_date) || a.uuid.localeCompare(b.uuid))
  if (q.get('sort_order') === 'desc') rows.reverse()
  return paged(rows, params.page, params.per)
}

/** `GET /v1/events` (system token): the last 30 days, `starting_after_uuid` + `limit` (1–100, default 25). */
export function routeGustoEvents(state: GustoState, q: URLSearchParams): SimResponse {
  const limit = Number(q.get('limit') ?? 25)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalid('limit', 'limit must be between 1 and 100')
  const oldest = Math.floor(state.now() / 1000) - 30 * 86_400
  let rows = state.events.filter((e) => e.timestamp >= oldest)
  if (q.get('sort_order') === 'desc') rows = [...rows].reverse()
  const after = q.get('starting_after_uuid')
  if (after !== null) {
    const i = rows.findIndex((e) => e.uuid === after)
    if (i < 0) return invalid('starting_after_uuid', 'starting_after_uuid is not a known event')
    rows = rows.slice(i + 1)
  }
  const type = q.get('event_type')
  // Wildcards such as `employee.*` (gusto.md §5).
  const pattern = type === null ? undefined : new RegExp(`^${type.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  const resource = q.get('resource_uuid')
  rows = rows.filter((e) => (!pattern || pattern.test(e.event_type)) && (resource === null || e.resource_uuid === resource))
  return { status: 200, body: rows.slice(0, limit) }
}
