import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startQuickBooksSimulator, type QuickBooksSimulator } from './quickbooks.ts'

const SECOND_REALM = '4620816365000000002'
let sim: QuickBooksSimulator
let clock = Date.UTC(2025, 10, 9, 20, 0, 0)

beforeAll(async () => {
  sim = await startQuickBooksSimulator({ seed: 3, counts: { employees: 12, timeActivities: 30 }, realms: ['9130358000000001', SECOND_REALM], now: () => clock })
})
afterAll(async () => { await sim.close() })

const get = async (path: string, token = sim.credentials.accessToken) => {
  const res = await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })
  return { status: res.status, body: await res.json() as any }
}
const query = (sql: string, realm = sim.credentials.realmId) => get(`/v3/company/${realm}/query?query=${encodeURIComponent(sql)}&minorversion=75`)

describe('query endpoint', () => {
  it('pages with 1-based STARTPOSITION until the entity key disappears', async () => {
    const seen: string[] = []
    for (let start = 1; ; start += 5) {
      const { status, body } = await query(`select * from Employee where Active IN (true,false) ORDER BY Metadata.LastUpdatedTime ASC STARTPOSITION ${start} MAXRESULTS 5`)
      expect(status).toBe(200)
      if (!body.QueryResponse.Employee) {
        expect(body.QueryResponse).toEqual({})
        break
      }
      expect(body.QueryResponse.startPosition).toBe(start)
      seen.push(...body.QueryResponse.Employee.map((e: { Id: string }) => e.Id))
    }
    expect(seen).toHaveLength(12)
    expect(new Set(seen).size).toBe(12)
  })

  it('leaves inactive employees out unless the query asks with Active IN (true,false)', async () => {
    const all = (await query('select count(*) from Employee where Active IN (true,false)')).body.QueryResponse.totalCount
    const active = (await query('select count(*) from Employee')).body.QueryResponse.totalCount
    const inactive = [...sim.data.employees.values()].filter((e) => !e.Active).length
    expect(all).toBe(12)
    expect(active).toBe(12 - inactive)
    expect(inactive).toBeGreaterThan(0)
  })

  it('filters on Metadata.LastUpdatedTime with an offset literal and sees later changes', async () => {
    clock += 60_000
    const changed = sim.update('timeActivities', '4', { Description: 'Changed upstream' })
    const since = new Date(Date.parse(changed.MetaData.LastUpdatedTime) - 1000).toISOString().replace('.000Z', '+00:00')
    const { body } = await query(`select * from TimeActivity where Metadata.LastUpdatedTime > '${since}' ORDER BY Metadata.LastUpdatedTime ASC`)
    expect(body.QueryResponse.TimeActivity.map((t: { Id: string; Description: string }) => [t.Id, t.Description])).toEqual([['4', 'Changed upstream']])
    expect(changed.SyncToken).toBe('1')
    expect(sim.events.at(-1)).toMatchObject({ name: 'TimeActivity', id: '4', operation: 'Update', realmId: sim.credentials.realmId })
  })

  it.each([
    { name: 'a Z timestamp', sql: "select * from TimeActivity where Metadata.LastUpdatedTime > '2025-11-01T00:00:00Z'" },
    { name: 'an unknown entity', sql: 'select * from Invoice' },
    { name: 'broken SQL', sql: 'select from' },
  ])('refuses $name with a ValidationFault', async ({ sql }) => {
    const { status, body } = await query(sql)
    expect(status).toBe(400)
    expect(body.Fault.type).toBe('ValidationFault')
    expect(body.Fault.Error[0].Detail).toMatch(/Query/)
  })

  it('keeps realms apart', async () => {
    const sql = "select * from Employee where Active IN (true,false) and Id = '50'"
    const a = await query(sql)
    const b = await query(sql, SECOND_REALM)
    expect(a.body.QueryResponse.Employee[0].DisplayName).toBe(sim.data.employees.get('50')!.DisplayName)
    expect(b.body.QueryResponse.Employee[0].DisplayName).toBe(sim.realms.get(SECOND_REALM)!.employees.get('50')!.DisplayName)
    expect((await query('select * from Employee', '123')).status).toBe(404)
  })
})

