import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBambooHRSimulator, type BambooHRSimulator } from './bamboohr.ts'

const basic = (key: string) => `Basic ${Buffer.from(`${key}:x`).toString('base64')}`
const headersFor = (sim: BambooHRSimulator) => ({ Authorization: basic(sim.credentials.apiKey), Accept: 'application/json' })
const getJson = async (sim: BambooHRSimulator, url: string) => {
  const res = await fetch(url, { headers: headersFor(sim) })
  expect(res.status).toBe(200)
  return res.json()
}

/** Follow `meta.page.nextCursor` with `page[after]` until it is null (bamboohr.md §4). */
async function walkEmployees(sim: BambooHRSimulator, limit: number) {
  const ids: string[] = []
  let cursor: string | null = null
  let hrefs = 0
  do {
    const query: string = cursor ? `page[limit]=${limit}&page[after]=${encodeURIComponent(cursor)}` : `page[limit]=${limit}`
    const body = await getJson(sim, `${sim.url}/v1/employees?${query}`)
    ids.push(...body.data.map((e: { employeeId: string }) => e.employeeId))
    cursor = body.meta.page.nextCursor
    if (body._links.next) hrefs += 1
    expect(Boolean(body._links.next)).toBe(cursor !== null)
  } while (cursor)
  return { ids, hrefs }
}

