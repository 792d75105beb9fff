import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHarness, SECRETS, type Harness } from '../testing/harness.ts'

let h: Harness
beforeEach(async () => { h = await createHarness() })
afterEach(async () => { await h.close() })

const create = (body: Record<string, unknown>, token?: string) => h.call('POST', '/connections', { body, ...(token ? { token } : {}) })
const keyco = (extra: Record<string, unknown> = {}) => ({ tenant: 'acme', connector: 'keyco', config: { accountId: '42' }, credentials: { apiKey: SECRETS.apiKey }, ...extra })

describe('POST /connections', () => {
  it('creates an API-key connection: active, secrets sealed, defaults applied, audited and announced', async () => {
    const events: string[] = []
    h.bus.on('connection.created', (e) => { events.push(e.connectionId!) })
    const res = await create(keyco({ name: 'Main account', config: { accountId: '42', seats: '7' } }))
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      tenant: 'acme', connector: 'keyco', name: 'Main account', status: 'active', credentialsSet: true,
      config: { accountId: '42', region: 'us', seats: 7 }, schedule: null, lastRun: null, lastError: null, recordCounts: {},
    })
    const stored = (await h.store.getConnection(res.body.id))!
    expect(h.vault.unseal(stored.credentials!)).toEqual({ apiKey: SECRETS.apiKey })
    expect(JSON.stringify(stored)).not.toContain(SECRETS.apiKey)
    expect(events).toEqual([res.body.id])
    const audit = await h.store.listAudit({ action: 'connection.create' })
    expect(audit.items[0]).toMatchObject({ actor: 'operator', tenant: 'acme', target: res.body.id, outcome: 'ok' })
    expect(JSON.stringify(audit)).not.toContain(SECRETS.apiKey)
  })

  it('creates an OAuth connection as pending, without credentials, announced as updated (created means usable)', async () => {
    const events: string[] = []
    h.bus.on('*', (e) => { if (e.type.startsWith('connection.')) events.push(e.type) })
    const res = await create({ tenant: 'acme', connector: 'oauthco' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'pending', credentialsSet: false })
    expect(events).toEqual(['connection.updated'])
  })

  it('puts an operator connection without a tenant under "default", and a tenant token\'s under its own', async () => {
    expect((await create({ connector: 'oauthco' })).body.tenant).toBe('default')
    const token = await h.tokenFor('bakery')
    expect((await create({ connector: 'oauthco' }, token)).body.tenant).toBe('bakery')
  })

  it.each([
    { name: 'missing connector', body: { tenant: 'acme' }, path: '/connector' },
    { name: 'unknown top-level field', body: { ...keyco(), extra: 1 }, path: '/extra' },
    { name: 'pattern mismatch', body: keyco({ config: { accountId: 'abc' } }), path: '/config/accountId' },
    { name: 'missing required config', body: keyco({ config: {} }), path: '/config/accountId' },
    { name: 'missing required secret', body: keyco({ credentials: {} }), path: '/credentials/apiKey' },
    { name: 'enum mismatch', body: keyco({ config: { accountId: '42', region: 'mars' } }), path: '/config/region' },
    { name: 'wrong type', body: keyco({ config: { accountId: '42', seats: 'many' } }), path: '/config/seats' },
    { name: 'unknown config field', body: keyco({ config: { accountId: '42', acountId: '1' } }), path: '/config/acountId' },
    { name: 'secret sent in config', body: keyco({ config: { accountId: '42', apiKey: SECRETS.apiKey } }), path: '/config/apiKey' },
    { name: 'secret failing its pattern', body: keyco({ credentials: { apiKey: 'NO' } }), path: '/credentials/apiKey' },
    { name: 'bad tenant id', body: keyco({ tenant: 'has space' }), path: '/tenant' },
    { name: 'bad cron schedule', body: keyco({ schedule: 'every day' }), path: '/schedule' },
  ])('refuses $name with invalid_request at $path', async ({ body, path }) => {
    const res = await create(body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_request')
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]))
    expect(await h.store.listConnections()).toEqual([])
  })

  it('answers connector_not_found for an unknown connector', async () => {
    const res = await create({ connector: 'nope' })
    expect([res.status, res.body.error.code]).toEqual([404, 'connector_not_found'])
  })

  it('refuses a tenant token creating for another tenant', async () => {
    const res = await create(keyco({ tenant: 'other' }), await h.tokenFor('acme'))
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden'])
  })
})

