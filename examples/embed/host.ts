/**
 * @module A minimal host application embedding `<maestro-dashboard>` (examples/embed/index.html). Its
 * backend holds Maestro's operator token and mints a short-lived tenant token for the signed-in customer
 * on every page view (`POST /tenants/:tenant/tokens`); the browser only ever sees that tenant token.
 *
 * Run it beside `npm start`:
 *   MAESTRO_CORS_ORIGINS=http://127.0.0.1:8080 npm start            # Maestro must allow this page's origin
 *   MAESTRO_ADMIN_TOKEN=<the printed admin token> npx tsx examples/embed/host.ts
 */
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

export interface EmbedHostOptions {
  /** Where Maestro runs (a function when it is known only later). */
  maestroUrl: string | (() => string)
  /** Maestro's operator token: stays in this process. */
  adminToken: string
  /** The signed-in customer (a real app takes it from its session). */
  tenant: string
  /** Default 0: any free port. */
  port?: number
  /** Lifetime of each minted tenant token (default 900 s). */
  ttlSeconds?: number
}

export interface EmbedHost {
  url: string
  close(): Promise<void>
}

const PAGE = fileURLToPath(new URL('./index.html', import.meta.url))

const escapeAttr = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/**
 * Start the host application on 127.0.0.1.
 * @example
 * const host = await startEmbedHost({ maestroUrl: 'http://127.0.0.1:3000', adminToken, tenant: 'acme-bakery' })
 */
export async function startEmbedHost(options: EmbedHostOptions): Promise<EmbedHost> {
  const maestro = () => (typeof options.maestroUrl === 'function' ? options.maestroUrl() : options.maestroUrl).replace(/\/+$/, '')
  const mint = async (): Promise<string> => {
    const res = await fetch(`${maestro()}/tenants/${encodeURIComponent(options.tenant)}/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ttlSeconds: options.ttlSeconds ?? 900 }),
    })
    if (!res.ok) throw new Error(`Maestro refused to mint a tenant token: HTTP ${res.status}`)
    return ((await res.json()) as { token: string }).token
  }
  const template = await readFile(PAGE, 'utf8')
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
          const page = template
            .replaceAll('%MAESTRO_URL%', escapeAttr(maestro()))
            .replaceAll('%TENANT_TOKEN%', escapeAttr(await mint()))
            .replaceAll('%TENANT%', escapeAttr(options.tenant))
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
          res.end(page)
        } else if (req.method === 'POST' && req.url === '/maestro-token') {
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          res.end(JSON.stringify({ token: await mint() }))
        } else {
          res.writeHead(404, { 'content-type': 'text/plain' })
          res.end('not found')
        }
      } catch (err) {
        res.writeHead(502, { 'content-type': 'text/plain' })
        res.end(err instanceof Error ? err.message : 'error')
      }
    })()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const adminToken = process.env.MAESTRO_ADMIN_TOKEN
  if (!adminToken) {
    console.error('Set MAESTRO_ADMIN_TOKEN to the operator token printed by `npm start`.')
    process.exit(1)
  }
  const host = await startEmbedHost({
    maestroUrl: process.env.MAESTRO_URL ?? 'http://127.0.0.1:3000',
    adminToken,
    tenant: process.env.TENANT ?? 'acme-bakery',
    port: Number(process.env.PORT ?? 8080),
  })
  console.log(`Acme HR (host application) on ${host.url} — Maestro must list this origin in MAESTRO_CORS_ORIGINS.`)
}