describe('BambooHR simulator', () => {
  let sim: BambooHRSimulator
  beforeAll(async () => {
    sim = await startBambooHRSimulator({ seed: 3, counts: { employees: 137, timeOffRequests: 80 } })
  })
  afterAll(() => sim.close())

  it.each([
    { name: 'no Authorization header', auth: undefined },
    { name: 'a wrong API key', auth: basic('0'.repeat(40)) },
    { name: 'a bearer token instead of Basic', auth: 'Bearer whatever' },
  ])('answers 401 with X-BambooHR-Error-Message for $name', async ({ auth }) => {
    const res = await fetch(`${sim.url}/v1/employees`, { headers: { Accept: 'application/json', ...(auth ? { Authorization: auth } : {}) } })
    expect(res.status).toBe(401)
    expect(res.headers.get('x-bamboohr-error-message')).toBeTruthy()
    expect(await res.text()).toBe('')
  })

  it('accepts any password with the API key as the Basic username', async () => {
    const res = await fetch(`${sim.url}/v1/employees?page[limit]=1`, { headers: { Authorization: `Basic ${Buffer.from(`${sim.credentials.apiKey}:anything`).toString('base64')}`, Accept: 'application/json' } })
    expect(res.status).toBe(200)
  })

  it('serves the legacy gateway base for its own company only', async () => {
    expect((await fetch(`${sim.gatewayUrl}/v1/employees?page[limit]=1`, { headers: headersFor(sim) })).status).toBe(200)
    expect((await fetch(sim.gatewayUrl.replace(sim.credentials.companyDomain, 'someone-else') + '/v1/employees', { headers: headersFor(sim) })).status).toBe(404)
  })

  it('walks every employee once with page[after] cursors', async () => {
    const { ids, hrefs } = await walkEmployees(sim, 25)
    expect(ids).toHaveLength(137)
    expect(new Set(ids).size).toBe(137)
    expect(hrefs).toBe(5)
  })

  it('shapes v1/employees like the recorded sample, cursor = base64 of {"nextEmployee":id}', async () => {
    const body = await getJson(sim, `${sim.url}/v1/employees?page[limit]=2`)
    expect(Object.keys(body.data[0]).sort()).toEqual(['_restrictedFields', 'employeeId', 'firstName', 'jobTitleName', 'lastName', 'photoUrl', 'preferredName', 'status'])
    expect(body.meta).toEqual({ total: 137, page: { limit: 2, nextCursor: expect.any(String), prevCursor: null } })
    const third = [...sim.data.employees.keys()].sort((a, b) => Number(a) - Number(b))[2]
    expect(JSON.parse(Buffer.from(body.meta.page.nextCursor, 'base64').toString())).toEqual({ nextEmployee: Number(third) })
    const next = await getJson(sim, body._links.next.href)
    expect(next.data[0].employeeId).toBe(third)
  })

  it('returns the requested fields of one employee, ids as strings', async () => {
    const e = [...sim.data.employees.values()][4]
    expect(await getJson(sim, `${sim.url}/v1/employees/${e.id}?fields=firstName,lastName,workEmail`)).toEqual({ id: e.id, firstName: e.firstName, lastName: e.lastName, workEmail: e.workEmail })
    const missing = await fetch(`${sim.url}/v1/employees/${e.id}`, { headers: headersFor(sim) })
    expect(missing.status).toBe(400)
  })

  it('answers XML unless Accept: application/json is sent', async () => {
    const e = [...sim.data.employees.values()][0]
    const res = await fetch(`${sim.url}/v1/employees/${e.id}?fields=firstName`, { headers: { Authorization: basic(sim.credentials.apiKey) } })
    expect(res.headers.get('content-type')).toMatch(/xml/)
    expect(await res.text()).toContain(`<firstName>${e.firstName}</firstName>`)
  })

  it('lists time-off requests overlapping start..end as a bare array, and requires both', async () => {
    const all = await getJson(sim, `${sim.url}/v1/time_off/requests?start=1900-01-01&end=2100-12-31`)
    expect(all).toHaveLength(80)
    expect(all[0]).toMatchObject({ id: expect.any(String), employeeId: expect.any(String), status: { status: expect.any(String), lastChanged: expect.any(String), lastChangedByUserId: expect.any(String) }, amount: { unit: 'days', amount: expect.any(String) }, notes: {} })
    const window = await getJson(sim, `${sim.url}/v1/time_off/requests?start=2024-06-01&end=2024-06-30`)
    const expected = [...sim.data.timeOffRequests.values()].filter((r) => r.start <= '2024-06-30' && r.end >= '2024-06-01')
    expect(window.map((r: { id: string }) => r.id).sort()).toEqual(expected.map((r) => r.id).sort())
    expect((await fetch(`${sim.url}/v1/time_off/requests?start=2024-01-01`, { headers: headersFor(sim) })).status).toBe(400)
  })

  it('reports inserted, updated and deleted employees in v1/employees/changed since a time', async () => {
    const since = new Date().toISOString()
    const [a, b] = [...sim.data.employees.keys()].slice(10, 12)
    const before = sim.data.employees.get(a)!.lastChanged
    const updated = sim.update('employees', a, { jobTitle: 'Head of People' })
    expect(Date.parse(updated.lastChanged)).toBeGreaterThan(Date.parse(before))
    sim.remove('employees', b)
    const added = sim.add('employees')
    const body = await getJson(sim, `${sim.url}/v1/employees/changed?since=${encodeURIComponent(since)}`)
    expect(body.employees).toEqual({
      [a]: { id: a, action: 'Updated', lastChanged: updated.lastChanged },
      [b]: { id: b, action: 'Deleted', lastChanged: expect.any(String) },
      [added.id]: { id: added.id, action: 'Inserted', lastChanged: added.lastChanged },
    })
    expect(Date.parse(body.latest)).toBeGreaterThanOrEqual(Date.parse(added.lastChanged))
    const deletedOnly = await getJson(sim, `${sim.url}/v1/employees/changed?since=${encodeURIComponent(since)}&type=deleted`)
    expect(Object.keys(deletedOnly.employees)).toEqual([b])
    // The deleted employee is gone from lists and lookups.
    expect((await fetch(`${sim.url}/v1/employees/${b}?fields=firstName`, { headers: headersFor(sim) })).status).toBe(404)
    expect((await walkEmployees(sim, 100)).ids).not.toContain(b)
  })

  it('filters the v2 employee dataset on lastChanged gt, paging with page/pageSize in the body', async () => {
    const id = [...sim.data.employees.keys()][30]
    const cut = sim.data.employees.get(id)!.lastChanged
    sim.update('employees', id, { firstName: 'Changed' })
    const post = (body: object) => fetch(`${sim.url}/v2/datasets/employee/data`, { method: 'POST', headers: { ...headersFor(sim), 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json())
    const res = await post({ fields: ['employeeNumber', 'firstName', 'lastChanged'], filter: `lastChanged gt '${cut}'`, page: 1, pageSize: 1000 })
    const expected = [...sim.data.employees.values()].filter((e) => Date.parse(e.lastChanged) > Date.parse(cut))
    expect(expected.length).toBeLessThan(sim.data.employees.size)
    expect(res.data.map((r: { fields: { employeeNumber: string } }) => r.fields.employeeNumber).sort()).toEqual(expected.map((e) => e.employeeNumber).sort())
    expect(res.data.find((r: { fields: { firstName: string } }) => r.fields.firstName === 'Changed')).toBeTruthy()
    const paged = await post({ fields: ['firstName'], page: 2, pageSize: 50 })
    expect(paged.meta).toEqual({ page: 2, pageSize: 50, totalPages: Math.ceil(sim.data.employees.size / 50), totalItems: sim.data.employees.size })
    expect(paged.links).toEqual([])
  })

  it('cancels a removed time-off request instead of deleting it', async () => {
    const id = [...sim.data.timeOffRequests.keys()][0]
    sim.remove('timeOffRequests', id)
    const all = await getJson(sim, `${sim.url}/v1/time_off/requests?start=1900-01-01&end=2100-12-31`)
    expect(all.find((r: { id: string }) => r.id === id).status.status).toBe('canceled')
  })
})

describe('BambooHR simulator throttling', () => {
  it.each([
    { name: '429 with Retry-After after 2026-09-16', now: Date.UTC(2026, 10, 1), status: 429, retryAfter: '10' },
    { name: '503 before 2026-09-16', now: Date.UTC(2026, 0, 1), status: 503, retryAfter: null },
  ])('throttles with $name', async ({ now, status, retryAfter }) => {
    const sim = await startBambooHRSimulator({ counts: { employees: 3, timeOffRequests: 0 }, rateLimit: { limit: 2 }, now: () => now })
    try {
      const statuses = []
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${sim.url}/v1/employees`, { headers: headersFor(sim) })
        statuses.push(res.status)
        if (i === 2) expect(res.headers.get('retry-after')).toBe(retryAfter)
      }
      expect(statuses).toEqual([200, 200, status])
    } finally {
      await sim.close()
    }
  })
})