describe('GET /connections', () => {
  it('filters by tenant, connector and status; a tenant token sees only its own', async () => {
    const a = await h.connect('acme')
    await h.connect('bakery')
    await create({ tenant: 'acme', connector: 'oauthco' })
    const all = await h.call('GET', '/connections')
    expect(all.body.items).toHaveLength(3)
    expect((await h.call('GET', '/connections?tenant=acme&connector=keyco')).body.items.map((x: any) => x.id)).toEqual([a.id])
    expect((await h.call('GET', '/connections?status=pending')).body.items).toHaveLength(1)
    const mine = await h.call('GET', '/connections', { token: await h.tokenFor('acme') })
    expect(mine.body.items.map((x: any) => x.tenant)).toEqual(['acme', 'acme'])
  })

  it('refuses an unknown status filter', async () => {
    const res = await h.call('GET', '/connections?status=sleeping')
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: '/status' })])
  })
})

describe('GET/PATCH /connections/:id', () => {
  it('reads one connection with record counts and last run', async () => {
    const c = await h.connect('acme')
    await h.call('POST', `/connections/${c.id}/sync`)
    const run = await h.engine.finish(c.id)
    const res = await h.call('GET', `/connections/${c.id}`)
    expect(res.body.lastRun).toMatchObject({ id: run.id, status: 'succeeded' })
  })

  it.each([
    { name: 'GET', method: 'GET' }, { name: 'PATCH', method: 'PATCH' }, { name: 'DELETE', method: 'DELETE' },
  ])('$name answers connection_not_found for an unknown id', async ({ method }) => {
    const res = await h.call(method, '/connections/con_missing', method === 'PATCH' ? { body: { name: 'x' } } : {})
    expect([res.status, res.body.error.code]).toEqual([404, 'connection_not_found'])
  })

  it('updates name, schedule and config, keeps other values, replaces a secret, and audits field names only', async () => {
    const c = await h.connect('acme')
    const res = await h.call('PATCH', `/connections/${c.id}`, { body: { name: 'Renamed', schedule: '*/30 * * * *', config: { region: 'eu', seats: '' }, credentials: { apiKey: SECRETS.apiKey2 } } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'Renamed', schedule: '*/30 * * * *', config: { accountId: '42', region: 'eu' } })
    expect(res.body.config).not.toHaveProperty('seats')
    const stored = (await h.store.getConnection(c.id))!
    expect(h.vault.unseal(stored.credentials!)).toEqual({ apiKey: SECRETS.apiKey2 })
    const [entry] = (await h.store.listAudit({ action: 'connection.update' })).items
    expect(entry.details).toEqual({ fields: ['region', 'seats', 'apiKey', 'name', 'schedule'] })
  })

  it('reactivates an API-key connection whose key was refused when a new key arrives', async () => {
    const c = await h.connect('acme')
    await h.store.updateConnection(c.id, (x) => ({ ...x, status: 'needs_reauth' }))
    const res = await h.call('PATCH', `/connections/${c.id}`, { body: { credentials: { apiKey: SECRETS.apiKey2 } } })
    expect(res.body.status).toBe('active')
  })

  it.each([
    { name: 'an empty patch', body: {}, path: '/' },
    { name: 'clearing a required field', body: { config: { accountId: '' } }, path: '/config/accountId' },
    { name: 'a bad pattern', body: { config: { accountId: 'x' } }, path: '/config/accountId' },
    { name: 'a status change', body: { status: 'active' }, path: '/status' },
  ])('refuses $name', async ({ body, path }) => {
    const c = await h.connect('acme')
    const res = await h.call('PATCH', `/connections/${c.id}`, { body })
    expect(res.status).toBe(400)
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]))
  })
})

