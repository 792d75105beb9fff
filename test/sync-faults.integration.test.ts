// Faults on 127.0.0.1: 429 storms, 5xx bursts, connections dropped mid-body and truncated JSON pages. A sync
// through all of them must still store every upstream record exactly once.
import { afterAll, describe, expect, it } from 'vitest'
import { startBambooHRSimulator, startGustoSimulator, startHarvestSimulator, type FaultPlan } from '../examples/sandbox/simulators/index.ts'
import type { Connector } from '../runtime/manifest/index.ts'
import { fastHttp, openHarness, storedRecords, testConnector } from './helpers/sync-harness.ts'
import { tempDirs } from './helpers/temp-dir.ts'

const temp = tempDirs('maestro-faults-')
const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close()
  await temp.cleanup()
})

/** The same storm for every provider, restricted to one list endpoint so it lands mid-walk. */
function storm(faults: FaultPlan, path: string, throttle: 429 | 503): number {
  faults
    .everyNth(2, { kind: 'status', status: throttle, retryAfter: 0 }, 4, { path })
    .everyNth(3, { kind: 'status', status: 500 }, 2, { path })
    .everyNth(3, { kind: 'status', status: 502 }, 1, { path })
    .everyNth(4, { kind: 'drop' }, 2, { path })
    .everyNth(5, { kind: 'malformed' }, 2, { path })
  return 4 + 2 + 1 + 2 + 2
}

interface Case {
  name: string
  resource: string
  setup(): Promise<{ connector: Connector; baseUrl: string; config: Record<string, unknown>; credentials: Record<string, unknown>; accessToken?: string; upstream: () => string[]; faults: FaultPlan; path: string; throttle: 429 | 503; close(): Promise<void> }>
}

const cases: Case[] = [
  {
    name: 'Harvest users (next_url)', resource: 'employees',
    async setup() {
      const sim = await startHarvestSimulator({ counts: { users: 180, timeEntries: 0 } })
      const connector = await testConnector('harvest', (m) => { fastHttp(m); m.resources.employees.list.query!.per_page = 15 })
      return { connector, baseUrl: sim.url, config: { accountId: sim.credentials.accountId }, credentials: { accessToken: sim.credentials.accessToken }, upstream: () => [...sim.data.users.keys()].map(String), faults: sim.faults, path: '/v2/users', throttle: 429, close: sim.close }
    },
  },
  {
    name: 'BambooHR employees (cursor, 503 throttling)', resource: 'employees',
    async setup() {
      const sim = await startBambooHRSimulator({ counts: { employees: 170, timeOffRequests: 0 } })
      const connector = await testConnector('bamboohr', (m) => { fastHttp(m); m.resources.employees.list.query!['page[limit]'] = 15 })
      return { connector, baseUrl: sim.url, config: { companyDomain: sim.credentials.companyDomain }, credentials: { apiKey: sim.credentials.apiKey }, upstream: () => [...sim.data.employees.keys()], faults: sim.faults, path: '/api/v1/employees', throttle: 503, close: sim.close }
    },
  },
  {
    name: 'Gusto employees (page + X-Total-Pages, child of companies)', resource: 'employees',
    async setup() {
      const sim = await startGustoSimulator({ counts: { employees: 160, payrolls: 3 } })
      const connector = await testConnector('gusto', (m) => {
        fastHttp(m)
        const p = m.resources.employees.list.paginate
        if (p.type === 'page') p.size = 15
      })
      return { connector, baseUrl: sim.url, config: { companyUuid: sim.credentials.companyId }, credentials: {}, accessToken: sim.credentials.accessToken, upstream: () => [...sim.data.employees.keys()], faults: sim.faults, path: `/v1/companies/${sim.credentials.companyId}/employees`, throttle: 429, close: sim.close }
    },
  },
]

describe('sync through faults', () => {
  it.each(cases)('$name: every record stored exactly once', async ({ resource, setup }) => {
    const s = await setup()
    closers.push(s.close)
    const h = await openHarness({ dir: await temp.make(), connector: s.connector, baseUrl: s.baseUrl, config: s.config, credentials: s.credentials, accessToken: s.accessToken, engine: { flushEvery: 30 } })
    closers.push(h.close)
    const planned = storm(s.faults, s.path, s.throttle)

    const run = await h.engine.sync(h.connection.id, { trigger: 'manual', resources: [resource] })

    expect(s.faults.fired).toBe(planned)
    expect(new Set(s.faults.history.map((f) => f.kind))).toEqual(new Set(['status', 'drop', 'malformed']))
    expect(run.status).toBe('succeeded')
    const upstream = s.upstream().sort()
    const r = run.resources[resource]
    expect(r.counts).toMatchObject({ fetched: upstream.length, added: upstream.length, updated: 0, unchanged: 0, invalid: 0 })
    expect(r.retries + r.rateLimitWaits).toBe(planned)
    expect(r.rateLimitWaits).toBe(4)
    const stored = await storedRecords(h.store, h.connection.id, resource)
    expect([...stored.keys()].sort()).toEqual(upstream)
    expect([...stored.values()].every((rec) => rec.lastAction === 'added' && rec.deletedAt === null)).toBe(true)
    const added = h.events.filter((e) => e.type === 'record.added' && e.record.resource === resource).map((e) => (e as { record: { remoteId: string } }).record.remoteId)
    expect(added.sort()).toEqual(upstream)
    expect(h.events.filter((e) => e.type === 'request.rate_limited')).toHaveLength(4)
  })
})
