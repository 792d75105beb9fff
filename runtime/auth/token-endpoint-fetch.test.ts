import { describe, expect, it } from 'vitest'
import { normalizeTokenResponse, tokenEndpointFetch, type TokenEndpointShape } from './token-endpoint-fetch.ts'

const TOKEN = 'https://idp.example/oauth/token'
const REVOKE = 'https://idp.example/oauth/revoke'
const form = () => new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt', client_id: 'id' })

/** Runs one request through the adapter and returns what reached the wire. */
async function send(shape: Partial<TokenEndpointShape>, url: string) {
  let seen: { url: string; init: RequestInit } | undefined
  const base = async (input: string | URL, init: RequestInit = {}) => {
    seen = { url: String(input), init }
    return new Response('{"access_token":"a","token_type":"bearer"}', { headers: { 'content-type': 'application/json' } })
  }
  const f = tokenEndpointFetch(base, { tokenUrl: TOKEN, revokeUrl: REVOKE, body: 'form', method: 'POST', ...shape })
  await f(url, { method: 'POST', body: form(), headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' }, redirect: 'manual' })
  const headers = new Headers(seen!.init.headers)
  return { url: seen!.url, method: seen!.init.method, contentType: headers.get('content-type'), body: seen!.init.body }
}

describe('tokenEndpointFetch', () => {
  it.each([
    { name: 'form POST stays as is', shape: {}, url: TOKEN, expected: { method: 'POST', contentType: /urlencoded/, body: form() } },
    { name: 'json_body becomes a JSON object', shape: { body: 'json' as const }, url: TOKEN, expected: { method: 'POST', contentType: /^application\/json$/, body: JSON.stringify(Object.fromEntries(form())) } },
    { name: 'GET moves the parameters into the query', shape: { method: 'GET' as const }, url: TOKEN, expected: { method: 'GET', contentType: null, body: undefined, url: `${TOKEN}?${form()}` } },
    { name: 'revocation goes as JSON', shape: {}, url: REVOKE, expected: { method: 'POST', contentType: /^application\/json$/, body: JSON.stringify(Object.fromEntries(form())) } },
    { name: 'other URLs pass through', shape: { body: 'json' as const }, url: 'https://idp.example/other', expected: { method: 'POST', contentType: /urlencoded/, body: form() } },
  ])('$name', async ({ shape, url, expected }) => {
    const got = await send(shape, url)
    expect(got.method).toBe(expected.method)
    if (expected.contentType === null) expect(got.contentType).toBeNull()
    else expect(got.contentType).toMatch(expected.contentType)
    expect(String(got.body)).toBe(String(expected.body))
    expect(got.url).toBe(expected.url ?? url)
  })
})

describe('normalizeTokenResponse', () => {
  it.each([
    { name: 'TriNet BearerToken', body: { access_token: 'a', token_type: 'BearerToken', expires_in: '3599' }, expected: { access_token: 'a', token_type: 'Bearer', expires_in: '3599' } },
    { name: 'missing token_type', body: { access_token: 'a' }, expected: { access_token: 'a', token_type: 'Bearer' } },
    { name: 'Gusto null refresh_token', body: { access_token: 'a', token_type: 'Bearer', refresh_token: null }, expected: { access_token: 'a', token_type: 'Bearer' } },
    { name: 'id_token dropped', body: { access_token: 'a', token_type: 'bearer', id_token: 'x.y.z' }, expected: { access_token: 'a', token_type: 'Bearer' } },
    { name: 'DPoP kept', body: { access_token: 'a', token_type: 'DPoP' }, expected: { access_token: 'a', token_type: 'DPoP' } },
  ])('$name', async ({ body, expected }) => {
    const res = await normalizeTokenResponse(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', 'content-length': '999' } }))
    expect(await res.json()).toEqual(expected)
    expect(res.headers.get('content-length')).toBeNull()
  })

  it.each([
    { name: 'error status', res: () => new Response('{"error":"invalid_grant"}', { status: 400, headers: { 'content-type': 'application/json' } }) },
    { name: 'non-JSON', res: () => new Response('<html>', { headers: { 'content-type': 'text/html' } }) },
  ])('leaves $name untouched', async ({ res }) => {
    const original = res()
    expect(await normalizeTokenResponse(original)).toBe(original)
  })
})