describe('pause, resume, delete', () => {
  it('pauses and resumes, each audited and announced', async () => {
    const c = await h.connect('acme')
    const seen: string[] = []
    h.bus.on('connection.updated', (e) => { seen.push(e.connection.status) })
    expect((await h.call('POST', `/connections/${c.id}/pause`)).body.status).toBe('paused')
    expect((await h.call('POST', `/connections/${c.id}/pause`)).body.status).toBe('paused')
    expect((await h.call('POST', `/connections/${c.id}/resume`)).body.status).toBe('active')
    expect(seen).toEqual(['paused', 'paused', 'active'])
    const actions = (await h.store.listAudit({ target: c.id })).items.map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['connection.pause', 'connection.resume']))
  })

  it('resumes an OAuth connection without tokens as pending', async () => {
    const c = (await create({ tenant: 'acme', connector: 'oauthco' })).body
    await h.call('POST', `/connections/${c.id}/pause`)
    expect((await h.call('POST', `/connections/${c.id}/resume`)).body.status).toBe('pending')
  })

  it('deletes after revoking the grant, and announces it', async () => {
    const c = await h.connect('acme')
    const deleted: string[] = []
    h.bus.on('connection.deleted', (e) => { deleted.push(e.connectionId!) })
    const res = await h.call('DELETE', `/connections/${c.id}`)
    expect(res.status).toBe(204)
    expect(h.revoked).toEqual([c.id])
    expect(deleted).toEqual([c.id])
    expect(await h.store.getConnection(c.id)).toBeUndefined()
  })

  it('deletes even when revocation fails', async () => {
    await h.close()
    h = await createHarness({ revoke: async () => { throw new Error('provider down') } })
    const c = await h.connect('acme')
    expect((await h.call('DELETE', `/connections/${c.id}`)).status).toBe(204)
    expect(await h.store.getConnection(c.id)).toBeUndefined()
  })

  it('refuses to delete while a sync runs', async () => {
    const c = await h.connect('acme')
    await h.call('POST', `/connections/${c.id}/sync`)
    const res = await h.call('DELETE', `/connections/${c.id}`)
    expect([res.status, res.body.error.code]).toEqual([409, 'sync_in_progress'])
  })
})

describe('nextRunAt: when the next scheduled sync starts', () => {
  const HOUR = 3600_000
  const at = (iso: string) => new Date(iso)

  it.each([
    { name: 'the connector\'s default schedule', extra: {}, fits: (d: Date) => d.getUTCMinutes() === 0 && d.getUTCHours() % 6 === 0, withinMs: 6 * HOUR },
    { name: 'its own schedule', extra: { schedule: '30 2 * * *' }, fits: (d: Date) => d.getUTCHours() === 2 && d.getUTCMinutes() === 30, withinMs: 24 * HOUR },
  ])('follows $name', async ({ extra, fits, withinMs }) => {
    const res = await create(keyco(extra))
    const next = at(res.body.nextRunAt)
    expect(fits(next)).toBe(true)
    expect(next.getTime()).toBeGreaterThan(Date.now())
    expect(next.getTime()).toBeLessThanOrEqual(Date.now() + withinMs)
    expect((await h.call('GET', `/connections/${res.body.id}`)).body.nextRunAt).toBe(res.body.nextRunAt)
  })

  it.each([
    { name: 'its schedule is turned off', body: keyco({ schedule: null }) },
    { name: 'its connector has no default schedule', body: { tenant: 'acme', connector: 'oauthco' } },
  ])('is null when $name', async ({ body }) => {
    const res = await create(body)
    expect(res.body.nextRunAt).toBeNull()
  })

  it('is null while paused, returns on resume, and moves with a new schedule', async () => {
    const c = await h.connect('acme')
    expect(c.nextRunAt).toEqual(expect.any(String))
    expect((await h.call('POST', `/connections/${c.id}/pause`)).body.nextRunAt).toBeNull()
    expect((await h.call('GET', '/connections')).body.items[0].nextRunAt).toBeNull()
    expect((await h.call('POST', `/connections/${c.id}/resume`)).body.nextRunAt).toBe(c.nextRunAt)
    const moved = await h.call('PATCH', `/connections/${c.id}`, { body: { schedule: '15 3 * * *' } })
    expect([at(moved.body.nextRunAt).getUTCHours(), at(moved.body.nextRunAt).getUTCMinutes()]).toEqual([3, 15])
  })
})
