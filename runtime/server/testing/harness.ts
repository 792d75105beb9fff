/**
 * @module The in-process test harness: a real lowdb store in a temp dir, a real vault and token service,
 * a real outbound dispatcher posting to an in-memory receiver, real schedules (that never fire here), fakes
 * for the engine and OAuth, and a `call` helper that checks every response against the OpenAPI
 * operations (status, error code, body schema) and for leaked secrets.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { expect } from 'vitest'
import { createVaultFromKeys } from '../../auth/vault.ts'
import { MaestroError, type ErrorCode } from '../../errors.ts'
import { createEventBus } from '../../events/bus.ts'
import { createOutbound } from '../../outbound/index.ts'
import { createScheduler } from '../../scheduler/index.ts'
import { createLowdbStore } from '../../store/lowdb-store.ts'
import type { Connection } from '../../store/types.ts'
import { apiOperations } from '../api-schemas.ts'
import { createApp } from '../app.ts'
import type { AppDeps, ServerLogger } from '../deps.ts'
import { errorCodes } from '../openapi.ts'
import type { Operation } from '../operation.ts'
import { ErrorBody } from '../schemas.ts'
import { createTokenService } from '../tokens.ts'
import { createFakeEngine, createFakeOAuth, testApps, testConnectors } from './fixtures.ts'

/** Secret values used by the tests: no response may ever contain one. */
export const SECRETS = { apiKey: 'sk-live-7f3a9c2e-secret', apiKey2: 'sk-rotated-5b1d-secret', oauthToken: 'at-oauth-91ce-secret' }
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789'

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }))
const validators = new WeakMap<object, ValidateFunction>()
const validatorOf = (schema: object) => {
  let fn = validators.get(schema)
  if (!fn) validators.set(schema, (fn = ajv.compile(schema)))
  return fn
}

const pattern = (path: string) => new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}$`)
const OPS = apiOperations().map((op) => ({ op, re: pattern(op.path) }))

/** The documented operation serving a request, if any. */
export function operationFor(method: string, path: string): Operation | undefined {
  return OPS.find((o) => o.op.method === method.toLowerCase() && o.re.test(path))?.op
}

/** Assert a response matches its operation's documentation: status, error code and body schema. */
export function expectDocumented(method: string, path: string, status: number, body: unknown, contentType: string): void {
  const op = operationFor(method, path)
  const where = `${method} ${path} → ${status}`
  if (!op) {
    expect(status, `${where} is undocumented`).toBe(404)
    expect(validatorOf(ErrorBody)(body), where).toBe(true)
    return
  }
  if (status >= 400 && !op.responses[status]) {
    if (op.htmlErrors && contentType.includes('text/html')) return
    expect(validatorOf(ErrorBody)(body), `${where}: ${JSON.stringify(body)}`).toBe(true)
    const code = (body as { error: { code: ErrorCode } }).error.code
    expect(errorCodes(op), `${where}: code ${code} is not documented for the operation`).toContain(code)
    return
  }
  const documented = op.responses[status]
  expect(documented, `${where}: status not documented`).toBeDefined()
  if (!documented.schema || !contentType.includes('json')) return
  const validate = validatorOf(documented.schema)
  expect(validate(body), `${where}: ${ajv.errorsText(validate.errors)}`).toBe(true)
}

export interface CallOptions {
  token?: string | null
  body?: unknown
  headers?: Record<string, string>
}

/** Build a harness; call `close()` in afterEach/afterAll. */
export async function createHarness(overrides: Partial<AppDeps> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-server-'))
  const store = createLowdbStore({ dir, fsync: false })
  await store.open()
  const bus = createEventBus()
  const vault = createVaultFromKeys([{ id: 'test', key: randomBytes(32) }])
  let now = new Date('2025-03-01T12:00:00.000Z')
  const clock = () => new Date(now)
  const { service: tokens } = await createTokenService({ store, vault, env: { MAESTRO_ADMIN_TOKEN: ADMIN_TOKEN }, clock })
  const engine = createFakeEngine(store, bus)
  const oauth = createFakeOAuth(store, vault, SECRETS.oauthToken)
  const revoked: string[] = []
  const logs: string[] = []
  const logger: ServerLogger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) }
  // Outbound events land in `sent` (the host application's receiver), so /deliveries has real deliveries to
  // show. A test bringing its own outbound (or `outbound: undefined`) gets no second dispatcher on the same store document.
  const sent: Array<{ type: string; tenant: string }> = []
  const outbound = 'outbound' in overrides ? undefined : createOutbound({
    bus, store, flushMs: 5, target: () => ({ url: 'https://host.example.test/maestro-events', secret: 'whsec-harness' }),
    fetch: async (_url, init) => {
      const event = JSON.parse(String(init?.body)) as { type: string; tenant: string }
      sent.push({ type: event.type, tenant: event.tenant })
      return new Response(null, { status: 204 })
    },
  })
  await outbound?.start()
  const connectors = overrides.connectors ?? testConnectors()
  // Real schedules so connection views carry `nextRunAt`; the test connectors' crons are hours apart, and a
  // tick that did come would be refused rather than run by the fake engine (scheduler.test.ts covers ticks).
  const scheduler = 'scheduler' in overrides ? undefined : createScheduler({
    store, bus, connectors, maxJitterMs: 0,
    engine: { isRunning: (id) => engine.isRunning(id), start: () => { throw new MaestroError('internal', 'The harness runs no scheduled syncs.') } },
  })
  await scheduler?.start()
  const deps: AppDeps = {
    store, bus, vault, tokens, engine, oauth, apps: testApps, connectors, clock, logger,
    revoke: async (c: Connection) => { revoked.push(c.id) }, heartbeatMs: 50, ...(outbound ? { outbound } : {}), ...(scheduler ? { scheduler } : {}), ...overrides,
  }
  const app = createApp(deps)

  /** One request; the response is checked against the docs and for secrets. */
  async function call(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { ...options.headers }
    const token = options.token === undefined ? ADMIN_TOKEN : options.token
    if (token) headers.authorization = `Bearer ${token}`
    if (options.body !== undefined) headers['content-type'] ??= 'application/json'
    const res = await app.request(path, {
      method, headers,
      ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    })
    const text = await res.text()
    for (const secret of Object.values(SECRETS)) expect(text, `${method} ${path} leaked a secret`).not.toContain(secret)
    const contentType = res.headers.get('content-type') ?? ''
    const body: unknown = contentType.includes('json') && text ? JSON.parse(text) : text
    expectDocumented(method, new URL(path, 'http://x').pathname, res.status, body, contentType)
    return { status: res.status, body: body as any, text, headers: res.headers }
  }

  const tokenFor = async (tenant: string, ttlSeconds?: number) => (await tokens.mint(tenant, ttlSeconds)).token

  /** Create a keyco connection for a tenant through the API. */
  async function connect(tenant: string, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await call('POST', '/connections', { body: { tenant, connector: 'keyco', config: { accountId: '42' }, credentials: { apiKey: SECRETS.apiKey }, ...extra } })
    expect(res.status).toBe(201)
    return res.body
  }

  return {
    app, deps, store, bus, vault, engine, oauth, tokens, revoked, logs, call, tokenFor, connect, outbound, sent, scheduler,
    advance(ms: number) { now = new Date(now.getTime() + ms) },
    async close() {
      await scheduler?.stop()
      await outbound?.close()
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export type Harness = Awaited<ReturnType<typeof createHarness>>
