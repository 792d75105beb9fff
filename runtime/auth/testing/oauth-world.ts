/**
 * @module A Maestro auth stack for OAuth integration tests: lowdb store in a temp dir, vault, apps, event
 * bus, a movable clock, captured logs, and a fetch that records every secret crossing the wire so the
 * suite can prove none of them lands on disk, in logs, events or errors.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAppRegistry, type AppField } from '../apps.ts'
import type { FetchLike, LoadedConnector, Logger } from '../types.ts'
import { createVault, type Vault } from '../vault.ts'
import { createEventBus } from '../../events/bus.ts'
import type { MaestroEvent } from '../../events/types.ts'
import type { ConnectorManifest } from '../../manifest/schema/index.ts'
import { createLowdbStore } from '../../store/index.ts'
import type { Connection, Store } from '../../store/types.ts'

const SECRET_FIELDS = ['access_token', 'refresh_token', 'client_secret', 'code', 'code_verifier', 'token']

export interface World {
  dir: string
  store: Store
  vault: Vault
  bus: ReturnType<typeof createEventBus>
  events: MaestroEvent[]
  logs: string[]
  logger: Logger
  /** Every secret seen: configured ones and those that crossed the wire. */
  secrets: Set<string>
  fetch: FetchLike
  clock: { now: () => Date; advance(ms: number): void }
  connectors: Map<string, LoadedConnector>
  apps: Record<string, Partial<Record<AppField, string>>>
  deps(): { store: Store; vault: Vault; connectors: Map<string, LoadedConnector>; apps: ReturnType<typeof createAppRegistry>; bus: ReturnType<typeof createEventBus>; logger: Logger; now: () => Date; fetch: FetchLike }
  addConnector(manifest: Partial<ConnectorManifest> & Pick<ConnectorManifest, 'id' | 'auth'>, app: Partial<Record<AppField, string>>, hooks?: LoadedConnector['hooks']): void
  newConnection(connector: string, init?: Partial<Connection>): Promise<Connection>
  /** Files under the data dir (and logs, events) that contain any collected secret. */
  leaks(extra?: string[]): Promise<string[]>
  close(): Promise<void>
}

function collectFrom(text: string, secrets: Set<string>): void {
  let parsed: Record<string, unknown> | undefined
  try {
    parsed = JSON.parse(text) as Record<string, unknown>
  } catch {
    parsed = Object.fromEntries(new URLSearchParams(text))
  }
  if (!parsed || typeof parsed !== 'object') return
  for (const f of SECRET_FIELDS) if (typeof parsed[f] === 'string' && (parsed[f] as string).length >= 8) secrets.add(parsed[f] as string)
}

/** Build a world; call `close()` in afterAll. */
export async function createWorld(): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-oauth-'))
  const secretKey = randomBytes(32).toString('base64')
  const secrets = new Set<string>([secretKey])
  const logs: string[] = []
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => { logs.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`) }
  const logger: Logger = { info: line('info'), warn: line('warn'), error: line('error') }
  const store = createLowdbStore({ dir, fsync: false })
  await store.open()
  const vault = await createVault({ dataDir: dir, env: { MAESTRO_SECRET_KEY: `test:${secretKey}` }, logger })
  const bus = createEventBus({ onListenerError: (err) => logs.push(`listener ${String(err)}`) })
  const events: MaestroEvent[] = []
  bus.on('*', (e) => { events.push(e) })
  let t = Date.now()
  const clock = { now: () => new Date(t), advance: (ms: number) => { t += ms } }
  const connectors = new Map<string, LoadedConnector>()
  const apps: World['apps'] = {}

  const spyFetch: FetchLike = async (input, init = {}) => {
    const headers = new Headers(init.headers)
    const basic = /^Basic (.+)$/i.exec(headers.get('authorization') ?? '')
    if (basic) {
      secrets.add(basic[1])
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
      const secret = decodeURIComponent(decoded.slice(decoded.indexOf(':') + 1))
      if (secret.length >= 8) secrets.add(secret)
    }
    const bearer = /^Bearer (.+)$/i.exec(headers.get('authorization') ?? '')
    if (bearer) secrets.add(bearer[1])
    if (typeof init.body === 'string' || init.body instanceof URLSearchParams) collectFrom(String(init.body), secrets)
    collectFrom(new URL(String(input)).search.slice(1), secrets)
    const res = await fetch(input, init)
    if (/json/.test(res.headers.get('content-type') ?? '')) collectFrom(await res.clone().text(), secrets)
    return res
  }

  return {
    dir, store, vault, bus, events, logs, logger, secrets, fetch: spyFetch, clock, connectors, apps,
    deps: () => ({ store, vault, connectors, apps: createAppRegistry(apps), bus, logger, now: clock.now, fetch: spyFetch }),
    addConnector(manifest, app, hooks) {
      const full = { name: manifest.id, category: 'payroll', http: { baseUrl: 'https://api.example.invalid' }, resources: {}, ...manifest } as ConnectorManifest
      connectors.set(manifest.id, { manifest: full, ...(hooks ? { hooks } : {}) })
      apps[manifest.id] = app
      for (const f of ['clientSecret', 'webhookSecret'] as const) if (app[f]) secrets.add(app[f] as string)
    },
    async newConnection(connector, init = {}) {
      const at = clock.now().toISOString()
      return store.createConnection({
        id: `con_${randomBytes(6).toString('hex')}`, tenant: 'tenant-1', connector, status: 'pending', config: {}, credentials: null, createdAt: at, updatedAt: at, ...init,
      })
    },
    async leaks(extra = []) {
      const found: string[] = []
      const check = (where: string, text: string) => {
        for (const s of [...secrets, ...extra]) if (text.includes(s)) found.push(`${where} holds a secret (${s.slice(0, 4)}…)`)
      }
      const walk = async (d: string): Promise<void> => {
        for (const e of await readdir(d, { withFileTypes: true })) {
          const p = join(d, e.name)
          if (e.isDirectory()) await walk(p)
          else check(p, await readFile(p, 'utf8'))
        }
      }
      await walk(dir)
      check('logs', logs.join('\n'))
      check('events', JSON.stringify(events))
      return found
    },
    async close() {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
