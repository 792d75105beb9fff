/**
 * Error codes the OpenAPI document promises that the per-area tests do not reach: a connection whose
 * connector is no longer loaded, ids that do not exist, the body limit on every route that takes a body,
 * the OAuth callback passing on each refusal of the auth module, and /deliveries without outbound events.
 * Every answer also goes through the harness's documentation check (status, code, body schema).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ERRORS, MaestroError, type ErrorCode } from '../errors.ts'
import { apiOperations } from './api-schemas.ts'
import { createHarness, type Harness } from './testing/harness.ts'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

/** A connection of a connector this server no longer loads (removed from connectors/ since). */
async function orphan(harness: Harness): Promise<string> {
  const at = '2025-03-01T12:00:00.000Z'
  await harness.store.createConnection({ id: 'con_orphan', tenant: 'acme', connector: 'retired', status: 'active', config: {}, credentials: null, createdAt: at, updatedAt: at })
  return 'con_orphan'
}

describe('routes answer every documented code', () => {
  it.each([
    { name: 'PATCH of a connection whose connector is gone', method: 'PATCH', path: (id: string) => `/connections/${id}`, body: { name: 'x' }, code: 'connector_not_found' },
    { name: 'authorize of a connection whose connector is gone', method: 'POST', path: (id: string) => `/connections/${id}/authorize`, body: {}, code: 'connector_not_found' },
    { name: 'sync of a connection whose connector is gone', method: 'POST', path: (id: string) => `/connections/${id}/sync`, body: {}, code: 'connector_not_found' },
    { name: 'pause of an unknown connection', method: 'POST', path: () => '/connections/con_missing/pause', code: 'connection_not_found' },
    { name: 'resume of an unknown connection', method: 'POST', path: () => '/connections/con_missing/resume', code: 'connection_not_found' },
    { name: 'an audit page size of 0', method: 'GET', path: () => '/audit?limit=0', code: 'invalid_request' },
  ])('$name → $code', async ({ method, path, body, code }) => {
    h = await createHarness()
    const id = await orphan(h)
    const res = await h.call(method, path(id), body ? { body } : {})
    expect([res.status, res.body.error.code]).toEqual([ERRORS[code as ErrorCode].status, code])
  })

  const withBody = apiOperations().filter((op) => op.body)
  it.each(withBody.map((op) => ({ name: `${op.method.toUpperCase()} ${op.path}`, op })))('$name refuses a body over the limit with payload_too_large', async ({ op }) => {
    h = await createHarness({ bodyLimit: 256 })
    const path = op.path.replace(':tenant', 'acme').replace(':connector', 'keyco').replace(/:\w+/g, 'x1')
    const res = await h.call(op.method.toUpperCase(), path, { body: { name: 'x'.repeat(1024) } })
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large'])
  })
})

describe('GET /oauth/callback passes on the auth module\'s refusal', () => {
  it.each([
    { code: 'oauth_failed' }, { code: 'invalid_request' }, { code: 'connector_not_found' }, { code: 'connection_not_found' }, { code: 'app_not_configured' },
  ] as Array<{ code: ErrorCode }>)('$code, as JSON and as an HTML page, audited', async ({ code }) => {
    h = await createHarness()
    h.oauth.completeAuthorization = async () => { throw new MaestroError(code, `Refused: ${code}.`) }
    const json = await h.call('GET', '/oauth/callback?state=s&code=c', { token: null })
    expect([json.status, json.body.error.code]).toEqual([ERRORS[code].status, code])
    const html = await h.call('GET', '/oauth/callback?state=s&code=c', { token: null, headers: { accept: 'text/html' } })
    expect([html.status, html.headers.get('content-type')]).toEqual([ERRORS[code].status, expect.stringContaining('text/html')])
    expect(html.text).toContain(`Refused: ${code}.`)
    const audit = (await h.store.listAudit({ action: 'oauth.callback' })).items
    expect(audit.map((e) => [e.outcome, e.details])).toEqual([['error', { code }], ['error', { code }]])
  })

  it('answers not_found when this server has no OAuth flow', async () => {
    h = await createHarness({ oauth: undefined })
    const res = await h.call('GET', '/oauth/callback?state=s', { token: null })
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found'])
  })
})

describe('/deliveries edge cases', () => {
  it('answers not_found when outbound events are off, with the hint to turn them on', async () => {
    h = await createHarness({ outbound: undefined })
    const res = await h.call('GET', '/deliveries')
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found'])
    expect(res.body.error.hint).toContain('MAESTRO_WEBHOOK_URL')
  })

  it('reads a delivered delivery, and refuses to replay it once its body is dropped', async () => {
    h = await createHarness()
    await h.connect('acme')
    await h.outbound!.drain()
    const [delivered] = h.outbound!.list({ status: 'delivered' }).items
    expect(h.sent.map((e) => e.type)).toContain(delivered.type)
    const read = await h.call('GET', `/deliveries/${delivered.id}`)
    expect(read.body).toMatchObject({ id: delivered.id, status: 'delivered', tenant: 'acme', bytes: 0 })
    const replay = await h.call('POST', `/deliveries/${delivered.id}/replay`)
    expect([replay.status, replay.body.error.code]).toEqual([400, 'invalid_request'])
  })
})
