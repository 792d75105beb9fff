/**
 * @module BambooHR API simulator, built from shared/providers/bamboohr.md.
 */
import { createHash } from 'node:crypto'
import { createClock, isoDate } from './common/clock.ts'
import { FaultPlan } from './common/faults.ts'
import { rateLimitSettings, WindowLimiter } from './common/rate-limit.ts'
import { startSimServer, type SimRequest, type SimResponse } from './common/server.ts'
import { mustGet, type RequestLogEntry, type Simulator, type SimulatorOptions } from './common/types.ts'
import { bambooTimestamp, makeBambooHREmployee, makeBambooHRTimeOff, seedBambooHR, type BambooHRData, type BambooHRKind } from './bamboohr-data.ts'
import { bambooError, routeBambooHR, type BambooHRState } from './bamboohr-routes.ts'

export type { BambooHRData, BambooHREmployee, BambooHRTimeOffRequest } from './bamboohr-data.ts'
export { signBambooHRWebhook, BAMBOOHR_WEBHOOK_USER_AGENT } from './bamboohr-webhook.ts'

/** An API key (Basic username, any password) and the company subdomain (bamboohr.md §1). */
export interface BambooHRCredentials extends Record<string, string> {
  apiKey: string
  companyDomain: string
}

export interface BambooHRSimulatorOptions extends SimulatorOptions<BambooHRKind, BambooHRCredentials> {
  /**
   * Status of a throttled request: 503 without Retry-After (before 2026-09-16) or 429 with
   * Retry-After (from then on, bamboohr.md §6). Default: chosen by the simulator clock's date.
   */
  throttleStatus?: 429 | 503
}

/** A BambooHR simulator; `gatewayUrl` is the legacy `api/gateway.php/{companyDomain}` base. */
export type BambooHRSimulator = Simulator<BambooHRData, BambooHRCredentials> & { gatewayUrl: string }

const THROTTLE_CHANGE = Date.UTC(2026, 8, 16)

/**
 * Start a BambooHR simulator. `url` is `http://127.0.0.1:PORT/api` (the current
 * `https://{companyDomain}.bamboohr.com/api` base, whose subdomain cannot exist on loopback).
 * @example
 * const sim = await startBambooHRSimulator({ counts: { employees: 120 } })
 * const auth = 'Basic ' + Buffer.from(`${sim.credentials.apiKey}:x`).toString('base64')
 * await fetch(`${sim.url}/v1/employees?page[limit]=50`, { headers: { Authorization: auth, Accept: 'application/json' } })
 */
