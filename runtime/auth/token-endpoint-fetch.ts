/**
 * @module Adapts openid-client's standard token and revocation requests (form-encoded POST) to the shape a
 * provider documents, and provider token responses to what openid-client validates.
 */
import type { CustomFetch } from 'openid-client'
import type { FetchLike } from './types.ts'

/** How a provider's token endpoint differs from RFC 6749's form POST. */
export interface TokenEndpointShape {
  tokenUrl: string
  revokeUrl?: string
  /** `json`: the same parameters as a JSON object (Gusto). */
  body: 'form' | 'json'
  /** `GET`: the parameters travel in the query string (TriNet client credentials). */
  method: 'POST' | 'GET'
}

const samePath = (a: string, b: string) => {
  const x = new URL(a), y = new URL(b)
  return x.origin === y.origin && x.pathname === y.pathname
}

/**
 * Wrap `base` so requests to the token endpoint take the provider's shape, revocation requests go as JSON
 * (QuickBooks documents `{"token": …}` with Basic auth; Gusto's API takes JSON bodies throughout), and
 * token responses are normalized before openid-client checks them.
 * @example
 * config[customFetch] = tokenEndpointFetch(fetch, { tokenUrl, body: 'json', method: 'POST' })
 */
export function tokenEndpointFetch(base: FetchLike, shape: TokenEndpointShape): CustomFetch {
  return async (url, options) => {
    const params = options.body instanceof URLSearchParams ? options.body : undefined
    const headers = new Headers(options.headers)
    const init: RequestInit = { method: options.method, headers, body: options.body as BodyInit, redirect: options.redirect, signal: options.signal }

    if (params && samePath(url, shape.tokenUrl)) {
      if (shape.method === 'GET') {
        const target = new URL(url)
        for (const [k, v] of params) target.searchParams.append(k, v)
        headers.delete('content-type')
        const res = await base(target, { ...init, method: 'GET', body: undefined })
        return normalizeTokenResponse(res)
      }
      if (shape.body === 'json') Object.assign(init, jsonBody(params, headers))
      return normalizeTokenResponse(await base(url, init))
    }
    if (params && shape.revokeUrl && samePath(url, shape.revokeUrl)) Object.assign(init, jsonBody(params, headers))
    return base(url, init)
  }
}

function jsonBody(params: URLSearchParams, headers: Headers): Pick<RequestInit, 'body'> {
  headers.set('content-type', 'application/json')
  return { body: JSON.stringify(Object.fromEntries(params)) }
}

/**
 * Provider quirks openid-client would reject, fixed in one place: TriNet's `token_type: "BearerToken"`
 * (trinet.md §9.1) and a missing `token_type` mean Bearer; `null` fields (Gusto's `refresh_token: null`)
 * mean absent; an `id_token` is dropped because Maestro signs nobody in and provider issuers do not match
 * the metadata it builds from the manifest.
 */
export async function normalizeTokenResponse(res: Response): Promise<Response> {
  if (res.status !== 200 || !/json/i.test(res.headers.get('content-type') ?? '')) return res
  const text = await res.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers })
  }
  if (body && typeof body === 'object' && !Array.isArray(body) && 'access_token' in body) {
    const json = body as Record<string, unknown>
    for (const [k, v] of Object.entries(json)) if (v === null) delete json[k]
    delete json.id_token
    if (json.token_type === undefined || (typeof json.token_type === 'string' && /^bearer(token)?$/i.test(json.token_type))) json.token_type = 'Bearer'
    body = json
  }
  const headers = new Headers(res.headers)
  headers.delete('content-length')
  headers.delete('content-encoding')
  return new Response(JSON.stringify(body), { status: res.status, statusText: res.statusText, headers })
}
