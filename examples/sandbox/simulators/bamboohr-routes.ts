/**
 * @module The BambooHR endpoints the simulator answers (paths relative to `/api`), per
 * shared/providers/bamboohr.md §3–5.
 */
import type { SimRequest, SimResponse } from './common/server.ts'
import { withQuery } from './common/server.ts'
import { bambooTimestamp, type BambooHRData, type BambooHREmployee } from './bamboohr-data.ts'

/** What the routes need from the running simulator. */
export interface BambooHRState {
  data: BambooHRData
  origin: () => string
  /** When each live employee was created (drives `Inserted` vs `Updated`). */
  createdAt: Map<string, number>
  /** Deleted employee ids and when they were deleted (ms). */
  deleted: Map<string, number>
}

/** bamboohr.md §8: the error text travels in `X-BambooHR-Error-Message` (unverified), with no body. */
export function bambooError(status: number, text: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'X-BambooHR-Error-Message': text, ...headers } }
}

const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id)
const DIRECTORY_FIELDS = ['displayName', 'firstName', 'lastName', 'preferredName', 'jobTitle', 'workPhone', 'mobilePhone', 'workEmail', 'department', 'location', 'division', 'facebook', 'linkedIn', 'twitterFeed', 'pinterest', 'instagram', 'pronouns', 'workPhoneExtension', 'supervisor', 'photoUploaded', 'photoUrl', 'canUploadPhoto'] as const
// v2 dataset field names (bamboohr.md §3 sample row) and where each comes from.
const DATASET_FIELDS: Record<string, (e: BambooHREmployee) => unknown> = {
  employeeNumber: (e) => e.employeeNumber,
  firstName: (e) => e.firstName,
  lastName: (e) => e.lastName,
  preferredName: (e) => e.preferredName,
  workPhone: (e) => e.workPhone,
  mobilePhone: (e) => e.mobilePhone,
  workEmail: (e) => e.workEmail,
  jobInformationJobTitle: (e) => e.jobTitle,
  jobInformationDepartment: (e) => e.department,
  jobInformationLocation: (e) => e.location,
  jobInformationDivision: (e) => e.division,
  jobInformationReportsTo: (e) => e.supervisor,
  status: (e) => e.status,
  hireDate: (e) => e.hireDate,
  lastChanged: (e) => e.lastChanged,
}

/**
 * Most v1 endpoints answer XML unless the client sends `Accept: application/json` (bamboohr.md §2,
 * XML default unverified). The XML here only mimics "not JSON"; it is not BambooHR's schema.
 */
function legacy(req: SimRequest, body: unknown): SimResponse {
  if ((req.headers.accept ?? '').includes('application/json')) return { status: 200, body }
  return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: `<?xml version="1.0"?>\n${toXml('response', body)}` }
}

function toXml(tag: string, value: unknown): string {
  if (value === null || value === undefined) return `<${tag}/>`
  if (Array.isArray(value)) return `<${tag}>${value.map((v) => toXml('item', v)).join('')}</${tag}>`
  if (typeof value === 'object') return `<${tag}>${Object.entries(value).map(([k, v]) => toXml(/^[A-Za-z_]\w*$/.test(k) ? k : 'field', v)).join('')}</${tag}>`
  return `<${tag}>${String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${tag}>`
}

/** Route one authenticated request whose path is relative to `/api` (e.g. `/v1/employees`). */
export function routeBambooHR(state: BambooHRState, req: SimRequest, path: string): SimResponse {
  const { data } = state
  if (req.method === 'POST' && path === '/v2/datasets/employee/data') return dataset(state, req)
  if (req.method !== 'GET') return bambooError(404, 'Not found')
  if (path === '/v1/employees') return employeesList(state, req)
  if (path === '/v1/employees/directory') {
    // Directory lists current employees only (assumption: bamboohr.md does not say).
    const employees = [...data.employees.values()].filter((e) => e.status === 'Active').sort(byId)
      .map((e) => ({ id: e.id, ...Object.fromEntries(DIRECTORY_FIELDS.map((f) => [f, e[f]])) }))
    return legacy(req, { fields: DIRECTORY_FIELDS.map((f) => ({ id: f, type: 'text', name: f })), employees })
  }
  if (path === '/v1/employees/changed') return changed(state, req)
  const m = /^\/v1\/employees\/(\d+)$/.exec(path)
  if (m) {
    const e = data.employees.get(m[1])
    if (!e) return bambooError(404, 'Employee not found')
    const fields = req.query.get('fields')
    if (!fields) return bambooError(400, 'The fields parameter is required')
    const record: Record<string, unknown> = { id: e.id }
    for (const f of fields.split(',').map((s) => s.trim())) if (f in e && f !== 'id') record[f] = e[f as keyof BambooHREmployee]
    return legacy(req, record)
  }
  if (path === '/v1/time_off/requests') {
    const start = req.query.get('start')
    const end = req.query.get('end')
    if (!start || !end) return bambooError(400, 'start and end are required (YYYY-MM-DD)')
    const q = req.query
    // `employeeId`, `status` and `type` filters are unverified (bamboohr.md §3); canceled requests stay listed.
    const rows = [...data.timeOffRequests.values()].sort(byId).filter((r) => r.start <= end && r.end >= start
      && (q.get('employeeId') === null || r.employeeId === q.get('employeeId'))
      && (q.get('status') === null || q.get('status')!.split(',').includes(r.status.status))
      && (q.get('type') === null || q.get('type')!.split(',').includes(r.type.id)))
    return legacy(req, rows)
  }
  return bambooError(404, 'Not found')
}