describe('single reads', () => {
  it.each([
    { name: 'employee', path: (r: string) => `/v3/company/${r}/employee/51`, key: 'Employee', id: '51' },
    { name: 'time activity', path: (r: string) => `/v3/company/${r}/timeactivity/7`, key: 'TimeActivity', id: '7' },
    { name: 'company info at companyinfo/{realmId}', path: (r: string) => `/v3/company/${r}/companyinfo/${r}`, key: 'CompanyInfo', id: '1' },
  ])('$name', async ({ path, key, id }) => {
    const { status, body } = await get(`${path(sim.credentials.realmId)}?minorversion=75`)
    expect(status).toBe(200)
    expect(body[key].Id).toBe(id)
    expect(typeof body.time).toBe('string')
  })

  it('answers an unknown id with a ValidationFault', async () => {
    const { status, body } = await get(`/v3/company/${sim.credentials.realmId}/employee/99999`)
    expect(status).toBe(400)
    expect(body.Fault.Error[0]).toMatchObject({ Message: 'Object Not Found', code: '610' })
  })
})

describe('faults', () => {
  it('refuses a wrong token with 401 and the lowercase fault 3200', async () => {
    const { status, body } = await get(`/v3/company/${sim.credentials.realmId}/employee/51`, 'not-a-token')
    expect(status).toBe(401)
    expect(body.fault.error[0]).toMatchObject({ code: '3200', message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401' })
  })

  it('refuses the old token once credentials rotate', async () => {
    const old = sim.credentials.accessToken
    sim.credentials.accessToken = 'rotated-token'
    try {
      expect((await get(`/v3/company/${sim.credentials.realmId}/employee/51`, old)).status).toBe(401)
      expect((await get(`/v3/company/${sim.credentials.realmId}/employee/51`, 'rotated-token')).status).toBe(200)
    } finally {
      sim.credentials.accessToken = old
    }
  })

  it.each([
    { name: 'Fault in a 200', fault: { code: '3200', message: 'AuthenticationFailed', casing: 'Fault' as const }, status: 200, read: (b: any) => b.Fault.Error[0].code },
    { name: 'lowercase fault in a 200', fault: { code: '3200', message: 'AuthenticationFailed', casing: 'fault' as const }, status: 200, read: (b: any) => b.fault.error[0].code },
    { name: 'ValidationFault with its own status', fault: { status: 400, code: '610', message: 'Object Not Found', type: 'ValidationFault' }, status: 400, read: (b: any) => b.Fault.Error[0].code },
  ])('injects a $name, once', async ({ fault, status, read }) => {
    sim.injectFault(fault)
    const first = await query('select * from CompanyInfo')
    expect(first.status).toBe(status)
    expect(read(first.body)).toBe(fault.code)
    const second = await query('select * from CompanyInfo')
    expect(second.body.QueryResponse.CompanyInfo).toHaveLength(1)
  })

  it('throttles at the documented limit with ThrottleExceeded', async () => {
    const limited = await startQuickBooksSimulator({ rateLimit: { limit: 3, windowMs: 60_000 }, counts: { employees: 1, timeActivities: 0 } })
    try {
      const call = () => fetch(`${limited.url}/v3/company/${limited.credentials.realmId}/employee/50`, { headers: { authorization: `Bearer ${limited.credentials.accessToken}` } })
      const statuses = []
      for (let i = 0; i < 4; i++) statuses.push((await call()).status)
      expect(statuses).toEqual([200, 200, 200, 429])
      const body = await (await call()).json() as any
      expect(body.Fault.Error[0]).toMatchObject({ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' })
    } finally {
      await limited.close()
    }
  })
})

describe('webhook deliveries', () => {
  let receiver: Server
  let url: string
  const got: Array<{ body: string; signature: string }> = []
  beforeAll(async () => {
    receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      got.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['intuit-signature']) })
      res.writeHead(200).end()
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/quickbooks`
  })
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())))

  it.each([
    { format: 'legacy' as const, removed: '9' },
    { format: 'cloudevents' as const, removed: '10' },
  ])('delivers pending changes as $format, signed over the exact body', async ({ format, removed }) => {
    sim.events.splice(0)
    sim.update('employees', '52', { Title: 'Head Baker' })
    sim.remove('timeActivities', removed)
    got.length = 0
    const out = await sim.deliverWebhook(url, { format, verifierToken: 'verifier' })
    expect(out.status).toBe(200)
    expect(sim.events).toHaveLength(0)
    expect(got[0].signature).toBe(createHmac('sha256', 'verifier').update(got[0].body).digest('base64'))
    const text = got[0].body
    if (format === 'legacy') expect(JSON.parse(text).eventNotifications[0].dataChangeEvent.entities.map((e: any) => `${e.name}:${e.id}:${e.operation}`)).toEqual(['Employee:52:Update', `TimeActivity:${removed}:Delete`])
    else expect(JSON.parse(text).map((e: any) => `${e.type}:${e.intuitentityid}:${e.intuitaccountid}`)).toEqual([`qbo.employee.updated.v1:52:${sim.credentials.realmId}`, `qbo.timeactivity.deleted.v1:${removed}:${sim.credentials.realmId}`])
  })
})
