import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Fault, FaultPlan } from './common/faults.ts'
import { SIMULATORS, type SimulatorId } from './index.ts'

interface Target {
  faults: FaultPlan
  url: string
  init: RequestInit
  close(): Promise<void>
}

/** One authorized list request per simulator; faults must not care which provider answers. */
const targets: Record<SimulatorId, () => Promise<Target>> = {
  harvest: async () => {
    const sim = await SIMULATORS.harvest({ counts: { users: 30, timeEntries: 0 } })
    return { ...sim, url: `${sim.url}/users?per_page=30`, init: { headers: { Authorization: `Bearer ${sim.credentials.accessToken}`, 'Harvest-Account-Id': sim.credentials.accountId, 'User-Agent': 'MaestroTest (t@example.com)' } } }
  },
  bamboohr: async () => {
    const sim = await SIMULATORS.bamboohr({ counts: { employees: 30, timeOffRequests: 0 } })
    return { ...sim, url: `${sim.url}/v1/employees?page[limit]=30`, init: { headers: { Authorization: `Basic ${Buffer.from(`${sim.credentials.apiKey}:x`).toString('base64')}`, Accept: 'application/json' } } }
  },
  gusto: async () => {
    const sim = await SIMULATORS.gusto({ counts: { employees: 30, payrolls: 0 } })
    return { ...sim, url: `${sim.url}/v1/companies/${sim.credentials.companyId}/employees?page=1&per=30`, init: { headers: { Authorization: `Bearer ${sim.credentials.accessToken}` } } }
  },
}

const cases: Array<{ name: string; fault: Fault; check: (t: Target) => Promise<void> }> = [
  {
    name: 'status 503 with Retry-After',
    fault: { kind: 'status', status: 503, retryAfter: 7 },
    check: async (t) => {
      const res = await fetch(t.url, t.init)
      expect([res.status, res.headers.get('retry-after')]).toEqual([503, '7'])
    },
  },
  {
    name: 'status 429 with a custom body',
    fault: { kind: 'status', status: 429, body: { custom: true } },
    check: async (t) => {
      const res = await fetch(t.url, t.init)
      expect(res.status).toBe(429)
      expect(await res.json()).toEqual({ custom: true })
    },
  },
  {
    name: 'drop after headers and part of the body',
    fault: { kind: 'drop' },
    check: async (t) => {
      const res = await fetch(t.url, t.init)
      expect(res.status).toBe(200)
      await expect(res.text()).rejects.toThrow()
    },
  },
  {
    name: 'malformed 200',
    fault: { kind: 'malformed' },
    check: async (t) => {
      const res = await fetch(t.url, t.init)
      expect(res.status).toBe(200)
      await expect(res.json()).rejects.toThrow(SyntaxError)
    },
  },
  {
    name: 'delay',
    fault: { kind: 'delay', ms: 120 },
    check: async (t) => {
      const started = performance.now()
      const res = await fetch(t.url, t.init)
      expect(res.status).toBe(200)
      expect(performance.now() - started).toBeGreaterThanOrEqual(110)
    },
  },
]

describe.each(Object.keys(targets) as SimulatorId[])('%s simulator faults', (id) => {
  let target: Target
  beforeAll(async () => {
    target = await targets[id]()
  })
  afterAll(() => target.close())

  it.each(cases)('$name fires once, then the same request succeeds', async ({ fault, check }) => {
    const fired = target.faults.fired
    target.faults.next(1, fault)
    await check(target)
    expect(target.faults.fired).toBe(fired + 1)
    const res = await fetch(target.url, target.init)
    expect(res.status).toBe(200)
    expect(await res.json()).toBeTruthy()
  })

  it('runs a bounded storm on a path prefix only', async () => {
    const path = new URL(target.url).pathname
    target.faults.everyNth(2, { kind: 'status', status: 500 }, 2, { path })
    const other = await fetch(target.url.replace(path, `${path}/../nowhere`), target.init)
    expect(other.status).not.toBe(500)
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await fetch(target.url, target.init)).status)
    expect(statuses).toEqual([200, 500, 200, 500, 200, 200])
    expect(target.faults.pending).toBe(0)
  })
})