/** `GET v1/employees`: cursor pagination, cursor = base64 of `{"nextEmployee":<id>}` (bamboohr.md §3). */
function employeesList(state: BambooHRState, req: SimRequest): SimResponse {
  const limit = Number(req.query.get('page[limit]') ?? 50)
  if (!Number.isInteger(limit) || limit < 1) return bambooError(400, 'page[limit] must be a positive integer')
  let from = 0
  const after = req.query.get('page[after]')
  if (after !== null) {
    try {
      from = (JSON.parse(Buffer.from(after, 'base64').toString('utf8')) as { nextEmployee: number }).nextEmployee
    } catch {
      from = NaN
    }
    if (!Number.isInteger(from)) return bambooError(400, 'page[after] is not a valid cursor')
  }
  // `sort` is accepted and ignored: employees come in id order, which the cursor relies on.
  const all = [...state.data.employees.values()].sort(byId)
  const rest = all.filter((e) => Number(e.id) >= from)
  const page = rest.slice(0, limit)
  const following = rest[limit]
  const nextCursor = following ? Buffer.from(JSON.stringify({ nextEmployee: Number(following.id) })).toString('base64') : null
  const kept = [...req.query].filter(([k]) => k !== 'page[limit]' && k !== 'page[after]')
  // Live `_links` already point at the per-company host style, whichever base was called (bamboohr.md §2).
  const base = `${state.origin()}/api/v1/employees`
  return {
    status: 200,
    body: {
      data: page.map((e) => ({ employeeId: e.id, firstName: e.firstName, lastName: e.lastName, preferredName: e.preferredName, photoUrl: e.photoUrl, jobTitleName: e.jobTitle, status: e.status, _restrictedFields: [] })),
      // prevCursor is always null: backwards paging is not documented.
      meta: { total: all.length, page: { limit, nextCursor, prevCursor: null } },
      _links: {
        self: { href: `${state.origin()}${req.url.pathname.replace(/^.*\/v1\//, '/api/v1/')}${req.url.search}` },
        ...(nextCursor ? { next: { href: withQuery(base, [...kept, ['page[limit]', String(limit)], ['page[after]', nextCursor]]) } } : {}),
      },
    },
  }
}

/** `GET v1/employees/changed?since=&type=`: ids with `Inserted` / `Updated` / `Deleted`, inclusive of `since` (assumed). */
function changed(state: BambooHRState, req: SimRequest): SimResponse {
  const since = req.query.get('since')
  const sinceMs = since ? Date.parse(since) : NaN
  if (Number.isNaN(sinceMs)) return bambooError(400, 'since must be an ISO 8601 timestamp')
  const type = req.query.get('type')?.toLowerCase()
  const rows: Array<{ id: string; action: string; lastChanged: string; at: number }> = []
  for (const e of state.data.employees.values()) {
    const at = Date.parse(e.lastChanged)
    if (at < sinceMs) continue
    rows.push({ id: e.id, action: (state.createdAt.get(e.id) ?? 0) >= sinceMs ? 'Inserted' : 'Updated', lastChanged: e.lastChanged, at })
  }
  for (const [id, at] of state.deleted) if (at >= sinceMs) rows.push({ id, action: 'Deleted', lastChanged: bambooTimestamp(at), at })
  const picked = rows.filter((r) => !type || r.action.toLowerCase() === type).sort((a, b) => Number(a.id) - Number(b.id))
  // `latest` = newest change returned, or `since` itself when nothing changed (assumption).
  const latest = picked.reduce((max, r) => Math.max(max, r.at), sinceMs)
  return legacy(req, { latest: bambooTimestamp(latest), employees: Object.fromEntries(picked.map((r) => [r.id, { id: r.id, action: r.action, lastChanged: r.lastChanged }])) })
}

/** `POST v2/datasets/employee/data`: page/pageSize in the JSON body; only `lastChanged gt '<ISO>'` filters are understood. */
function dataset(state: BambooHRState, req: SimRequest): SimResponse {
  let body: { fields?: unknown; filter?: unknown; page?: unknown; pageSize?: unknown }
  try {
    body = JSON.parse(req.body || '{}')
  } catch {
    return bambooError(400, 'Body must be JSON')
  }
  const fields = Array.isArray(body.fields) ? (body.fields as unknown[]).map(String) : []
  const unknown = fields.filter((f) => !(f in DATASET_FIELDS))
  if (fields.length === 0 || unknown.length > 0) return bambooError(400, `Unknown or missing fields: ${unknown.join(',')}`)
  let sinceMs = -Infinity
  if (body.filter !== undefined) {
    const m = /^lastChanged gt '([^']+)'$/.exec(String(body.filter))
    sinceMs = m ? Date.parse(m[1]) : NaN
    if (Number.isNaN(sinceMs)) return bambooError(400, 'Unsupported filter')
  }
  const page = Number(body.page ?? 1)
  // Default page size is not documented; Nango sends 1000.
  const pageSize = Number(body.pageSize ?? 100)
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1) return bambooError(400, 'page and pageSize must be positive integers')
  const rows = [...state.data.employees.values()].sort(byId).filter((e) => Date.parse(e.lastChanged) > sinceMs)
  return {
    status: 200,
    body: {
      data: rows.slice((page - 1) * pageSize, page * pageSize).map((e) => ({ fields: Object.fromEntries(fields.map((f) => [f, DATASET_FIELDS[f](e)])) })),
      links: [],
      meta: { page, pageSize, totalPages: Math.ceil(rows.length / pageSize), totalItems: rows.length },
    },
  }
}
