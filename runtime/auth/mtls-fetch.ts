/**
 * @module A fetch that presents a client certificate (mutual TLS), built on `node:https` so it needs no
 * undici dispatcher. ADP requires the app's certificate on the token call and on every API call.
 */
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:https'
import { Readable } from 'node:stream'
import { MaestroError } from '../errors.ts'
import type { App } from './apps.ts'
import type { FetchLike } from './types.ts'

/** PEM material for one client identity. */
export interface MtlsOptions {
  cert: string | Buffer
  key: string | Buffer
  /** Extra trusted CA (sandboxes with a private CA); the system roots stay trusted when absent. */
  ca?: string | Buffer
  passphrase?: string
}

const NULL_BODY = new Set([101, 103, 204, 205, 304])

/**
 * A fetch-compatible function over one keep-alive `https.Agent` carrying the client certificate.
 * Redirects are returned, not followed.
 * @example
 * const f = createMtlsFetch({ cert: readFileSync('c.pem'), key: readFileSync('k.pem') })
 * const res = await f('https://api.adp.com/hr/v2/workers', { headers: { authorization: 'Bearer …' } })
 */
export function createMtlsFetch(options: MtlsOptions): FetchLike & { close(): void } {
  const agent = new Agent({ cert: options.cert, key: options.key, ca: options.ca, passphrase: options.passphrase, keepAlive: true })

  const mtlsFetch = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input))
    if (url.protocol !== 'https:') throw new MaestroError('invalid_request', `Mutual TLS needs an https URL, got ${url.protocol}`)
    const headers = new Headers(init.headers)
    const body = await bodyBytes(init.body)
    // The same defaults `fetch` applies, so callers see no difference.
    if (init.body instanceof URLSearchParams && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
    if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8')
    if (body && !headers.has('content-length')) headers.set('content-length', String(body.length))
    const method = (init.method ?? 'GET').toUpperCase()
    const signal = init.signal ?? undefined
    signal?.throwIfAborted()

    return new Promise<Response>((resolve, reject) => {
      const req = request(url, { method, agent, headers: Object.fromEntries(headers), signal }, (res) => {
        const out = new Headers()
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.append(name, v)
        }
        const status = res.statusCode ?? 500
        const stream = NULL_BODY.has(status) || method === 'HEAD' ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>)
        if (!stream) res.resume()
        resolve(new Response(stream, { status, statusText: res.statusMessage, headers: out }))
      })
      req.on('error', reject)
      req.end(body)
    })
  }
  return Object.assign(mtlsFetch, { close: () => agent.destroy() })
}

const cache = new WeakMap<App, FetchLike & { close(): void }>()

/**
 * The mTLS fetch for an app's `mtlsCert` / `mtlsKey` (/ `mtlsCa`, `mtlsPassphrase`) PEM files; one per app.
 * @throws MaestroError `app_not_configured` when the certificate or key is not set or cannot be read.
 */
export function mtlsFetch(app: App): FetchLike {
  const hit = cache.get(app)
  if (hit) return hit
  if (!app.mtlsCert || !app.mtlsKey) {
    throw new MaestroError('app_not_configured', `The ${app.connector} app needs mtlsCert and mtlsKey (PEM file paths) for mutual TLS.`)
  }
  const read = (field: 'mtlsCert' | 'mtlsKey' | 'mtlsCa') => {
    try {
      return readFileSync(app[field] as string)
    } catch (cause) {
      throw new MaestroError('app_not_configured', `Cannot read the ${app.connector} app's ${field} file.`, { cause })
    }
  }
  const f = createMtlsFetch({ cert: read('mtlsCert'), key: read('mtlsKey'), ca: app.mtlsCa ? read('mtlsCa') : undefined, passphrase: app.mtlsPassphrase })
  cache.set(app, f)
  return f
}

async function bodyBytes(body: RequestInit['body']): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return Buffer.from(body)
  if (body instanceof URLSearchParams) return Buffer.from(body.toString())
  if (body instanceof ArrayBuffer) return Buffer.from(body)
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer())
  // Streams and form data would need chunked encoding; no caller sends them.
  throw new MaestroError('internal', 'The mTLS fetch accepts string, bytes, Blob or URLSearchParams bodies only.')
}
