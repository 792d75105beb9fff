import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGustoSimulator, type GustoSimulator } from './gusto.ts'

const TODAY = Date.UTC(2026, 10, 25, 12, 0, 0)
const headersFor = (sim: GustoSimulator, token = sim.credentials.accessToken) => ({ Authorization: `Bearer ${token}`, 'X-Gusto-API-Version': '2025-06-15', Accept: 'application/json' })

/** Page with `page`/`per` until `X-Page >= X-Total-Pages` (gusto.md §4). */
async function walk(sim: GustoSimulator, path: string, per: number) {
  const uuids: string[] = []
  let totalCount = -1
  for (let page = 1, totalPages = 1; page <= totalPages; page++) {
    const res = await fetch(`${sim.url}${path}${path.includes('?') ? '&' : '?'}page=${page}&per=${per}`, { headers: headersFor(sim) })
    expect(res.status).toBe(200)
    expect(Number(res.headers.get('x-page'))).toBe(page)
    totalPages = Number(res.headers.get('x-total-pages'))
    totalCount = Number(res.headers.get('x-total-count'))
    uuids.push(...((await res.json()) as Array<{ uuid: string }>).map((r) => r.uuid))
  }
  return { uuids, totalCount }
}

describe('Gusto simulator', () => {
  let sim: GustoSimulator
  let employeesPath: string
  beforeAll(async () => {
    sim = await startGustoSimulator({ seed: 11, counts: { employees: 130, payrolls: 20 }, now: () => TODAY })
    employeesPath = `/v1/companies/${sim.credentials.companyId}/employees`
  })
  afterAll(() => sim.close())

  it.each([
    { name: 'no token', headers: (): Record<string, string> => ({}) },
    { name: 'a wrong token', headers: (): Record<string, string> => ({ Authorization: 'Bearer nope' }) },
    { name: 'the system token on a company endpoint', headers: (s: GustoSimulator): Record<string, string> => headersFor(s, s.credentials.systemToken) },
  ])('answers 401 with an errors array for $name', async ({ headers }) => {
    const res = await fetch(`${sim.url}${employeesPath}`, { headers: headers(sim) })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ errors: [{ error_key: expect.any(String), category: expect.any(String), message: expect.any(String) }] })
  })

  it('answers the documented not_found body for another company (strict access)', async () => {
    const res = await fetch(`${sim.url}/v1/companies/00000000-0000-4000-8000-000000000000/employees`, { headers: headersFor(sim) })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ errors: [{ error_key: 'request', category: 'not_found', message: 'The requested resource was not found.' }] })
  })

  it('works without X-Gusto-API-Version (the app minimum applies) and records the header when sent', async () => {
    const res = await fetch(`${sim.url}/v1/companies/${sim.credentials.companyId}`, { headers: { Authorization: `Bearer ${sim.credentials.accessToken}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ uuid: sim.credentials.companyId, name: expect.any(String), company_status: 'Approved' })
    await fetch(`${sim.url}/v1/token_info`, { headers: headersFor(sim) })
    expect(sim.requests.at(-1)?.headers['x-gusto-api-version']).toBe('2025-06-15')
  })

  it('reveals the company uuid through /v1/token_info', async () => {
    const body = await (await fetch(`${sim.url}/v1/token_info`, { headers: headersFor(sim) })).json()
    expect(body).toMatchObject({ scope: expect.any(String), resource: { type: 'Company', uuid: sim.credentials.companyId }, resource_owner: { type: 'CompanyAdmin' } })
  })

  it('walks every employee once with page/per and totals in headers', async () => {
    const { uuids, totalCount } = await walk(sim, employeesPath, 25)
    expect(totalCount).toBe(130)
    expect(uuids).toHaveLength(130)
    expect(new Set(uuids).size).toBe(130)
  })

  it('returns every employee and no paging headers when page/per are omitted', async () => {
    const res = await fetch(`${sim.url}${employeesPath}`, { headers: headersFor(sim) })
    expect(res.headers.get('x-total-count')).toBeNull()
    expect(await res.json()).toHaveLength(130)
  })

  it('serves employees shaped like the gusto.md sample', async () => {
    const uuid = [...sim.data.employees.keys()][5]
    const e = await (await fetch(`${sim.url}/v1/employees/${uuid}`, { headers: headersFor(sim) })).json()
    expect(e).toMatchObject({ uuid, company_uuid: sim.credentials.companyId, version: expect.stringMatching(/^[0-9a-f]{32}$/), terminated: false, jobs: [{ employee_uuid: uuid, rate: expect.stringMatching(/^\d+\.\d\d$/), compensations: [expect.objectContaining({ flsa_status: expect.any(String) })] }] })
    expect(Object.keys(e).sort()).toEqual(['company_uuid', 'current_employment_status', 'date_of_birth', 'department', 'department_uuid', 'eligible_paid_time_off', 'email', 'employee_code', 'first_name', 'garnishments', 'has_ssn', 'historical', 'jobs', 'last_name', 'manager_uuid', 'middle_initial', 'onboarded', 'onboarding_status', 'payment_method', 'phone', 'preferred_first_name', 'ssn', 'terminated', 'terminations', 'two_percent_shareholder', 'uuid', 'version', 'work_email'])
  })

  it('lists processed regular payrolls of the past six months by default, paginated', async () => {
    const res = await fetch(`${sim.url}/v1/companies/${sim.credentials.companyId}/payrolls`, { headers: headersFor(sim) })
    expect(res.headers.get('x-per-page')).toBe('25')
    const rows = (await res.json()) as Array<{ processed: boolean; off_cycle: boolean; check_date: string }>
    const since = '2026-05-25'
    const expected = [...sim.data.payrolls.values()].filter((p) => p.processed && !p.off_cycle && p.check_date >= since)
    expect(rows.map((p) => p.check_date)).toEqual(expected.map((p) => p.check_date).sort())
    expect(rows.length).toBeGreaterThan(0)
  })

  it('reaches every payroll with explicit statuses, types and a one-year window', async () => {
    const q = 'processing_statuses=processed,unprocessed&payroll_types=regular,off_cycle&start_date=2026-02-01&end_date=2026-12-31'
    const { uuids } = await walk(sim, `/v1/companies/${sim.credentials.companyId}/payrolls?${q}`, 7)
    expect(new Set(uuids)).toEqual(new Set(sim.data.payrolls.keys()))
  })

  it.each([
    { name: 'end_date more than 3 months ahead', q: 'start_date=2026-10-01&end_date=2027-06-01' },
    { name: 'a window longer than a year', q: 'start_date=2024-01-01&end_date=2026-01-01' },
  ])('refuses $name with 422', async ({ q }) => {
    const res = await fetch(`${sim.url}/v1/companies/${sim.credentials.companyId}/payrolls?${q}`, { headers: headersFor(sim) })
    expect(res.status).toBe(422)
    expect((await res.json()).errors[0].category).toBe('invalid_attribute_value')
  })

  it('records changes in /v1/events (system token): new version on update, termination on remove', async () => {
    const [a, b] = [...sim.data.employees.keys()].slice(0, 2)
    const version = sim.data.employees.get(a)!.version
    const changed = sim.update('employees', a, { first_name: 'Renamed' })
    expect(changed.version).not.toBe(version)
    sim.remove('employees', b)
    const added = sim.add('employees')
    const events = async (q: string) => (await (await fetch(`${sim.url}/v1/events?${q}`, { headers: headersFor(sim, sim.credentials.systemToken) })).json()) as Array<{ uuid: string; event_type: string; entity_uuid: string; resource_uuid: string }>
    const feed = await events('event_type=employee.*')
    expect(feed.map((e) => [e.event_type, e.entity_uuid])).toEqual([['employee.updated', a], ['employee.updated', b], ['employee.created', added.uuid]])
    expect(feed.every((e) => e.resource_uuid === sim.credentials.companyId)).toBe(true)
    expect((await events(`starting_after_uuid=${feed[1].uuid}`)).map((e) => e.entity_uuid)).toEqual([added.uuid])
    const terminated = await (await fetch(`${sim.url}/v1/employees/${b}`, { headers: headersFor(sim) })).json()
    expect(terminated.terminated).toBe(true)
    const active = await (await fetch(`${sim.url}${employeesPath}?terminated=false`, { headers: headersFor(sim) })).json()
    expect(active.map((e: { uuid: string }) => e.uuid)).not.toContain(b)
    expect((await fetch(`${sim.url}/v1/events`, { headers: headersFor(sim) })).status).toBe(401)
  })

  it('makes a removed payroll disappear', async () => {
    const uuid = [...sim.data.payrolls.keys()].at(-1)!
    sim.remove('payrolls', uuid)
    expect((await fetch(`${sim.url}/v1/companies/${sim.credentials.companyId}/payrolls/${uuid}`, { headers: headersFor(sim) })).status).toBe(404)
  })
})

describe('Gusto simulator rate limit', () => {
  it('always sends X-RateLimit-* headers, counting down even when not enforcing', async () => {
    const sim = await startGustoSimulator({ counts: { employees: 1, payrolls: 0 }, now: () => TODAY })
    try {
      const a = await fetch(`${sim.url}/v1/token_info`, { headers: headersFor(sim) })
      const b = await fetch(`${sim.url}/v1/token_info`, { headers: headersFor(sim) })
      expect([a.headers.get('x-ratelimit-limit'), a.headers.get('x-ratelimit-remaining'), b.headers.get('x-ratelimit-remaining')]).toEqual(['200', '199', '198'])
      expect(b.headers.get('x-ratelimit-reset')).toBe('2026-11-25T12:01:00Z')
      expect(b.headers.get('retry-after')).toBeNull()
    } finally {
      await sim.close()
    }
  })

  it('answers 429 with Retry-After after 200 requests in the 60 s window, until it closes', async () => {
    let now = TODAY
    const sim = await startGustoSimulator({ counts: { employees: 1, payrolls: 0 }, rateLimit: true, now: () => now })
    try {
      for (let i = 0; i < 200; i++) expect((await fetch(`${sim.url}/v1/token_info`, { headers: headersFor(sim) })).status).toBe(200)
      now += 20_000
      const refused = await fetch(`${sim.url}/v1/token_info`, { headers: headersFor(sim) })
      expect(refused.status).toBe(429)
      expect([refused.headers.get('retry-after'), refused.headers.get('x-ratelimit-remaining')]).toEqual(['40', '0'])
      now += 40_000
      expect((await fetch(`${sim.url}/v1/token_info`, { headers: headersFor(sim) })).status).toBe(200)
    } finally {
      await sim.close()
    }
  })
})
