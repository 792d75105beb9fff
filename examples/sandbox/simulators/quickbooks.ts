/**
 * @module QuickBooks Online Accounting API simulator, built from shared/providers/quickbooks.md.
 *
 * Where quickbooks.md is silent, the simulator assumes (and says so here rather than pass it off as Intuit's):
 * - one valid access token reads every realm it serves; an unknown realm is 404 with a Fault;
 * - a refused token is 401 with `fault.error[0].code = "3200"` (lowercase, as observed live; `authFaultCasing` switches);
 * - a date-time literal in WHERE must end in `±HH:MM` (§9.5 read strictly: `Z` and `+0000` are a 400 ValidationFault);
 * - MAXRESULTS defaults to 100 and is clamped to 1000 (both unverified in §4); without ORDER BY rows come in Id order;
 * - an unknown id on a single read is 400 ValidationFault code 610 (the code of §8's sample), a bad query is code 4000;
 * - 429 carries `message=ThrottleExceeded; errorCode=003001; statusCode=429` (§6, third-party) in a Fault, code 3001, and no Retry-After;
 * - `remove` deactivates employees (Update event) and deletes time activities (Delete event);
 * - timestamps are written at a fixed -08:00 offset, like Intuit's samples.
 */
import { createHash } from 'node:crypto'
import { createClock } from './common/clock.ts'
import { FaultPlan } from './common/faults.ts'
import { createRandom } from './common/random.ts'
import { rateLimitSettings, WindowLimiter } from './common/rate-limit.ts'
import { bearerToken, startSimServer, type SimRequest, type SimResponse } from './common/server.ts'
import { mustGet, type RequestLogEntry, type Simulator, type SimulatorOptions } from './common/types.ts'
import {
  makeQboEmployee, makeQboTimeActivity, makeRealmId, QBO_ENTITY, qboTime, seedQuickBooksRealm,
  type QboCompanyInfo, type QboEmployee, type QboTimeActivity, type QuickBooksData, type QuickBooksKind,
} from './quickbooks-data.ts'
import { qboFault, routeQuickBooks, type FaultCasing, type QuickBooksState } from './quickbooks-routes.ts'
import { deliverQuickBooksWebhook, type QuickBooksEvent, type QuickBooksWebhookFormat } from './quickbooks-webhook.ts'
import { createOAuthFront, QBO_OAUTH_PATHS, quickbooksOAuthUrls, type OAuthFront, type QuickBooksOAuthUrls } from './quickbooks-oauth.ts'
import type { OAuthServer } from '../oauth-server.ts'

export type { QboCompanyInfo, QboEmployee, QboTimeActivity, QuickBooksData, QuickBooksKind } from './quickbooks-data.ts'
export type { FaultCasing } from './quickbooks-routes.ts'
export { signQuickBooksWebhook, webhookBody, deliverQuickBooksWebhook, type QuickBooksEvent, type QuickBooksWebhookFormat } from './quickbooks-webhook.ts'
export { introspectionVerifier, quickbooksOAuthUrls, type QuickBooksOAuthUrls } from './quickbooks-oauth.ts'

/** A bearer token and the realm (company) it was granted for. */
export interface QuickBooksCredentials extends Record<string, string> {
  accessToken: string
  realmId: string
}

export interface QuickBooksSimulatorOptions extends SimulatorOptions<Exclude<QuickBooksKind, 'companyInfo'>, QuickBooksCredentials> {
  /** Realm ids served, each with its own seeded data (default: one, derived from the seed); the first is `credentials.realmId`. */
  realms?: string[]
  /**
   * Whether a bearer token is valid, e.g. introspection at the sandbox OAuth server (see quickbooks-oauth.ts).
   * Default: it equals `credentials.accessToken`. A valid token reads every realm of the simulator.
   */
  verifyToken?: (token: string) => boolean | Promise<boolean>
  /** Casing of the Fault on a refused token (default `fault`, the casing observed live on 401s, quickbooks.md §8). */
  authFaultCasing?: FaultCasing
}

/** A Fault answered instead of the real response, by default inside an HTTP 200 (quickbooks.md §8: "HTTP 200 can still carry a Fault"). */
export interface InjectedFault {
  status?: number
  code: string
  message?: string
  detail?: string
  type?: string
  casing?: FaultCasing
  /** Only for requests whose path starts with this (e.g. `/v3/company/123/query`). */
  path?: string
}

type Rec<K extends QuickBooksKind> = QuickBooksData[K] extends Map<string, infer R> ? R : never

