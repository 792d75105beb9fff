/**
 * `/metrics` after real traffic: `maestro serve` on 127.0.0.1 syncs BambooHR from its simulator (one answer
 * throttled with a 429), applies a signed webhook, refuses a forged one; every family the issue names —
 * runs, records, errors, webhook counts, rate-limit waits — then shows a series with the right value.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signBambooHRWebhook, startBambooHRSimulator, type BambooHRSimulator } from '../../examples/sandbox/simulators/bamboohr.ts'
import { startServer, type RunningServer } from './serve.ts'

const ADMIN = `admin-${randomBytes(16).toString('hex')}`
const WEBHOOK_KEY = randomBytes(16).toString('hex')
const EMPLOYEES = 9

let sim: BambooHRSimulator
let server: RunningServer
let dir: string
let metrics: string

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${server.url}${path}`, {
    method, headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, text, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await probe()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const webhook = (body: string, key: string) => fetch(`${server.url}/webhooks/bamboohr`, {
  method: 'POST', headers: { 'content-type': 'application/json', ...signBambooHRWebhook(body, key) }, body,
})

beforeAll(async () => {
  sim = await startBambooHRSimulator({ seed: 4, counts: { employees: EMPLOYEES, timeOffRequests: 0 }, throttleStatus: 429 })
  dir = await mkdtemp(join(tmpdir(), 'maestro-metrics-'))
  server = await startServer({
    port: 0, dataDir: dir, connectorsDir: 'connectors', configFile: join(dir, 'no-config.json'), print: () => undefined, graceMs: 5_000,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    env: {
      MAESTRO_ADMIN_TOKEN: ADMIN, MAESTRO_SECRET_KEY: randomBytes(32).toString('base64'), MAESTRO_SCHEDULES: 'off',
      MAESTRO_APP_BAMBOOHR_BASE_URL: sim.url, MAESTRO_APP_BAMBOOHR_WEBHOOK_SECRET: WEBHOOK_KEY,
    },
  })

  const created = await api('POST', '/connections', { tenant: 'acme', connector: 'bamboohr', config: { companyDomain: sim.credentials.companyDomain }, credentials: { apiKey: sim.credentials.apiKey } })
  expect(created.status).toBe(201)
  const connectionId: string = created.body.id
  // The first provider answer is a 429 asking for no wait: one rate-limit wait, no real delay.
  sim.faults.next(1, { kind: 'status', status: 429, retryAfter: 0 })
  const sync = await api('POST', `/connections/${connectionId}/sync`, { resources: ['employees'] })
  expect(sync.status).toBe(202)
  const run = await until('the run', async () => {
    const r = await api('GET', `/runs/${sync.body.id}`)
    return r.body.status === 'running' ? undefined : r.body
  })
  expect([run.status, run.counts.added, sim.faults.fired]).toEqual(['succeeded', EMPLOYEES, 1])

  const employeeId = [...sim.data.employees.keys()][0]
  sim.update('employees', employeeId, { firstName: 'Metrica' })
  const body = JSON.stringify({ employees: [{ id: String(employeeId), changedFields: ['firstName'], fields: { firstName: 'Metrica' } }] })
  expect((await webhook(body, WEBHOOK_KEY)).status).toBe(202)
  expect((await webhook(body, 'not-the-key')).status).toBe(401)
  await until('the webhook to be applied', async () => {
    const audit = await api('GET', '/audit?action=webhook.process')
    return audit.body.items.length > 0 ? true : undefined
  })
  const res = await api('GET', '/metrics')
  expect(res.status).toBe(200)
  metrics = res.text
})

afterAll(async () => {
  await server?.close()
  await sim?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('/metrics after a sync and webhooks', () => {
  it.each([
    { name: 'runs started', line: 'maestro_runs_started_total{connector="bamboohr"} 1' },
    { name: 'runs finished by status', line: 'maestro_runs_finished_total{connector="bamboohr",status="succeeded"} 1' },
    { name: 'records added by the sync', line: `maestro_records_total{action="added",model="Employee"} ${EMPLOYEES}` },
    { name: 'records updated by the webhook', line: 'maestro_records_total{action="updated",model="Employee"} 1' },
    { name: 'errors (the forged webhook)', line: 'maestro_errors_total{code="signature_invalid",source="webhook"} 1' },
    { name: 'webhooks received', line: 'maestro_webhooks_total{connector="bamboohr",outcome="received"} 1' },
    { name: 'webhooks processed', line: 'maestro_webhooks_total{connector="bamboohr",outcome="processed"} 1' },
    { name: 'webhooks rejected', line: 'maestro_webhooks_total{connector="bamboohr",outcome="rejected"} 1' },
    { name: 'rate-limit waits', line: 'maestro_rate_limit_waits_total 1' },
    { name: 'connections by status', line: 'maestro_connections{status="active"} 1' },
  ])('counts $name', ({ line }) => {
    expect(metrics.split('\n')).toContain(line)
  })

  it('declares every family with HELP and TYPE', () => {
    for (const family of ['maestro_runs_started_total', 'maestro_runs_finished_total', 'maestro_records_total', 'maestro_errors_total', 'maestro_webhooks_total', 'maestro_rate_limit_waits_total', 'maestro_rate_limit_wait_seconds_total']) {
      expect(metrics).toContain(`# HELP ${family} `)
      expect(metrics).toContain(`# TYPE ${family} counter`)
    }
  })

  it('carries no tenant data beyond counts (no ids, no names)', () => {
    expect(metrics).not.toMatch(/con_|acme|Metrica/)
  })
})
