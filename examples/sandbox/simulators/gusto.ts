/**
 * @module Gusto API simulator, built from shared/providers/gusto.md.
 */
import { createHash } from 'node:crypto'
import { createClock, isoSeconds } from './common/clock.ts'
import { FaultPlan } from './common/faults.ts'
import { rateLimitSettings, WindowLimiter } from './common/rate-limit.ts'
import { bearerToken, startSimServer, type SimRequest, type SimResponse } from './common/server.ts'
import { mustGet, type RequestLogEntry, type Simulator, type SimulatorOptions } from './common/types.ts'
import { makeGustoEmployee, makeGustoPayroll, seedGusto, type GustoData, type GustoKind } from './gusto-data.ts'
import { gustoError, routeGustoCompany, routeGustoEvents, type GustoEvent, type GustoState } from './gusto-routes.ts'

export type { GustoCompany, GustoData, GustoEmployee, GustoPayroll } from './gusto-data.ts'
export type { GustoEvent } from './gusto-routes.ts'
export { signGustoWebhook } from './gusto-webhook.ts'

/**
 * A company access token and its company uuid (what `/v1/token_info` reveals), plus a system
 * access token for partner-level endpoints such as `/v1/events` (gusto.md §1).
 */
export interface GustoCredentials extends Record<string, string> {
  accessToken: string
  companyId: string
  systemToken: string
}

export type GustoSimulatorOptions = SimulatorOptions<Exclude<GustoKind, 'companies'>, GustoCredentials>

/** A Gusto simulator; `events` is the change feed that `update`/`add`/`remove` append to. */
export type GustoSimulator = Simulator<GustoData, GustoCredentials> & { events: GustoEvent[] }

const ENTITY: Record<GustoKind, { type: string; prefix: string }> = {
  companies: { type: 'Company', prefix: 'company' },
  employees: { type: 'Employee', prefix: 'employee' },
  payrolls: { type: 'Payroll', prefix: 'payroll' },
}

/**
 * Start a Gusto simulator. `url` is `http://127.0.0.1:PORT` (paths start with `/v1`, as on
 * `https://api.gusto.com`). `X-Gusto-API-Version` is optional, as documented: without it the
 * app's minimum version applies, so the simulator only records it in `requests`.
 * @example
 * const sim = await startGustoSimulator({ counts: { employees: 60 } })
 * await fetch(`${sim.url}/v1/companies/${sim.credentials.companyId}/employees?page=1&per=25`, { headers: { Authorization: `Bearer ${sim.credentials.accessToken}`, 'X-Gusto-API-Version': '2025-06-15' } })
 */
