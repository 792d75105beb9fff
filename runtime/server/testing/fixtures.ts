/**
 * @module Test fixtures for the server: two small connectors (an API-key one and an OAuth one), a fake
 * sync engine, a fake OAuth flow and apps registry, and stored records.
 */
import { randomBytes } from 'node:crypto'
import { MaestroError } from '../../errors.ts'
import type { EventBus } from '../../events/types.ts'
import type { ConnectorManifest } from '../../manifest/schema/index.ts'
import type { Connection, Run, Store, StoredRecord } from '../../store/types.ts'
import type { AppsLike, OAuthFlowLike, ServerConnector, SyncEngineLike, VaultLike } from '../deps.ts'

const http = { baseUrl: 'https://api.example.test' }
const list = (path: string) => ({ path, records: 'items', paginate: { type: 'none' } })

/** `keyco`: API key + account id + region enum; `oauthco`: OAuth with an optional field. */
export function testConnectors(): Map<string, ServerConnector> {
  const keyco = {
    id: 'keyco', name: 'Key Co', category: 'hris', description: 'An API-key provider.', docs: 'https://docs.example.test/',
    auth: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '{{ credentials.apiKey }}' },
    connection: {
      accountId: { type: 'string', title: 'Account ID', pattern: '^[0-9]+$', placeholder: '1234' },
      region: { type: 'string', title: 'Region', enum: ['us', 'eu'], default: 'us' },
      seats: { type: 'integer', title: 'Seats', optional: true },
      apiKey: { type: 'string', title: 'API key', secret: true, pattern: '^[a-z0-9-]{8,}$' },
    },
    http,
    resources: {
      employees: { model: 'Employee', list: list('/employees'), id: '$string(id)', map: '{}', incremental: { cursor: 'updated_at' } },
      timeEntries: { model: 'TimeEntry', list: list('/time'), id: '$string(id)', map: '{}' },
    },
    schedule: '0 */6 * * *',
  }
  const oauthco = {
    id: 'oauthco', name: 'OAuth Co', category: 'payroll',
    auth: { type: 'oauth2', authorizationUrl: 'https://auth.example.test/authorize', tokenUrl: 'https://auth.example.test/token', scopes: ['read'] },
    connection: { companyName: { type: 'string', title: 'Company', optional: true } },
    http,
    resources: { payrolls: { model: 'PayrollRun', list: list('/payrolls'), id: 'id', map: '{}' } },
    webhooks: { verify: { scheme: 'hmac-sha256', header: 'X-Sig', encoding: 'hex', secret: '{{ app.webhookSecret }}' }, events: [] },
  }
  return new Map([keyco, oauthco].map((m) => [m.id, { id: m.id, manifest: m as unknown as ConnectorManifest }]))
}

/** A fake engine: `start` records a running run; `finish` completes it. */
export function createFakeEngine(store: Store, bus: EventBus) {
  const running = new Map<string, { run: Run; resolve: (r: Run) => void }>()
  const started: Array<{ connectionId: string; options: unknown }> = []
  const engine: SyncEngineLike & { started: typeof started; finish(connectionId: string, status?: Run['status']): Promise<Run>; failNext?: MaestroError } = {
    started,
    async start(connectionId, options) {
      if (engine.failNext) { const e = engine.failNext; engine.failNext = undefined; throw e }
      if (running.has(connectionId)) throw new MaestroError('sync_in_progress', 'running')
      const c = (await store.getConnection(connectionId))!
      const counts = { fetched: 0, added: 0, updated: 0, unchanged: 0, deleted: 0, invalid: 0 }
      const run: Run = {
        id: `run_${randomBytes(6).toString('hex')}`, connectionId, tenant: c.tenant, connector: c.connector, trigger: options.trigger, status: 'running',
        resources: {}, counts, startedAt: new Date().toISOString(), errors: [],
      }
      await store.putRun(run)
      started.push({ connectionId, options })
      bus.emit({ type: 'run.started', tenant: c.tenant, connectionId, run })
      const done = new Promise<Run>((resolve) => running.set(connectionId, { run, resolve }))
      return { runId: run.id, done }
    },
    isRunning: (id) => running.has(id),
    async finish(connectionId, status = 'succeeded') {
      const entry = running.get(connectionId)!
      running.delete(connectionId)
      const run: Run = { ...entry.run, status, finishedAt: new Date().toISOString(), durationMs: 5 }
      await store.putRun(run)
      await store.updateConnection(connectionId, (c) => ({ ...c, lastRunId: run.id }))
      bus.emit({ type: 'run.finished', tenant: run.tenant, connectionId, run })
      entry.resolve(run)
      return run
    },
  }
  return engine
}

/** OAuth fake: the callback succeeds for `state=ok-<connectionId>` and refuses any other state. */
export function createFakeOAuth(store: Store, vault: VaultLike, secret: string): OAuthFlowLike & { returnTo: Map<string, string> } {
  const returnTo = new Map<string, string>()
  return {
    returnTo,
    async startAuthorization({ connection, returnTo: back }) {
      if (back) returnTo.set(connection.id, back)
      return { url: `https://auth.example.test/authorize?state=ok-${connection.id}` }
    },
    async completeAuthorization(callbackUrl) {
      const state = new URL(callbackUrl).searchParams.get('state') ?? ''
      const id = state.startsWith('ok-') ? state.slice(3) : ''
      if (!id || !(await store.getConnection(id))) throw new MaestroError('oauth_state_invalid', 'The state is unknown or expired.')
      const connection = await store.updateConnection(id, (c): Connection => ({ ...c, status: 'active', credentials: vault.seal({ accessToken: secret }) }))
      return { connection, ...(returnTo.has(id) ? { returnTo: returnTo.get(id) } : {}) }
    },
  }
}

/** Apps registry fake: `oauthco` has a client id. */
export const testApps: AppsLike = { describe: () => ({ oauthco: { clientId: 'env', clientSecret: 'env' } }) }

/** One stored Employee record of a connection. */
export function storedRecord(c: Connection, n: number, overrides: Partial<StoredRecord> = {}): StoredRecord {
  const at = new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString()
  return {
    id: `rec_${c.id}_${n}`, remoteId: String(n), connectionId: c.id, tenant: c.tenant, connector: c.connector, resource: 'employees', model: 'Employee',
    data: { firstName: `Person ${n}` }, remoteData: { id: n, raw: true }, remoteUpdatedAt: at, firstSeenAt: at, modifiedAt: at,
    deletedAt: null, lastAction: 'added', hash: `h${n}`, seenBy: 'run_x', ...overrides,
  }
}