export async function startBambooHRSimulator(options: BambooHRSimulatorOptions = {}): Promise<BambooHRSimulator> {
  const seed = options.seed ?? 1
  const seeded = seedBambooHR(seed, { employees: options.counts?.employees ?? 60, timeOffRequests: options.counts?.timeOffRequests ?? 40 })
  const { rng } = seeded
  const data: BambooHRData = { employees: seeded.employees, timeOffRequests: seeded.timeOffRequests }
  const clock = createClock(options.now)
  for (const e of data.employees.values()) clock.observe(Date.parse(e.lastChanged))
  const credentials: BambooHRCredentials = {
    apiKey: createHash('sha1').update(`bamboohr:${seed}`).digest('hex'),
    companyDomain: `simco${seed}`,
    ...options.credentials,
  }
  // Limits are unpublished (bamboohr.md §6); 100 requests per 10 s is an arbitrary stand-in.
  const limits = rateLimitSettings(options.rateLimit, { limit: 100, windowMs: 10_000 })
  const limiter = new WindowLimiter(limits.limit, limits.windowMs, clock.now)
  const throttleStatus = () => options.throttleStatus ?? (clock.now() >= THROTTLE_CHANGE ? 429 : 503)
  const throttled = (retryAfter: number): SimResponse =>
    throttleStatus() === 429 ? bambooError(429, 'Too many requests', { 'Retry-After': String(retryAfter) }) : bambooError(503, 'Service temporarily unavailable')
  const faults = new FaultPlan()
  const requests: RequestLogEntry[] = []
  const state: BambooHRState = { data, origin: () => origin, createdAt: seeded.createdAt, deleted: new Map() }
  let origin = ''
  let nextEmployeeId = seeded.lastEmployeeId
  let nextRequestId = seeded.lastRequestId

  const handle = (req: SimRequest): SimResponse => {
    let path: string
    const gateway = /^\/api\/gateway\.php\/([^/]+)(\/.*)$/.exec(req.path)
    if (gateway) {
      if (decodeURIComponent(gateway[1]) !== credentials.companyDomain) return bambooError(404, 'Unknown company')
      path = gateway[2]
    } else if (req.path.startsWith('/api/')) {
      path = req.path.slice(4)
    } else {
      return bambooError(404, 'Not found')
    }
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')
    const user = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] : undefined
    if (user !== credentials.apiKey) return bambooError(401, 'Invalid API key')
    const window = limiter.hit(user)
    if (limits.enforce && !window.allowed) return throttled(window.retryAfter)
    return routeBambooHR(state, req, path.replace(/\/+$/, ''))
  }

  const server = await startSimServer({
    handle,
    faults,
    requests,
    statusFault: (f) => ({ ...bambooError(f.status, f.status === 429 || f.status === 503 ? 'Service temporarily unavailable' : 'Server error', f.retryAfter === undefined ? {} : { 'Retry-After': String(f.retryAfter) }), ...(f.body === undefined ? {} : { body: f.body }) }),
  })
  origin = server.origin

  const sim: BambooHRSimulator = {
    url: `${origin}/api`,
    gatewayUrl: `${origin}/api/gateway.php/${credentials.companyDomain}`,
    credentials,
    data,
    requests,
    faults,
    update(kind, id, patch) {
      if (kind === 'employees') {
        const e = mustGet(data.employees, id as string, kind)
        Object.assign(e, patch)
        if (!('displayName' in patch) && ('firstName' in patch || 'lastName' in patch)) e.displayName = `${e.firstName} ${e.lastName}`
        e.lastChanged = bambooTimestamp(clock.tick())
        return e as never
      }
      // Time-off requests only carry a date (`status.lastChanged`), so two changes on one day share it.
      const r = mustGet(data.timeOffRequests, id as string, kind)
      Object.assign(r, patch)
      r.status = { ...r.status, lastChanged: isoDate(clock.tick()) }
      return r as never
    },
    remove(kind, id) {
      if (kind === 'employees') {
        // Deleted employees vanish from every list and show up as `Deleted` in v1/employees/changed.
        mustGet(data.employees, id as string, kind)
        data.employees.delete(id as string)
        state.createdAt.delete(id as string)
        state.deleted.set(id as string, clock.tick())
        return
      }
      // Time-off requests are canceled, not deleted; the list keeps returning them with that status.
      sim.update('timeOffRequests', id as string, { status: { ...mustGet(data.timeOffRequests, id as string, kind).status, status: 'canceled' }, actions: { view: true, edit: false, cancel: false, approve: false, deny: false, bypass: false } })
    },
    add(kind, record = {}) {
      const now = clock.tick()
      if (kind === 'employees') {
        nextEmployeeId += 1
        const e = Object.assign(makeBambooHREmployee(rng, nextEmployeeId, now, null), record)
        data.employees.set(e.id, e)
        state.createdAt.set(e.id, now)
        return e as never
      }
      const owner = [...data.employees.values()][0]
      if (!owner) throw new Error('Add a BambooHR employee before adding time-off requests')
      nextRequestId += 1
      const r = Object.assign(makeBambooHRTimeOff(rng, nextRequestId, owner, now, now), record)
      data.timeOffRequests.set(r.id, r)
      return r as never
    },
    close: server.close,
  }
  return sim
}
