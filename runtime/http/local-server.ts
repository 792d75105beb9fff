/**
 * @module A scripted HTTP server on 127.0.0.1 for integration tests of the HTTP layer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A running test server. */
export interface LocalServer {
  url: string
  /** Every request received, in order. */
  hits: Array<{ method: string; url: string; headers: IncomingMessage['headers']; at: number }>
  close(): Promise<void>
}

/**
 * Start a server on 127.0.0.1, port 0, answering with `handler`.
 * @example
 * const server = await startLocalServer((req, res) => res.end('{}'))
 * await server.close()
 */
export async function startLocalServer(handler: (req: IncomingMessage, res: ServerResponse, hit: number) => unknown): Promise<LocalServer> {
  const hits: LocalServer['hits'] = []
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, at: performance.now() })
    Promise.resolve(handler(req, res, hits.length - 1)).catch((err) => { res.statusCode = 599; res.end(String(err)) })
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

/** Answer JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}
