/**
 * The whole story over real HTTP on 127.0.0.1, with `maestro serve` (port 0) and its sandbox: a tenant
 * creates a QuickBooks connection, consents at the local OAuth server, syncs, reads the employees page by
 * page; then QuickBooks (the simulator) changes an employee and delivers a signed webhook, and the host
 * application's receiver gets a signed `record.updated` for exactly that employee.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signBambooHRWebhook } from '../examples/sandbox/simulators/bamboohr.ts'
import { verifyMaestroSignature } from '../runtime/outbound/index.ts'
import { startSandbox, type Sandbox } from '../runtime/sandbox/index.ts'
import { startServer, type RunningServer } from '../runtime/server/serve.ts'
import { consent } from './helpers/oauth-server.ts'

const ADMIN = 'e2e-admin-token-0123456789abcdef0123'
const HOOK_SECRET = 'whsec_e2e_0123456789'

interface Received { headers: IncomingHttpHeaders; body: string; json: any }
let receiver: Server
let receiverUrl: string
const received: Received[] = []
let dir: string
let server: RunningServer
let sandbox: Sandbox
const printed: string[] = []

async function api(method: string, path: string, body?: unknown, token: string | null = ADMIN): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method, redirect: 'manual',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text }
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value as T
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      received.push({ headers: req.headers, body, json: JSON.parse(body) })
      res.statusCode = 204
      res.end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/maestro-events`
  dir = await mkdtemp(join(tmpdir(), 'maestro-e2e-'))
  const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => printed.push(`error: ${m}`) }
  server = await startServer({
    port: 0, dataDir: dir, connectorsDir: 'connectors', logger: quiet, print: (l) => printed.push(l), graceMs: 5000,
    env: { MAESTRO_ADMIN_TOKEN: ADMIN, MAESTRO_WEBHOOK_URL: receiverUrl, MAESTRO_WEBHOOK_SECRET: HOOK_SECRET, MAESTRO_SCHEDULES: 'off' },
    sandbox: async (ctx) => (sandbox = await startSandbox(ctx)),
  })
})

afterAll(async () => {
  await server?.close()
  await new Promise<void>((resolve) => receiver?.close(() => resolve()))
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('the full story over HTTP', () => {
  let connectionId: string
  let runId: string

  it('creates a QuickBooks connection and connects it through a real OAuth consent', async () => {
    const created = await api('POST', '/connections', { tenant: 'acme-bakery', connector: 'quickbooks', name: 'Books' })
    expect(created.status).toBe(201)
    expect(created.body.status).toBe('pending')
    connectionId = created.body.id

    const start = await api('POST', `/connections/${connectionId}/authorize`, {})
    expect(start.status).toBe(200)
    const callback = await consent(start.body.url, `${server.url}/oauth/callback`)
    const back = await fetch(callback, { redirect: 'manual' })
    expect(back.status).toBeLessThan(400)
    const connection = await api('GET', `/connections/${connectionId}`)
    expect(connection.body).toMatchObject({ status: 'active', config: { realmId: sandbox.quickbooks.credentials.realmId } })
    // The host application heard about it, signed, with the tenant.
    const createdEvent = await until('connection.created', () => received.find((r) => r.json.type === 'connection.created'))
    expect(createdEvent.json).toMatchObject({ tenant: 'acme-bakery', connectionId })
  })

  it('syncs, and the records read back page by page with an opaque cursor', async () => {
    const sync = await api('POST', `/connections/${connectionId}/sync`, {})
    expect(sync.status).toBe(202)
    runId = sync.body.id
    const run = await until('the run to finish', async () => {
      const r = await api('GET', `/runs/${runId}`)
      return r.body.status === 'running' ? undefined : r.body
    })
    expect(run.status).toBe('succeeded')

    const ids: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await api('GET', `/connections/${connectionId}/records/Employee?page_size=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(page.status).toBe(200)
      ids.push(...page.body.items.map((r: { remoteId: string }) => r.remoteId))
      cursor = page.body.next
      pages++
    } while (cursor)
    const upstream = [...sandbox.quickbooks.data.employees.keys()]
    expect(ids.sort()).toEqual(upstream.sort())
    expect(pages).toBe(Math.ceil(upstream.length / 10))

    // One batched record.added per run (chunks of 100 at most), then run.finished, all signed.
    const finished = await until('run.finished', () => received.find((r) => r.json.type === 'run.finished' && r.json.data.run.id === runId))
    expect(finished.json.tenant).toBe('acme-bakery')
    const added = received.filter((r) => r.json.type === 'record.added' && r.json.data.runId === runId).flatMap((r) => r.json.data.records)
    expect(added.filter((r: { model: string }) => r.model === 'Employee')).toHaveLength(upstream.length)
  })

  it('applies a provider webhook and tells the host application with a signed record.updated', async () => {
    const employeeId = [...sandbox.quickbooks.data.employees.keys()][3]
    sandbox.quickbooks.update('employees', employeeId, { GivenName: 'Renamed' })
    const delivered = await sandbox.quickbooks.deliverWebhook(`${server.url}/webhooks/quickbooks`, { format: 'cloudevents', verifierToken: sandbox.secrets.quickbooksVerifier })
    expect(delivered.status).toBe(202)

    const event = await until('record.updated', () => received.find((r) => r.json.type === 'record.updated' && r.json.data.records.some((x: { remoteId: string }) => x.remoteId === employeeId)))
    expect(verifyMaestroSignature(event.body, event.headers['maestro-signature'] as string, HOOK_SECRET, 300)).toBe(true)
    expect(verifyMaestroSignature(event.body, event.headers['maestro-signature'] as string, 'another-secret', 300)).toBe(false)
    expect(event.headers['maestro-event-id']).toBe(event.json.id)
    expect(event.json).toMatchObject({ tenant: 'acme-bakery', connectionId, data: { runId: null, records: [{ remoteId: employeeId, model: 'Employee', data: { firstName: 'Renamed' } }] } })

    const page = await api('GET', `/connections/${connectionId}/records/Employee?page_size=1000`)
    expect(page.body.items.find((r: { remoteId: string }) => r.remoteId === employeeId).data.firstName).toBe('Renamed')
    // The worker audits after applying the change, so the entry may trail the outbound event.
    const entry = await until('webhook.process audit entry', async () => (await api('GET', `/audit?action=webhook.process&tenant=acme-bakery`)).body.items[0])
    expect(entry).toMatchObject({ actor: 'provider:quickbooks', outcome: 'ok', target: connectionId })
  })

  it('refuses a tampered webhook and changes nothing', async () => {
    const employeeId = [...sandbox.quickbooks.data.employees.keys()][4]
    sandbox.quickbooks.update('employees', employeeId, { GivenName: 'Forged' })
    const before = received.length
    const res = await sandbox.quickbooks.deliverWebhook(`${server.url}/webhooks/quickbooks`, { format: 'legacy', verifierToken: sandbox.secrets.quickbooksVerifier, tamper: (b) => b.replace('"Update"', '"Create"') })
    expect(res.status).toBe(401)
    await new Promise((r) => setTimeout(r, 200))
    expect(received.length).toBe(before)
    const page = await api('GET', `/connections/${connectionId}/records/Employee?page_size=1000`)
    expect(page.body.items.find((r: { remoteId: string }) => r.remoteId === employeeId).data.firstName).not.toBe('Forged')
  })

  it('BambooHR with the printed sandbox key: sync, then a signed webhook (body+timestamp) refetches the employee', async () => {
    const { apiKey, companyDomain } = sandbox.bamboohr.credentials
    expect(printed.join('\n')).toContain(apiKey)
    const created = await api('POST', '/connections', { tenant: 'acme-bakery', connector: 'bamboohr', config: { companyDomain }, credentials: { apiKey } })
    expect(created.status).toBe(201)
    const id = created.body.id
    const sync = await api('POST', `/connections/${id}/sync`, { resources: ['employees'] })
    expect(sync.status).toBe(202)
    const run = await until('the BambooHR run', async () => {
      const r = await api('GET', `/runs/${sync.body.id}`)
      return r.body.status === 'running' ? undefined : r.body
    })
    expect(run.status).toBe('succeeded')

    const employeeId = [...sandbox.bamboohr.data.employees.keys()][2]
    sandbox.bamboohr.update('employees', employeeId, { firstName: 'Bea' })
    const body = JSON.stringify({ employees: [{ id: String(employeeId), changedFields: ['firstName'], fields: { firstName: 'Bea' } }] })
    const res = await fetch(`${server.url}/webhooks/bamboohr`, { method: 'POST', headers: { 'content-type': 'application/json', ...signBambooHRWebhook(body, sandbox.secrets.bamboohrWebhookKey) }, body })
    expect(res.status).toBe(202)
    const event = await until('record.updated from BambooHR', () => received.find((r) => r.json.type === 'record.updated' && r.json.connectionId === id))
    expect(verifyMaestroSignature(event.body, event.headers['maestro-signature'] as string, HOOK_SECRET)).toBe(true)
    expect(event.json.data.records[0]).toMatchObject({ remoteId: String(employeeId), data: { firstName: 'Bea' } })
  })

  it('printed nothing alarming and leaked no sandbox secret', () => {
    expect(printed.filter((l) => l.startsWith('error:'))).toEqual([])
    expect(printed.join('\n')).not.toContain(sandbox.secrets.quickbooksClientSecret)
    expect(printed.join('\n')).not.toContain(sandbox.secrets.quickbooksVerifier)
  })
})
