import { describe, expect, it } from 'vitest'
import type { AuthSpec } from '../../manifest/schema/index.ts'
import type { OutgoingRequest, RequestContext } from '../../http/types.ts'
import { AUTH_APPLIERS, createAuthApplier } from './index.ts'

const req = (): OutgoingRequest => ({ method: 'GET', url: new URL('https://api.example.com/v1/x?a=1'), headers: {}, secrets: [] })
const ctx: RequestContext = { config: {}, credentials: { apiKey: 'key-123', token: 'pat-456', email: 'me@example.com' }, app: {} }
const tokens = (token: string): RequestContext => ({ ...ctx, tokenProvider: { accessToken: async () => token } })
const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('auth appliers', () => {
  it.each<{ name: string; spec: AuthSpec; ctx?: RequestContext; headers?: Record<string, string>; query?: string; secrets: string[] }>([
    { name: 'api_key in a header', spec: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '{{ credentials.apiKey }}' }, headers: { 'x-api-key': 'key-123' }, secrets: ['key-123'] },
    { name: 'api_key with a scheme (GoodHire)', spec: { type: 'api_key', in: 'header', name: 'Authorization', value: 'ApiKey {{ credentials.apiKey }}' }, headers: { authorization: 'ApiKey key-123' }, secrets: ['ApiKey key-123'] },
    { name: 'api_key in the query', spec: { type: 'api_key', in: 'query', name: 'api_key', value: '{{ credentials.apiKey }}' }, query: '?a=1&api_key=key-123', secrets: ['key-123'] },
    { name: 'basic with x as password (BambooHR)', spec: { type: 'basic', username: '{{ credentials.apiKey }}', password: 'x' }, headers: { authorization: `Basic ${b64('key-123:x')}` }, secrets: ['key-123', b64('key-123:x'), 'x'] },
    { name: 'basic with an empty password (Checkr)', spec: { type: 'basic', username: '{{ credentials.apiKey }}', password: '' }, headers: { authorization: `Basic ${b64('key-123:')}` }, secrets: ['key-123', b64('key-123:')] },
    { name: 'basic with a templated password (Toggl api_token:api_token)', spec: { type: 'basic', username: '{{ credentials.token }}', password: '{{ credentials.token }}' }, headers: { authorization: `Basic ${b64('pat-456:pat-456')}` }, secrets: ['pat-456', b64('pat-456:pat-456'), 'pat-456'] },
    { name: 'bearer', spec: { type: 'bearer', token: '{{ credentials.token }}' }, headers: { authorization: 'Bearer pat-456' }, secrets: ['pat-456'] },
    { name: 'oauth2 default header', spec: { type: 'oauth2', authorizationUrl: 'https://a.test/auth', tokenUrl: 'https://a.test/token' }, ctx: tokens('at-1'), headers: { authorization: 'Bearer at-1' }, secrets: ['at-1'] },
    { name: 'oauth2 with apply header and prefix', spec: { type: 'oauth2', authorizationUrl: 'https://a.test/auth', tokenUrl: 'https://a.test/token', apply: { header: 'X-Access-Token', prefix: '' } }, ctx: tokens('at-2'), headers: { 'x-access-token': 'at-2' }, secrets: ['at-2'] },
    { name: 'client credentials', spec: { type: 'oauth2_client_credentials', tokenUrl: 'https://a.test/token' }, ctx: tokens('cc-3'), headers: { authorization: 'Bearer cc-3' }, secrets: ['cc-3'] },
  ])('$name', async ({ spec, ctx: c, headers, query, secrets }) => {
    const r = req()
    await createAuthApplier(spec)(r, c ?? ctx)
    if (headers) expect(r.headers).toEqual(headers)
    expect(r.url.search).toBe(query ?? '?a=1')
    expect(r.secrets).toEqual(secrets)
  })

  it('oauth2 records the token used, so exactly that one can be invalidated', async () => {
    const r = req()
    await createAuthApplier({ type: 'oauth2', authorizationUrl: 'https://a.test/auth', tokenUrl: 'https://a.test/token' })(r, tokens('at-9'))
    expect(r.accessToken).toBe('at-9')
  })

  it.each([
    { name: 'a missing credential', spec: { type: 'bearer', token: '{{ credentials.missing }}' } as AuthSpec, ctx, code: 'connection_needs_reauth' },
    { name: 'oauth2 without a token provider', spec: { type: 'oauth2', authorizationUrl: 'https://a.test/a', tokenUrl: 'https://a.test/t' } as AuthSpec, ctx, code: 'internal' },
    { name: 'an empty access token', spec: { type: 'oauth2', authorizationUrl: 'https://a.test/a', tokenUrl: 'https://a.test/t' } as AuthSpec, ctx: tokens(''), code: 'connection_needs_reauth' },
  ])('fails clearly on $name, without any secret in the message', async ({ spec, ctx: c, code }) => {
    const err = await Promise.resolve(createAuthApplier(spec)(req(), c)).catch((e) => e)
    expect(err).toMatchObject({ code })
    for (const v of Object.values(ctx.credentials)) expect(err.message).not.toContain(v)
  })

  it('registers every auth type of the manifest language', async () => {
    const { AUTH_TYPES } = await import('../../manifest/schema/index.ts')
    expect([...AUTH_APPLIERS.keys()].sort()).toEqual([...AUTH_TYPES].sort())
  })
})
