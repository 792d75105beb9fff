import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MaestroError } from '../../errors.ts'
import { createHarness, type Harness } from '../testing/harness.ts'

let h: Harness
beforeEach(async () => { h = await createHarness() })
afterEach(async () => { await h.close() })

describe('POST /connections/:id/sync', () => {
  it('starts a run and answers 202 with it, audited', async () => {
    const c = await h.connect('acme')
    const res = await h.call('POST', `/connections/${c.id}/sync`, { body: { resources: ['employees'], full: true } })
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ connectionId: c.id, tenant: 'acme', status: 'running', trigger: 'api' })
    expect(h.engine.started).toEqual([{ connectionId: c.id, options: { trigger: 'api', resources: ['employees'], full: true } }])
    const [entry] = (await h.store.listAudit({ action: 'sync.trigger' })).items
    expect(entry).toMatchObject({ outcome: 'ok', target: c.id, details: { runId: res.body.id, resources: ['employees'], full: true } })
  })

  it('shows the run as started when the engine has not written it yet', async () => {
    const c = await h.connect('acme')
    h.deps.engine.start = async () => ({ runId: 'run_later', done: Promise.resolve() })
    const res = await h.call('POST', `/connections/${c.id}/sync`)
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ id: 'run_later', status: 'running', resources: { employees: { status: 'pending' }, timeEntries: { status: 'pending' } } })
  })

  it.each([
    { name: 'paused', status: 'paused', code: 'connection_paused', http: 409 },
    { name: 'waiting for consent', status: 'pending', code: 'connection_needs_reauth', http: 409 },
    { name: 'needing reauth', status: 'needs_reauth', code: 'connection_needs_reauth', http: 409 },
  ] as const)('refuses a connection $name', async ({ status, code, http }) => {
    const c = await h.connect('acme')
    await h.store.updateConnection(c.id, (x) => ({ ...x, status }))
    const res = await h.call('POST', `/connections/${c.id}/sync`)
    expect([res.status, res.body.error.code]).toEqual([http, code])
    expect(h.engine.started).toEqual([])
  })

  it('refuses a second run while one is running', async () => {
    const c = await h.connect('acme')
    await h.call('POST', `/connections/${c.id}/sync`)
    const res = await h.call('POST', `/connections/${c.id}/sync`)
    expect([res.status, res.body.error.code]).toEqual([409, 'sync_in_progress'])
  })

  it('passes on the engine\'s refusal and audits it', async () => {
    const c = await h.connect('acme')
    h.engine.failNext = new MaestroError('sync_in_progress', 'raced')
    const res = await h.call('POST', `/connections/${c.id}/sync`)
    expect(res.body.error.code).toBe('sync_in_progress')
    expect((await h.store.listAudit({ action: 'sync.trigger' })).items[0]).toMatchObject({ outcome: 'error', details: { code: 'sync_in_progress' } })
  })

  it.each([
    { name: 'an unknown resource', body: { resources: ['payslips'] }, path: '/resources/0' },
    { name: 'an empty resource list', body: { resources: [] }, path: '/resources' },
    { name: 'a non-boolean full', body: { full: 'yes' }, path: '/full' },
  ])('refuses $name', async ({ body, path }) => {
    const c = await h.connect('acme')
    const res = await h.call('POST', `/connections/${c.id}/sync`, { body })
    expect(res.status).toBe(400)
    expect(res.body.error.details).toEqual([expect.objectContaining({ path })])
  })

  it('answers connection_not_found for an unknown connection', async () => {
    const res = await h.call('POST', '/connections/con_nope/sync')
    expect(res.body.error.code).toBe('connection_not_found')
  })
})

describe('GET /runs', () => {
  async function runs(n: number, tenant = 'acme') {
    const c = await h.connect(tenant)
    for (let i = 0; i < n; i++) {
      await h.call('POST', `/connections/${c.id}/sync`)
      await h.engine.finish(c.id, i % 2 === 0 ? 'succeeded' : 'failed')
    }
    return c
  }

  it('lists runs newest first with cursor paging and filters', async () => {
    const c = await runs(5)
    await runs(1, 'bakery')
    const ids: string[] = []
    let cursor: string | undefined
    do {
      const res = await h.call('GET', `/runs?connection=${c.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ids.push(...res.body.items.map((r: any) => r.id))
      cursor = res.body.next
    } while (cursor)
    expect(new Set(ids).size).toBe(5)
    expect((await h.call('GET', '/runs?status=failed')).body.items).toHaveLength(2)
    expect((await h.call('GET', '/runs?tenant=bakery')).body.items).toHaveLength(1)
    expect((await h.call('GET', '/runs', { token: await h.tokenFor('bakery') })).body.items).toHaveLength(1)
  })

  it('reads one run with its per-resource counts', async () => {
    const c = await h.connect('acme')
    const started = await h.call('POST', `/connections/${c.id}/sync`)
    await h.engine.finish(c.id)
    const res = await h.call('GET', `/runs/${started.body.id}`)
    expect(res.body).toMatchObject({ id: started.body.id, status: 'succeeded', counts: { fetched: 0 } })
  })

  it.each([
    { name: 'a limit above 200', query: 'limit=500', code: 'invalid_request' },
    { name: 'a limit that is not a number', query: 'limit=ten', code: 'invalid_request' },
    { name: 'a forged cursor', query: 'cursor=abc', code: 'invalid_request' },
    { name: 'an unknown status', query: 'status=done', code: 'invalid_request' },
  ])('refuses $name', async ({ query, code }) => {
    const res = await h.call('GET', `/runs?${query}`)
    expect([res.status, res.body.error.code]).toEqual([400, code])
  })

  it('answers run_not_found for an unknown run', async () => {
    const res = await h.call('GET', '/runs/run_nope')
    expect([res.status, res.body.error.code]).toEqual([404, 'run_not_found'])
  })
})
