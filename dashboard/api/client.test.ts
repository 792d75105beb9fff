import { describe, expect, it } from 'vitest'
import { ApiError, MaestroClient, scopeOfToken } from './client.ts'

type Call = { url: string; init: RequestInit }

/** A fetch answering from a list, recording what was asked. */
function fakeFetch(answers: Array<() => Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = []
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    const next = answers.shift()
    if (!next) throw new Error('no more answers')
    return next()
  }) as unknown as typeof globalThis.fetch
  return { fetch, calls }
}

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('MaestroClient', () => {
  it('builds URLs from the API base, drops empty query values and encodes path parts', async () => {
    const { fetch, calls } = fakeFetch([json(200, { items: [] })])
    const client = new MaestroClient({ apiBase: 'http://maestro.test/', token: 'tok', fetch })
    await client.listRecords('con/1', 'Employee', { pageSize: 25, cursor: 'c 1', includeRemoteData: false })
    expect(calls[0].url).toBe('http://maestro.test/connections/con%2F1/records/Employee?cursor=c+1&page_size=25')
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer tok')
  })

  it('sends JSON bodies and returns nothing for 204', async () => {
    const { fetch, calls } = fakeFetch([() => new Response(null, { status: 204 })])
    await expect(new MaestroClient({ token: 't', fetch }).deleteConnection('con_1')).resolves.toBeUndefined()
    expect(calls[0]).toMatchObject({ url: '/connections/con_1', init: { method: 'DELETE' } })
  })

  it('turns the error body into an ApiError with field problems by path', async () => {
    const { fetch } = fakeFetch([json(400, { error: { code: 'invalid_request', message: 'bad', hint: 'see details', details: [{ path: '/config/accountId', message: 'must match pattern' }, { nope: 1 }] } })])
    const err = await new MaestroClient({ token: 't', fetch }).createConnection({ connector: 'harvest' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', message: 'bad', hint: 'see details' })
    expect((err as ApiError).fieldErrors).toEqual({ '/config/accountId': 'must match pattern' })
  })

  it.each([
    { name: 'a body that is not the error shape', answer: () => new Response('<html>proxy</html>', { status: 502 }), code: 'http_error', status: 502 },
    { name: 'no network', answer: () => { throw new TypeError('Failed to fetch') }, code: 'network', status: 0 },
  ])('reports $name as an ApiError', async ({ answer, code, status }) => {
    const { fetch } = fakeFetch([answer])
    await expect(new MaestroClient({ token: 't', fetch }).listConnectors()).rejects.toMatchObject({ code, status })
  })

  it('asks for a fresh token once when the token is refused, then retries with it', async () => {
    const { fetch, calls } = fakeFetch([json(401, { error: { code: 'unauthorized', message: 'expired' } }), json(200, { items: [{ id: 'harvest' }] })])
    let asked = 0
    const client = new MaestroClient({ token: 'old', fetch, refreshToken: async () => { asked++; return 'new' } })
    expect(await client.listConnectors()).toEqual([{ id: 'harvest' }])
    expect(asked).toBe(1)
    expect((calls[1].init.headers as Record<string, string>).authorization).toBe('Bearer new')
    expect(client.token).toBe('new')
  })

  it('gives up when no fresh token comes', async () => {
    const { fetch } = fakeFetch([json(401, { error: { code: 'unauthorized', message: 'expired' } })])
    const client = new MaestroClient({ token: 'old', fetch, refreshToken: async () => undefined })
    await expect(client.listConnectors()).rejects.toMatchObject({ code: 'unauthorized' })
  })

  it('streams live events over one shared request with the token in the header, and reconnects', async () => {
    let opened = 0
    const fetch = (async (url: string, init: RequestInit) => {
      opened++
      expect(url).toBe('/events')
      expect((init.headers as Record<string, string>).authorization).toBe('Bearer t')
      const text = opened === 1 ? 'event: ready\ndata: {"tenant":"acme"}\n\nevent: connection.deleted\ndata: {"connectionId":"con_1"}\n\n' : 'event: ready\ndata: {"tenant":"acme"}\n\n'
      return new Response(text, { headers: { 'content-type': 'text/event-stream' } })
    }) as unknown as typeof globalThis.fetch
    const client = new MaestroClient({ token: 't', fetch })
    const seen: string[] = []
    const done = new Promise<void>((resolve) => {
      client.subscribe((e) => { seen.push(e.type); if (seen.length === 4) resolve() })
    })
    await done
    client.close()
    expect(seen).toEqual(['ready', 'connection.deleted', 'stream.lost', 'ready'])
    expect(opened).toBe(2)
  })
})

describe('scopeOfToken', () => {
  const tenantToken = (claims: object) => `mtt_${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`
  it.each([
    { name: 'a tenant token', token: tenantToken({ i: 'tok_1', t: 'acme-bakery', e: 1 }), scope: { kind: 'tenant', tenant: 'acme-bakery' } },
    { name: 'the operator token', token: 'mto_abcdef', scope: { kind: 'operator' } },
    { name: 'a custom admin token', token: 'admin-1234567890abcdef', scope: { kind: 'operator' } },
    { name: 'a mangled tenant token', token: 'mtt_%%%.sig', scope: { kind: 'operator' } },
  ])('$name', ({ token, scope }) => {
    expect(scopeOfToken(token)).toEqual(scope)
  })
})
