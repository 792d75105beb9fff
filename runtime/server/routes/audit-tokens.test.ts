import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.ts'

let h: Harness
beforeEach(async () => { h = await createHarness() })
afterEach(async () => { await h.close() })

describe('tenant tokens over the API', () => {
  it('mints a token that works for its tenant, then revokes it', async () => {
    const minted = await h.call('POST', '/tenants/acme/tokens', { body: { ttlSeconds: 600 } })
    expect(minted.status).toBe(201)
    expect(minted.body).toMatchObject({ tenant: 'acme', expiresAt: '2025-03-01T12:10:00.000Z' })
    expect((await h.call('GET', '/connections', { token: minted.body.token })).status).toBe(200)
    expect((await h.call('DELETE', `/tenants/acme/tokens/${minted.body.id}`)).status).toBe(204)
    const refused = await h.call('GET', '/connections', { token: minted.body.token })
    expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthorized'])
    const audit = (await h.store.listAudit({ tenant: 'acme' })).items.map((e) => e.action)
    expect(audit).toEqual(['token.revoke', 'token.mint'])
    expect(JSON.stringify(await h.store.listAudit({}))).not.toContain(minted.body.token)
  })

  it('expires tokens', async () => {
    const minted = await h.call('POST', '/tenants/acme/tokens', { body: {} })
    h.advance(3_600_000)
    expect((await h.call('GET', '/connections', { token: minted.body.token })).body.error.message).toContain('expired')
  })

  it.each([
    { name: 'a ttl below a minute', path: '/tenants/acme/tokens', body: { ttlSeconds: 5 }, detail: '/ttlSeconds' },
    { name: 'a ttl above a day', path: '/tenants/acme/tokens', body: { ttlSeconds: 90_000 }, detail: '/ttlSeconds' },
    { name: 'a bad tenant id', path: '/tenants/a%20b/tokens', body: {}, detail: '/tenant' },
  ])('refuses $name', async ({ path, body, detail }) => {
    const res = await h.call('POST', path, { body })
    expect(res.status).toBe(400)
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: detail })])
  })

  it('refuses a malformed token id on revoke', async () => {
    const res = await h.call('DELETE', '/tenants/acme/tokens/not-an-id')
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request'])
  })

  it.each([
    { name: 'mint for itself', method: 'POST', path: '/tenants/acme/tokens' },
    { name: 'mint for another tenant', method: 'POST', path: '/tenants/other/tokens' },
    { name: 'revoke', method: 'DELETE', path: '/tenants/acme/tokens/tok_0123' },
    { name: 'read metrics', method: 'GET', path: '/metrics' },
  ])('does not let a tenant token $name', async ({ method, path }) => {
    const res = await h.call(method, path, { token: await h.tokenFor('acme'), ...(method === 'POST' ? { body: {} } : {}) })
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden'])
    expect((await h.store.listAudit({ action: 'access.denied' })).items[0]).toMatchObject({ actor: 'tenant:acme', outcome: 'denied' })
  })
})

describe('GET /audit', () => {
  it('lists entries newest first with filters and cursor paging', async () => {
    const a = await h.connect('acme')
    await h.call('POST', `/connections/${a.id}/pause`)
    await h.call('POST', `/connections/${a.id}/resume`)
    await h.connect('bakery')
    const acme = await h.call('GET', '/audit?tenant=acme')
    expect(acme.body.items.map((e: any) => e.action)).toEqual(['connection.resume', 'connection.pause', 'connection.create'])
    expect((await h.call('GET', '/audit?action=connection.create')).body.items).toHaveLength(2)
    expect((await h.call('GET', `/audit?target=${a.id}&action=connection.pause`)).body.items).toHaveLength(1)
    const first = await h.call('GET', '/audit?limit=2')
    const second = await h.call('GET', `/audit?limit=2&cursor=${first.body.next}`)
    expect([...first.body.items, ...second.body.items].map((e: any) => e.id)).toHaveLength(4)
    expect(second.body.next).toBeUndefined()
  })

  it('gives a tenant token its own entries only', async () => {
    await h.connect('acme')
    await h.connect('bakery')
    const res = await h.call('GET', '/audit', { token: await h.tokenFor('acme') })
    expect(res.body.items.map((e: any) => e.tenant)).toEqual(['acme'])
  })
})

describe('GET /metrics', () => {
  it('exposes counters fed by the bus and connection gauges', async () => {
    const c = await h.connect('acme')
    await h.call('POST', `/connections/${c.id}/sync`)
    await h.engine.finish(c.id, 'partial')
    h.bus.emit({ type: 'request.rate_limited', waitMs: 1500 })
    h.bus.emit({ type: 'webhook.rejected', connector: 'keyco', code: 'signature_invalid', reason: 'bad' })
    const res = await h.call('GET', '/metrics')
    expect(res.headers.get('content-type')).toContain('text/plain')
    for (const line of [
      'maestro_runs_started_total{connector="keyco"} 1',
      'maestro_runs_finished_total{connector="keyco",status="partial"} 1',
      'maestro_rate_limit_waits_total 1',
      'maestro_rate_limit_wait_seconds_total 1.5',
      'maestro_webhooks_total{connector="keyco",outcome="rejected"} 1',
      'maestro_errors_total{code="signature_invalid",source="webhook"} 1',
      'maestro_connections{status="active"} 1',
      'maestro_request_retries_total 0',
    ]) expect(res.text).toContain(line)
  })
})