/** A running QuickBooks simulator. `data` is the first realm's; `realms` holds every realm's. Mutators take an optional realm id. */
export type QuickBooksSimulator = Omit<Simulator<QuickBooksData, QuickBooksCredentials>, 'update' | 'remove' | 'add'> & {
  realms: Map<string, QuickBooksData>
  /** Changes made through `update`/`remove`/`add`, oldest first, ready to deliver as webhooks. */
  events: QuickBooksEvent[]
  update<K extends QuickBooksKind>(kind: K, id: string, patch: Partial<Rec<K>>, realmId?: string): Rec<K>
  /** Employees are deactivated (`Active: false`); time activities are deleted. */
  remove(kind: Exclude<QuickBooksKind, 'companyInfo'>, id: string, realmId?: string): void
  add<K extends Exclude<QuickBooksKind, 'companyInfo'>>(kind: K, record?: Partial<Rec<K>>, realmId?: string): Rec<K>
  /** Seed and serve another realm; returns its id. */
  addRealm(realmId?: string): string
  /**
   * Intuit's OAuth URLs on this simulator, answered once `attachOAuth` names the sandbox OAuth server behind
   * them. Register `oauth.returnUrl` as a redirect URI of the client there.
   */
  oauth: QuickBooksOAuthUrls
  /** Put the OAuth front in front of `server`; `realmFor` picks the realmId of each consent (default: `credentials.realmId`). */
  attachOAuth(server: Pick<OAuthServer, 'authorizationUrl' | 'tokenUrl' | 'revokeUrl'>, realmFor?: () => string): void
  /** Answer the next `times` matching requests (after the token check) with a Fault. */
  injectFault(fault: InjectedFault, times?: number): void
  /** Sign and POST the pending `events` (or the given ones) to `url` in one of the two formats, emptying the queue. */
  deliverWebhook(url: string, options: { format: QuickBooksWebhookFormat; verifierToken: string; events?: QuickBooksEvent[]; tamper?: (body: string) => string; fetch?: typeof globalThis.fetch }): Promise<{ status: number; body: string; sent: string }>
}

const AUTH_FAILED = 'message=AuthenticationFailed; errorCode=003200; statusCode=401'
const THROTTLED = 'message=ThrottleExceeded; errorCode=003001; statusCode=429'

/**
 * Start a QuickBooks simulator. `url` is `http://127.0.0.1:PORT`, standing for
 * `https://quickbooks.api.intuit.com` (paths start with `/v3/company/{realmId}`).
 * @example
 * const sim = await startQuickBooksSimulator({ counts: { employees: 30 } })
 * const sql = encodeURIComponent('select * from Employee where Active IN (true,false) STARTPOSITION 1 MAXRESULTS 10')
 * await fetch(`${sim.url}/v3/company/${sim.credentials.realmId}/query?query=${sql}&minorversion=75`, { headers: { Authorization: `Bearer ${sim.credentials.accessToken}`, Accept: 'application/json' } })
 */
