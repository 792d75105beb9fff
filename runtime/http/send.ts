/**
 * @module One HTTP exchange: fetch with a timeout, read the whole body, follow same-origin redirects.
 */
import type { OutgoingRequest } from './types.ts'

/** What came back, before parsing and classification. */
export type Exchange =
  | { kind: 'response'; status: number; headers: Record<string, string>; text: string; url: string; redirectBlocked?: string }
  | { kind: 'network'; error: unknown; timedOut?: boolean }

/** The fetch the requester calls: global fetch, or one with a client certificate (ADP mTLS). */
export type FetchFn = (input: URL, init: RequestInit) => Promise<Response>

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5

/**
 * Send a request. Redirects are followed by hand, and only within the request's origin: fetch
 * would carry custom credential headers (`X-Api-Key`, `Harvest-Account-Id`) to any host.
 * @example
 * const ex = await sendRequest(fetch, req, 30_000)
 */
export async function sendRequest(doFetch: FetchFn, req: OutgoingRequest, timeoutMs: number): Promise<Exchange> {
  try {
    // One deadline for the whole exchange, redirects and body included. A signal per request:
    // sharing one between requests measured slower with real sockets (undici's listeners pile up on it).
    const signal = AbortSignal.timeout(timeoutMs)
    let url = req.url
    let method = req.method
    let body = req.body === undefined ? undefined : JSON.stringify(req.body)
    for (let hop = 0; ; hop++) {
      const res = await doFetch(url, { method, headers: req.headers, body, signal, redirect: 'manual' })
      // Reading the body happens here, inside the caller's budget slot: a connection dropped mid-body surfaces as a network failure.
      const text = await res.text()
      const headers: Record<string, string> = {}
      res.headers.forEach((v, k) => { headers[k] = v })
      const location = headers.location
      if (!REDIRECTS.has(res.status) || !location || hop >= MAX_REDIRECTS) return { kind: 'response', status: res.status, headers, text, url: url.href }
      const next = new URL(location, url)
      if (next.origin !== req.url.origin) return { kind: 'response', status: res.status, headers, text, url: url.href, redirectBlocked: next.origin }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) { method = 'GET'; body = undefined }
      url = next
    }
  } catch (error) {
    return { kind: 'network', error, timedOut: (error as Error)?.name === 'TimeoutError' }
  }
}
