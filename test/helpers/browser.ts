/**
 * @module Browser tests' side of the dashboard: Debian's headless Chromium driven by playwright-core, and a
 * real `maestro serve` on 127.0.0.1 with a temp lowdb store, the real connectors and the sandbox (provider
 * simulators and the local OAuth server), as `npm start` runs it.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startSandbox, type Sandbox } from '../../runtime/sandbox/index.ts'
import { startServer, type RunningServer } from '../../runtime/server/serve.ts'
import { tempDirs } from './temp-dir.ts'

/** Flags that keep Chromium off the network: this machine refuses outbound connections. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

/** Where Chromium is: `MAESTRO_CHROMIUM`, else Debian's package path. */
export const chromiumPath = (): string => process.env.MAESTRO_CHROMIUM || '/usr/bin/chromium'

/**
 * Launch headless Chromium. A missing browser fails the test with how to install it — in CI and out of
 * it: a dashboard test that silently skips proves nothing.
 * @example
 * const browser = await launchChromium()
 */
export async function launchChromium(): Promise<Browser> {
  const path = chromiumPath()
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}${process.env.CI === 'true' ? ' (CI=true: the browser tests must run)' : ''}. ` +
      'Install Debian\'s package with `sudo apt-get install -y chromium`, or set MAESTRO_CHROMIUM to a Chromium or Chrome binary. ' +
      '(Playwright\'s own browser download cannot work on this network.)')
  }
  return chromium.launch({ executablePath: path, args: CHROMIUM_ARGS })
}

/** Collect uncaught page errors and console errors, to assert none happened. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`) })
  return errors
}

/** A running server with its sandbox. */
export interface SandboxServer {
  url: string
  adminToken: string
  server: RunningServer
  sandbox: Sandbox
  /** One API call with the admin token (or `token`); throws on a non-2xx answer. */
  api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<T>
  /** Mint a tenant-scoped token. */
  tenantToken(tenant: string, ttlSeconds?: number): Promise<string>
  /** Start a sync over the API and wait for that run to finish; resolves with the run. */
  syncNow(connectionId: string, timeoutMs?: number): Promise<any>
  /** Wait until the connection's latest run has finished; resolves with the connection. */
  waitForSync(connectionId: string, timeoutMs?: number): Promise<any>
  close(): Promise<void>
}

/**
 * Start `maestro serve --sandbox` in-process on a free port. Schedules are off so only the test starts syncs.
 * @example
 * const s = await startSandboxServer()
 * await s.api('POST', '/connections', { connector: 'harvest', … })
 */
export async function startSandboxServer(options: { corsOrigins?: string[] } = {}): Promise<SandboxServer> {
  const temp = tempDirs('maestro-browser-')
  const dir = await temp.make()
  const adminToken = `admin-${randomBytes(16).toString('hex')}`
  let sandbox: Sandbox | undefined
  const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) }
  const server = await startServer({
    port: 0, dataDir: dir, connectorsDir: 'connectors', configFile: join(dir, 'no-config.json'), print: () => undefined, logger: quiet, graceMs: 5000,
    env: {
      MAESTRO_ADMIN_TOKEN: adminToken,
      MAESTRO_SECRET_KEY: randomBytes(32).toString('base64'),
      MAESTRO_SCHEDULES: 'off',
      ...(options.corsOrigins ? { MAESTRO_CORS_ORIGINS: options.corsOrigins.join(',') } : {}),
    },
    sandbox: async (ctx) => {
      sandbox = await startSandbox(ctx)
      return { env: sandbox.env, banner: sandbox.banner, close: sandbox.close }
    },
  })
  const api = async (method: string, path: string, body?: unknown, token = adminToken) => {
    const res = await fetch(`${server.url}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path} → HTTP ${res.status}: ${text}`)
    return text ? JSON.parse(text) : undefined
  }
  return {
    url: server.url, adminToken, server, sandbox: sandbox!, api,
    tenantToken: async (tenant, ttlSeconds = 3600) => (await api('POST', `/tenants/${tenant}/tokens`, { ttlSeconds })).token,
    async syncNow(connectionId, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs
      let started: { id: string } | undefined
      // The engine lets go of a connection a moment after its run record says finished.
      while (!started) {
        started = await api('POST', `/connections/${connectionId}/sync`, {}).catch((err: Error) => {
          if (!/sync_in_progress/.test(err.message) || Date.now() > deadline) throw err
          return new Promise<undefined>((r) => setTimeout(r, 50))
        })
      }
      for (;;) {
        const run = await api('GET', `/runs/${started.id}`).catch(() => undefined)
        if (run && run.status !== 'running') return run
        if (Date.now() > deadline) throw new Error(`run ${started.id} did not finish in ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    async waitForSync(connectionId, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const c = await api('GET', `/connections/${connectionId}`)
        if (c.lastRun && c.lastRun.status !== 'running') return c
        if (Date.now() > deadline) throw new Error(`sync of ${connectionId} did not finish in ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 100))
      }
    },
    async close() {
      await server.close()
      await temp.cleanup()
    },
  }
}

/** Poll until `check` is truthy; returns its value. */
export async function until<T>(check: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
