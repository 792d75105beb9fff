/**
 * @module A node:http server that logs requests, applies injected faults and writes JSON.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Fault, FaultPlan } from './faults.ts'
import type { RequestLogEntry } from './types.ts'

/** A parsed request handed to a provider's router. */
export interface SimRequest {
  method: string
  url: URL
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

/** What a router answers. A string body is sent as is; anything else is JSON-encoded. */
export interface SimResponse {
  status: number
  headers?: Record<string, string>
  body?: unknown
}

/** How a provider wires its behaviour into the shared server. */
export interface SimServerOptions {
  handle: (req: SimRequest) => SimResponse | Promise<SimResponse>
  /** The provider's own answer for an injected status fault. */
  statusFault: (fault: Extract<Fault, { kind: 'status' }>) => SimResponse
  faults: FaultPlan
  requests: RequestLogEntry[]
}

/** A listening server; `origin` is `http://127.0.0.1:PORT`. */
export interface SimServer {
  origin: string
  close(): Promise<void>
}

/**
 * Start a simulator server on 127.0.0.1, port 0.
 * @example
 * const server = await startSimServer({ handle: () => ({ status: 200, body: {} }), statusFault: (f) => ({ status: f.status }), faults: new FaultPlan(), requests: [] })
 */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    }
    options.requests.push(entry)
    const fault = options.faults.take(url.pathname)
    if (fault) entry.fault = fault.kind

    let answer: SimResponse
    try {
      if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms))
      answer = fault?.kind === 'status'
        ? options.statusFault(fault)
        : await options.handle({ method: entry.method, url, path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
    } catch (err) {
      answer = { status: 500, body: { message: `simulator bug: ${err instanceof Error ? err.message : String(err)}` } }
    }

    const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
    const headers: Record<string, string> = { ...answer.headers }
    if (answer.body !== undefined && typeof answer.body !== 'string') headers['content-type'] ??= 'application/json; charset=utf-8'

    if (fault?.kind === 'drop') {
      // Headers announce the full length, then the connection dies half-way through the body.
      res.writeHead(answer.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) })
      res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy())
      return
    }
    if (fault?.kind === 'malformed') {
      // A strict prefix of a JSON object or array is never valid JSON.
      const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)))
      entry.status = 200
      res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(cut)) })
      res.end(cut)
      return
    }
    entry.status = answer.status
    res.writeHead(answer.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) })
    res.end(text)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}

/** Read a bearer token from an Authorization header. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')
  return match?.[1]
}

/** Query string of `params` in insertion order (brackets are percent-encoded, as URLSearchParams does). */
export function withQuery(base: string, params: Array<[string, string]>): string {
  return `${base}?${new URLSearchParams(params).toString()}`
}