export async function startGustoSimulator(options: GustoSimulatorOptions = {}): Promise<GustoSimulator> {
  const seed = options.seed ?? 1
  const clock = createClock(options.now)
  const seeded = seedGusto(seed, { employees: options.counts?.employees ?? 40, payrolls: options.counts?.payrolls ?? 20 }, clock.now())
  const { rng } = seeded
  const data: GustoData = { companies: seeded.companies, employees: seeded.employees, payrolls: seeded.payrolls }
  const token = (kind: string) => createHash('sha256').update(`gusto:${kind}:${seed}`).digest('base64url').slice(0, 43)
  const credentials: GustoCredentials = { accessToken: token('company'), companyId: seeded.company.uuid, systemToken: token('system'), ...options.credentials }
  // gusto.md §6: 200 requests per 60 s window per access token.
  const limits = rateLimitSettings(options.rateLimit, { limit: 200, windowMs: 60_000 })
  const limiter = new WindowLimiter(limits.limit, limits.windowMs, clock.now)
  const faults = new FaultPlan()
  const requests: RequestLogEntry[] = []
  const events: GustoEvent[] = []
  const state: GustoState = { data, companyUuid: () => credentials.companyId, events, now: clock.now }
  let employeeCount = data.employees.size

  const handle = (req: SimRequest): SimResponse => {
    const bearer = bearerToken(req.headers)
    const isEvents = req.path.replace(/\/+$/, '') === '/v1/events'
    // Body shape of a 401 is unverified (gusto.md §8); the documented errors array is reused.
    if (bearer === undefined || bearer !== (isEvents ? credentials.systemToken : credentials.accessToken)) return gustoError(401, 'unauthorized', 'The access token is invalid or has expired.')
    const w = limiter.hit(bearer)
    // X-RateLimit-Reset is "the datetime when the window resets"; its format is not given, ISO 8601 is assumed.
    const rateHeaders: Record<string, string> = { 'X-RateLimit-Limit': String(w.limit), 'X-RateLimit-Remaining': String(w.remaining), 'X-RateLimit-Reset': isoSeconds(Math.ceil(w.resetAt / 1000) * 1000) }
    if (limits.enforce && !w.allowed) return gustoError(429, 'rate_limit_exceeded', 'Too many requests.', 'request', { ...rateHeaders, 'Retry-After': String(w.retryAfter) })
    const answer = isEvents ? (req.method === 'GET' ? routeGustoEvents(state, req.query) : gustoError(404, 'not_found', 'The requested resource was not found.')) : routeGustoCompany(state, req)
    return { ...answer, headers: { ...rateHeaders, ...answer.headers } }
  }

  const server = await startSimServer({
    handle,
    faults,
    requests,
    statusFault: (f) => ({ ...gustoError(f.status, f.status === 429 ? 'rate_limit_exceeded' : 'internal_server_error', f.status === 429 ? 'Too many requests.' : 'Something went wrong.', 'request', f.retryAfter === undefined ? undefined : { 'Retry-After': String(f.retryAfter) }), ...(f.body === undefined ? {} : { body: f.body }) }),
  })

  // Event names beyond `employee.created` / `payroll.paid` are not in gusto.md; `<entity>.<action>` is assumed.
  const emit = (kind: GustoKind, uuid: string, action: string) => {
    events.push({ uuid: rng.uuid(), event_type: `${ENTITY[kind].prefix}.${action}`, resource_type: 'Company', resource_uuid: credentials.companyId, entity_type: ENTITY[kind].type, entity_uuid: uuid, timestamp: Math.floor(clock.tick() / 1000) })
  }

  const sim: GustoSimulator = {
    url: server.origin,
    credentials,
    data,
    requests,
    faults,
    events,
    update(kind, id, patch) {
      const record = mustGet(data[kind] as Map<string, object>, id as string, kind)
      Object.assign(record, patch)
      // Employees have no updated_at; `version` is Gusto's change marker (gusto.md §8 optimistic locking).
      if ('version' in record) (record as { version: string }).version = rng.hex(32)
      emit(kind, id as string, 'updated')
      return record as never
    },
    remove(kind, id) {
      if (kind === 'employees') {
        // Employees are terminated, not deleted; the termination detail shape is not in gusto.md.
        sim.update('employees', id as string, { terminated: true })
        return
      }
      if (kind === 'companies') throw new Error('The Gusto simulator cannot remove its company')
      mustGet(data.payrolls, id as string, kind)
      data.payrolls.delete(id as string)
      emit(kind, id as string, 'deleted')
    },
    add(kind, record = {}) {
      if (kind === 'employees') {
        employeeCount += 1
        const e = Object.assign(makeGustoEmployee(rng, employeeCount, credentials.companyId, null), record)
        data.employees.set(e.uuid, e)
        emit(kind, e.uuid, 'created')
        return e as never
      }
      if (kind === 'companies') throw new Error('The Gusto simulator holds exactly one company')
      const now = clock.now()
      const p = Object.assign(makeGustoPayroll(rng, credentials.companyId, seeded.schedule, now, now, true), record)
      data.payrolls.set(p.uuid, p)
      emit(kind, p.uuid, 'created')
      return p as never
    },
    close: server.close,
  }
  return sim
}
