import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from './testing/harness.ts'

let h: Harness
beforeEach(async () => { h = await createHarness() })
afterEach(async () => { await h.close() })

describe('createApp', () => {
  it('answers /health without a token, with version and store state', async () => {
    const res = await h.call('GET', '/health', { token: null })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'ok', store: 'ok', version: expect.any(String) })
  })

  it('reports a degraded store with 503', async () => {
    h.deps.store.getDoc = async () => { throw new Error('disk gone') }
    const res = await h.call('GET', '/health', { token: null })
    expect(res.status).toBe(503)
    expect(res.body).toMatchObject({ status: 'degraded', store: 'error' })
  })

  it('answers unknown paths with the one error body', async () => {
    const res = await h.call('GET', '/nope')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
  })

  it.each([
    { name: 'malformed JSON', body: '{"connector": ', code: 'invalid_request', status: 400 },
    { name: 'an oversized body', body: JSON.stringify({ connector: 'keyco', name: 'x'.repeat(1_100_000) }), code: 'payload_too_large', status: 413 },
    { name: 'a JSON array', body: '[]', code: 'invalid_request', status: 400 },
  ])('refuses $name', async ({ body, code, status }) => {
    const res = await h.call('POST', '/connections', { body })
    expect(res.status).toBe(status)
    expect(res.body.error.code).toBe(code)
  })

  it('sets nosniff on responses', async () => {
    const res = await h.call('GET', '/health', { token: null })
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('hides unexpected errors behind a generic internal error and logs the message', async () => {
    h.deps.store.listConnections = async () => { throw new Error('boom at /var/lib/x') }
    const res = await h.call('GET', '/connections')
    expect(res.status).toBe(500)
    expect(res.body.error).toMatchObject({ code: 'internal', message: 'The server failed to handle this request.' })
    expect(res.text).not.toContain('/var/lib/x')
    expect(h.logs.join('\n')).toContain('boom at /var/lib/x')
  })
})
