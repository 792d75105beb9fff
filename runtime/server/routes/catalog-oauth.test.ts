import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHarness, SECRETS, type Harness } from '../testing/harness.ts'

let h: Harness
beforeEach(async () => { h = await createHarness() })
afterEach(async () => { await h.close() })

describe('GET /connectors', () => {
  it('lists the catalog with form fields, resources and app state', async () => {
    const res = await h.call('GET', '/connectors', { token: await h.tokenFor('acme') })
    expect(res.body.items.map((x: any) => x.id)).toEqual(['keyco', 'oauthco'])
    const keyco = res.body.items[0]
    expect(keyco).toMatchObject({ name: 'Key Co', category: 'hris', auth: { type: 'api_key' }, webhooks: false, schedule: '0 */6 * * *', app: { required: false, configured: false } })
    expect(keyco.connection).toEqual([
      { name: 'accountId', type: 'string', title: 'Account ID', pattern: '^[0-9]+$', placeholder: '1234', secret: false, optional: false },
      { name: 'region', type: 'string', title: 'Region', enum: ['us', 'eu'], default: 'us', secret: false, optional: false },
      { name: 'seats', type: 'integer', title: 'Seats', secret: false, optional: true },
      { name: 'apiKey', type: 'string', title: 'API key', pattern: '^[a-z0-9-]{8,}$', secret: true, optional: false },
    ])
    expect(keyco.resources).toEqual([{ name: 'employees', model: 'Employee', incremental: true }, { name: 'timeEntries', model: 'TimeEntry', incremental: false }])
    expect(res.body.items[1]).toMatchObject({ auth: { type: 'oauth2' }, webhooks: true, app: { required: true, configured: true } })
  })

  it('reads one connector, or connector_not_found', async () => {
    expect((await h.call('GET', '/connectors/oauthco')).body.id).toBe('oauthco')
    const res = await h.call('GET', '/connectors/nope')
    expect([res.status, res.body.error.code]).toEqual([404, 'connector_not_found'])
  })
})

describe('OAuth', () => {
  const pending = async () => (await h.call('POST', '/connections', { body: { tenant: 'acme', connector: 'oauthco' } })).body

  it('starts consent and completes it on the callback with a "connected" page', async () => {
    const c = await pending()
    const start = await h.call('POST', `/connections/${c.id}/authorize`, { token: await h.tokenFor('acme') })
    expect(start.status).toBe(200)
    const state = new URL(start.body.url).searchParams.get('state')
    const done = await h.call('GET', `/oauth/callback?code=abc&state=${state}`, { token: null })
    expect(done.status).toBe(200)
    expect(done.headers.get('content-type')).toContain('text/html')
    expect(done.text).toContain('OAuth Co is connected')
    expect((await h.call('GET', `/connections/${c.id}`)).body).toMatchObject({ status: 'active', credentialsSet: true })
    const actions = (await h.store.listAudit({ target: c.id })).items.map((e) => `${e.action}:${e.outcome}:${e.actor}`)
    expect(actions).toContain('oauth.authorize:ok:tenant:acme')
  })

  it('redirects to returnTo with the connection and its status', async () => {
    const c = await pending()
    const start = await h.call('POST', `/connections/${c.id}/authorize`, { body: { returnTo: 'https://host.example/settings?tab=1' } })
    const state = new URL(start.body.url).searchParams.get('state')
    const done = await h.call('GET', `/oauth/callback?code=abc&state=${state}`, { token: null })
    expect(done.status).toBe(302)
    const location = new URL(done.headers.get('location')!)
    expect([location.origin + location.pathname, location.searchParams.get('tab'), location.searchParams.get('connection'), location.searchParams.get('status')])
      .toEqual(['https://host.example/settings', '1', c.id, 'active'])
  })

  it.each([
    { name: 'JSON for an API client', accept: 'application/json', type: 'application/json' },
    { name: 'an HTML page for a browser', accept: 'text/html,application/xhtml+xml', type: 'text/html' },
  ])('answers a bad state with $name, audited, nothing connected', async ({ accept, type }) => {
    const c = await pending()
    const res = await h.call('GET', '/oauth/callback?code=abc&state=forged', { token: null, headers: { accept } })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain(type)
    if (type === 'application/json') expect(res.body.error.code).toBe('oauth_state_invalid')
    else expect(res.text).toContain('Connection failed')
    expect((await h.store.getConnection(c.id))!.status).toBe('pending')
    expect((await h.store.listAudit({ action: 'oauth.callback' })).items[0]).toMatchObject({ outcome: 'error', details: { code: 'oauth_state_invalid' } })
  })

  it.each([
    { name: 'an API-key connector', setup: async () => (await h.connect('acme')).id, code: 'invalid_request', status: 400 },
    { name: 'an unknown connection', setup: async () => 'con_nope', code: 'connection_not_found', status: 404 },
    { name: 'a non-http returnTo', setup: async () => (await pending()).id, body: { returnTo: 'javascript:alert(1)' }, code: 'invalid_request', status: 400 },
  ])('refuses to authorize $name', async ({ setup, body, code, status }) => {
    const id = await setup()
    const res = await h.call('POST', `/connections/${id}/authorize`, body ? { body } : {})
    expect([res.status, res.body.error.code]).toEqual([status, code])
  })

  it('answers app_not_configured when the deployment has no app for the connector', async () => {
    await h.close()
    h = await createHarness({ apps: { describe: () => ({}) } })
    const c = await pending()
    const res = await h.call('POST', `/connections/${c.id}/authorize`)
    expect([res.status, res.body.error.code]).toEqual([409, 'app_not_configured'])
  })

  it('answers not_found on the callback when OAuth is not wired', async () => {
    await h.close()
    h = await createHarness({ oauth: undefined })
    const res = await h.call('GET', '/oauth/callback?state=x', { token: null })
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found'])
  })

  it('never returns the OAuth tokens it stored', async () => {
    const c = await pending()
    const start = await h.call('POST', `/connections/${c.id}/authorize`)
    await h.call('GET', `/oauth/callback?code=abc&${new URL(start.body.url).search.slice(1)}`, { token: null })
    const res = await h.call('GET', `/connections/${c.id}`)
    expect(res.text).not.toContain(SECRETS.oauthToken)
    expect(res.body).not.toHaveProperty('credentials')
  })
})