export async function startQuickBooksSimulator(options: QuickBooksSimulatorOptions = {}): Promise<QuickBooksSimulator> {
  const seed = options.seed ?? 1
  const clock = createClock(options.now)
  const rng = createRandom(seed)
  const counts = { employees: options.counts?.employees ?? 25, timeActivities: options.counts?.timeActivities ?? 120 }
  const realms = new Map<string, QuickBooksData>()
  const addRealm = (realmId = makeRealmId(rng)) => {
    if (!realms.has(realmId)) realms.set(realmId, seedQuickBooksRealm(rng, realmId, seed + realms.size, counts, clock.now()))
    return realmId
  }
  for (const id of options.realms ?? [makeRealmId(rng)]) addRealm(id)
  const firstRealm = [...realms.keys()][0]
  const credentials: QuickBooksCredentials = {
    accessToken: createHash('sha256').update(`quickbooks:${seed}`).digest('base64url').slice(0, 43),
    realmId: firstRealm,
    ...options.credentials,
  }
  // quickbooks.md §6: 500 requests per minute per realm, and since 2025 also 10 per second.
  const limits = rateLimitSettings(options.rateLimit, { limit: 500, windowMs: 60_000 })
  const perMinute = new WindowLimiter(limits.limit, limits.windowMs, clock.now)
  const perSecond = new WindowLimiter(10, 1000, clock.now)
  const faults = new FaultPlan()
  const requests: RequestLogEntry[] = []
  const events: QuickBooksEvent[] = []
  const injected: Array<InjectedFault & { remaining: number }> = []
  const state: QuickBooksState = { realms, now: clock.now }
  const casing = options.authFaultCasing ?? 'fault'

  let front: OAuthFront | undefined
  const isOAuthPath = (path: string) => Object.values(QBO_OAUTH_PATHS).some((p) => path.replace(/\/+$/, '') === p)

  const valid = async (token: string | undefined) => token !== undefined && (options.verifyToken ? await options.verifyToken(token) : token === credentials.accessToken)

  const handle = async (req: SimRequest): Promise<SimResponse> => {
    const now = clock.now()
    if (isOAuthPath(req.path)) {
      return (await front?.(req)) ?? { status: 503, body: { error: 'temporarily_unavailable', error_description: 'No OAuth server is attached to this simulator (attachOAuth).' } }
    }
    if (!(await valid(bearerToken(req.headers)))) {
      return qboFault(401, { message: AUTH_FAILED, detail: 'Token expired or revoked', code: '3200' }, { casing, type: casing === 'Fault' ? 'AuthenticationFault' : undefined, now })
    }
    const realm = /^\/v3\/company\/([^/]+)/.exec(req.path)?.[1] ?? ''
    if (limits.enforce) {
      const minute = perMinute.hit(realm)
      const second = minute.allowed ? perSecond.hit(realm) : minute
      // Whether a 429 carries Retry-After is unverified (quickbooks.md §6), so none is sent.
      if (!minute.allowed || !second.allowed) return qboFault(429, { message: THROTTLED, detail: 'ThrottleExceeded', code: '3001' }, { now })
    }
    const fault = injected.find((f) => f.path === undefined || req.path.startsWith(f.path))
    if (fault) {
      if (--fault.remaining <= 0) injected.splice(injected.indexOf(fault), 1)
      return qboFault(fault.status ?? 200, { message: fault.message ?? 'A simulated fault', detail: fault.detail, code: fault.code }, { casing: fault.casing, type: fault.type, now })
    }
    return routeQuickBooks(state, req)
  }

  const server = await startSimServer({
    handle,
    faults,
    requests,
    statusFault: (f) => {
      const retryAfter = f.retryAfter === undefined ? undefined : { 'Retry-After': String(f.retryAfter) }
      // A SystemFault's code is not in quickbooks.md; 10000 is assumed.
      const answer = f.status === 429
        ? qboFault(429, { message: THROTTLED, detail: 'ThrottleExceeded', code: '3001' }, { headers: retryAfter })
        : qboFault(f.status, { message: 'An application error has occurred while processing your request', code: '10000' }, { type: 'SystemFault', headers: retryAfter })
      return f.body === undefined ? answer : { ...answer, body: f.body }
    },
  })

  const realmData = (realmId: string | undefined) => {
    const id = realmId ?? credentials.realmId
    const data = realms.get(id)
    if (!data) throw new Error(`No realm ${id} in the QuickBooks simulator`)
    return { id, data }
  }
  const record = (realmId: string, kind: QuickBooksKind, id: string, operation: QuickBooksEvent['operation'], at: number) => {
    events.push({ realmId, name: QBO_ENTITY[kind], id, operation, lastUpdated: new Date(at).toISOString() })
  }
  const nextId = (map: Map<string, { Id: string }>) => String(Math.max(0, ...[...map.keys()].map(Number)) + 1)

  const sim: QuickBooksSimulator = {
    url: server.origin,
    credentials,
    get data() { return realmData(undefined).data },
    realms,
    requests,
    faults,
    events,
    update(kind, id, patch, realmId) {
      const { id: realm, data } = realmData(realmId)
      const rec = mustGet(data[kind] as Map<string, { SyncToken: string; MetaData: { LastUpdatedTime: string } }>, id, kind)
      Object.assign(rec, patch)
      // Every change bumps SyncToken and MetaData.LastUpdatedTime, which incremental queries filter on.
      const at = clock.tick()
      rec.SyncToken = String(Number(rec.SyncToken) + 1)
      rec.MetaData = { ...rec.MetaData, LastUpdatedTime: qboTime(at) }
      record(realm, kind, id, 'Update', at)
      return rec as never
    },
    remove(kind, id, realmId) {
      const { id: realm, data } = realmData(realmId)
      if (kind === 'employees') {
        // Employees are made inactive rather than deleted; they stay readable with `Active IN (true,false)`.
        sim.update('employees', id, { Active: false }, realm)
        return
      }
      mustGet(data.timeActivities, id, kind)
      data.timeActivities.delete(id)
      record(realm, kind, id, 'Delete', clock.tick())
    },
    add(kind, patch = {}, realmId) {
      const { id: realm, data } = realmData(realmId)
      const at = clock.tick()
      if (kind === 'employees') {
        const e = Object.assign(makeQboEmployee(rng, Number(nextId(data.employees)), at), patch, { MetaData: { CreateTime: qboTime(at), LastUpdatedTime: qboTime(at) } })
        data.employees.set(e.Id, e)
        record(realm, kind, e.Id, 'Create', at)
        return e as never
      }
      const employee = [...data.employees.values()][0]
      if (!employee) throw new Error('The QuickBooks simulator needs an employee before it can add time')
      const t = Object.assign(makeQboTimeActivity(rng, Number(nextId(data.timeActivities)), employee, at), patch)
      data.timeActivities.set(t.Id, t)
      record(realm, kind, t.Id, 'Create', at)
      return t as never
    },
    addRealm,
    oauth: quickbooksOAuthUrls(server.origin),
    attachOAuth(oauthServer, realmFor = () => credentials.realmId) {
      front = createOAuthFront({ origin: server.origin, server: oauthServer, realmFor })
    },
    injectFault(fault, times = 1) {
      injected.push({ ...fault, remaining: times })
    },
    deliverWebhook(url, { events: list, ...rest }) {
      return deliverQuickBooksWebhook(url, { ...rest, events: list ?? events.splice(0) })
    },
    close: server.close,
  }
  return sim
}
