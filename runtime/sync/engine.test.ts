import { afterAll, describe, expect, it } from 'vitest'
import { createEventBus } from '../events/bus.ts'
import type { MaestroEvent } from '../events/types.ts'
import { MaestroError } from '../errors.ts'
import type { ConnectorManifest } from '../manifest/schema/index.ts'
import { createLowdbStore } from '../store/lowdb-store.ts'
import type { Store } from '../store/types.ts'
import { fakeApi, type FakeRoute } from '../../test/helpers/fake-api.ts'
import { tempDirs } from '../../test/helpers/temp-dir.ts'
import { createSyncEngine, type SyncEngineOptions } from './engine.ts'

const temp = tempDirs('maestro-engine-')
const stores: Store[] = []
afterAll(async () => {
  for (const s of stores) await s.close()
  await temp.cleanup()
})

const API_KEY = 'sk_live_never_in_logs_123'
const T0 = Date.UTC(2025, 0, 1) / 1000

function demoManifest(): ConnectorManifest {
  return {
    id: 'demo', name: 'Demo', category: 'hris',
    auth: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '{{ credentials.apiKey }}' },
    http: { baseUrl: 'https://api.demo.test', retry: { attempts: 3, initialDelay: '1ms', maxDelay: '2ms' } },
    resources: {
      people: {
        model: 'Employee',
        list: { path: '/people', query: { since: '{{ cursor }}' }, records: 'items', paginate: { type: 'page', param: 'page', sizeParam: 'per', size: 2, stop: { type: 'short_page' } } },
        get: { path: '/people/{{ id }}', record: 'person' },
        incremental: { cursor: 'updated', lookback: '1m', format: 'unix' },
        id: '$string(id)', modifiedAt: 'updated',
        map: '{ "firstName": name, "workEmail": email }',
        deletion: { strategy: 'full_refresh' },
      },
      teams: { model: 'Team', list: { path: '/teams', records: '$', paginate: { type: 'none' } }, id: 'id', map: '{ "name": name }', deletion: { strategy: 'field', when: 'archived = true' } },
    },
  } as ConnectorManifest
}

interface Person { id: number; name: string; email: string; updated: number }
const people = (n: number): Person[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `P${i + 1}`, email: `p${i + 1}@acme.example`, updated: T0 + i * 60 }))

/** Page/per listing with a `since` filter in unix seconds, as the demo manifest expects. */
const listPeople = (data: () => Person[]): FakeRoute => (url) => {
  const since = url.searchParams.get('since')
  const rows = data().filter((p) => since === null || p.updated >= Number(since))
  const page = Number(url.searchParams.get('page'))
  const per = Number(url.searchParams.get('per'))
  return { body: { items: rows.slice((page - 1) * per, page * per) } }
}

async function setup(routes: Record<string, FakeRoute>, over: Partial<SyncEngineOptions> & { manifest?: ConnectorManifest; status?: 'active' | 'paused' } = {}) {
  const store = createLowdbStore({ dir: await temp.make(), fsync: false })
  stores.push(store)
  await store.open()
  const at = new Date().toISOString()
  await store.createConnection({ id: 'con_1', tenant: 't1', connector: 'demo', status: over.status ?? 'active', config: {}, credentials: null, createdAt: at, updatedAt: at })
  const bus = createEventBus()
  const events: MaestroEvent[] = []
  bus.on('*', (e) => { events.push(e) })
  const api = fakeApi(routes)
  const manifest = over.manifest ?? demoManifest()
  const engine = createSyncEngine({
    store, bus, connectors: new Map([['demo', { id: 'demo', manifest }]]),
    resolveAuth: async () => ({ credentials: { apiKey: API_KEY } }), fetch: api.fetch, flushEvery: 2, ...over,
  })
  return { store, bus, events, api, engine }
}

describe('sync engine', () => {
  it('emits every step in order and records counts, pages and duration', async () => {
    const data = people(5)
    const { engine, events } = await setup({ '/people': listPeople(() => data), '/teams': () => ({ body: [{ id: 't1', name: 'Ops' }] }) })
    const run = await engine.sync('con_1', { trigger: 'manual' })
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'manual', counts: { fetched: 6, added: 6, updated: 0, unchanged: 0, deleted: 0, invalid: 0 } })
    expect(run.resources.people).toMatchObject({ status: 'succeeded', pages: 3, full: true })
    expect(run.durationMs).toBeGreaterThanOrEqual(0)
    const types = events.map((e) => e.type).filter((t) => !t.startsWith('record.'))
    expect(types[0]).toBe('run.started')
    expect(types.at(-1)).toBe('run.finished')
    expect(types.indexOf('resource.started')).toBeLessThan(types.indexOf('run.progress'))
    expect(types.filter((t) => t === 'resource.finished')).toHaveLength(2)
    expect(events.filter((e) => e.type === 'record.added')).toHaveLength(6)
    expect(events.every((e) => e.type === 'connection.updated' || (e.tenant === 't1' && e.connectionId === 'con_1'))).toBe(true)
  })

  it('refuses a second run of the same connection while one runs', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => { release = r })
    const { engine } = await setup({ '/people': async (u) => { await gate; return listPeople(() => people(1))(u, {}) }, '/teams': () => ({ body: [] }) })
    const first = engine.start('con_1', { trigger: 'manual' })
    expect(engine.isRunning('con_1')).toBe(true)
    expect(() => engine.start('con_1', { trigger: 'manual' })).toThrow(expect.objectContaining({ code: 'sync_in_progress' }))
    await expect(engine.sync('con_1', { trigger: 'api' })).rejects.toMatchObject({ code: 'sync_in_progress' })
    release()
    await first.done
    expect(engine.isRunning('con_1')).toBe(false)
    await expect(engine.sync('con_1', { trigger: 'manual' })).resolves.toMatchObject({ status: 'succeeded' })
  })

  it.each([
    { name: 'unknown connection', id: 'con_nope', code: 'connection_not_found' },
  ])('rejects an $name', async ({ id, code }) => {
    const { engine } = await setup({})
    await expect(engine.sync(id, { trigger: 'manual' })).rejects.toMatchObject({ code })
  })

  it('rejects a paused connection and an unknown resource', async () => {
    const paused = await setup({}, { status: 'paused' })
    await expect(paused.engine.sync('con_1', { trigger: 'manual' })).rejects.toMatchObject({ code: 'connection_paused' })
    const active = await setup({})
    await expect(active.engine.sync('con_1', { trigger: 'manual', resources: ['nope'] })).rejects.toMatchObject({ code: 'invalid_request' })
  })

  it('keeps going when one resource fails: the run is partial', async () => {
    const { engine, events, store } = await setup({ '/people': listPeople(() => people(3)), '/teams': () => ({ status: 400, body: { error: 'bad' } }) })
    const run = await engine.sync('con_1', { trigger: 'manual' })
    expect(run.status).toBe('partial')
    expect(run.resources.people.status).toBe('succeeded')
    expect(run.resources.teams).toMatchObject({ status: 'failed', errors: [{ code: 'provider_error', resource: 'teams' }] })
    expect(run.errors.map((e) => e.resource)).toEqual(['teams'])
    expect(events.some((e) => e.type === 'connection.error')).toBe(true)
    expect((await store.getConnection('con_1'))?.lastError).toMatchObject({ code: 'provider_error' })
    expect(await store.getRun(run.id)).toMatchObject({ status: 'partial' })
  })

  it('counts a record that fails its model as invalid, with its id and field path, and stores the rest', async () => {
    const data = people(3)
    data[1].email = 'not an email'
    const { engine, store } = await setup({ '/people': listPeople(() => data), '/teams': () => ({ body: [{ id: 'a', name: 'Ops' }, { id: 'b' }] }) })
    const run = await engine.sync('con_1', { trigger: 'manual' })
    expect(run.status).toBe('succeeded')
    expect(run.resources.people.counts).toMatchObject({ fetched: 3, added: 2, invalid: 1 })
    expect(run.resources.people.errors).toEqual([expect.objectContaining({ code: 'mapping_invalid', remoteId: '2', details: [expect.objectContaining({ path: '/workEmail' })] })])
    expect(run.resources.teams.errors).toEqual([expect.objectContaining({ remoteId: 'b', details: [{ path: '/name', message: 'is required' }] })])
    expect([...(await store.getRecords('con_1', 'people', ['1', '2', '3'])).keys()].sort()).toEqual(['1', '3'])
  })

  it('advances the cursor only after a complete pass, and resumes a failed pass at the page that failed', async () => {
    const data = people(7)
    let failPage3 = true
    const { engine, store, api } = await setup({
      '/people': (url, init) => (failPage3 && url.searchParams.get('page') === '3' ? { status: 503, body: {} } : listPeople(() => data)(url, init)),
      '/teams': () => ({ body: [] }),
    })
    const failed = await engine.sync('con_1', { trigger: 'manual', resources: ['people'] })
    expect(failed.status).toBe('failed')
    const state = await store.getResourceState('con_1', 'people')
    expect(state?.cursor ?? null).toBeNull()
    expect(state?.checkpoint).toMatchObject({ pages: 2, full: true, page: { next: { index: 2, page: { number: 3 } } } })
    // The killed-or-failed pass and the resumed one count pages separately in their runs, together in the checkpoint.
    expect((await store.getRecords('con_1', 'people', data.map((p) => String(p.id)))).size).toBe(4)

    failPage3 = false
    const from = api.calls.length
    const resumed = await engine.sync('con_1', { trigger: 'resume', resources: ['people'] })
    expect(resumed.status).toBe('succeeded')
    expect(api.calls.slice(from).map((c) => c.url.searchParams.get('page'))).toEqual(['3', '4'])
    expect(resumed.resources.people).toMatchObject({ pages: 2, counts: { fetched: 3, added: 3 } })
    const after = await store.getResourceState('con_1', 'people')
    expect(after).toMatchObject({ cursor: String(T0 + 6 * 60), checkpoint: null })

    // The next run is incremental: it asks from the cursor minus the one-minute lookback, in unix seconds.
    const next = api.calls.length
    const incremental = await engine.sync('con_1', { trigger: 'schedule', resources: ['people'] })
    expect(api.calls[next].url.searchParams.get('since')).toBe(String(T0 + 5 * 60))
    expect(incremental.resources.people).toMatchObject({ full: false, counts: { fetched: 2, unchanged: 2, deleted: 0 } })
  })

  it('marks records not seen by a complete full pass deleted, and field-deleted records too', async () => {
    let data = people(4)
    let teams = [{ id: 'a', name: 'Ops', archived: false }, { id: 'b', name: 'Eng', archived: false }]
    const { engine, store, events } = await setup({ '/people': listPeople(() => data), '/teams': () => ({ body: teams }) })
    await engine.sync('con_1', { trigger: 'manual' })
    data = data.filter((p) => p.id !== 2)
    teams = [{ id: 'a', name: 'Ops', archived: false }, { id: 'b', name: 'Eng', archived: true }]
    const incremental = await engine.sync('con_1', { trigger: 'manual' })
    expect(incremental.resources.people.counts.deleted).toBe(0)
    expect(incremental.resources.teams.counts.deleted).toBe(1)
    const full = await engine.sync('con_1', { trigger: 'manual', full: true })
    expect(full.resources.people.counts).toMatchObject({ fetched: 3, unchanged: 3, deleted: 1 })
    const gone = (await store.getRecords('con_1', 'people', ['2'])).get('2')!
    expect(gone).toMatchObject({ lastAction: 'deleted', data: { firstName: 'P2' } })
    expect(gone.deletedAt).not.toBeNull()
    expect(events.filter((e) => e.type === 'record.deleted').map((e) => (e as { record: { remoteId: string } }).record.remoteId).sort()).toEqual(['2', 'b'])
  })

  it('marks the connection needs_reauth when auth_expired survives the token refresh', async () => {
    const manifest = demoManifest()
    manifest.auth = { type: 'oauth2', authorizationUrl: 'https://demo.test/a', tokenUrl: 'https://demo.test/t' }
    let invalidated = 0
    const { engine, store, events } = await setup({ '/people': () => ({ status: 401, body: {} }), '/teams': () => ({ body: [] }) }, {
      manifest, resolveAuth: async () => ({ credentials: {}, tokenProvider: { accessToken: async () => 'tok', invalidate: () => { invalidated++ } } }),
    })
    const run = await engine.sync('con_1', { trigger: 'manual' })
    expect(invalidated).toBe(1)
    expect(run.status).toBe('failed')
    expect(run.resources.people.errors[0].code).toBe('auth_expired')
    expect(run.resources.teams.status).toBe('skipped')
    expect((await store.getConnection('con_1'))?.status).toBe('needs_reauth')
    expect(events.filter((e) => e.type === 'connection.needs_reauth')).toHaveLength(1)
    await expect(engine.sync('con_1', { trigger: 'manual' })).rejects.toMatchObject({ code: 'connection_needs_reauth' })
  })

  it('marks the connection needs_reauth when the token provider reports invalid_grant', async () => {
    const manifest = demoManifest()
    manifest.auth = { type: 'oauth2', authorizationUrl: 'https://demo.test/a', tokenUrl: 'https://demo.test/t' }
    const { engine, store, events } = await setup({ '/people': () => ({ body: { items: [] } }) }, {
      manifest, resolveAuth: async () => ({ credentials: {}, tokenProvider: { accessToken: async () => { throw new MaestroError('connection_needs_reauth', 'refresh failed: invalid_grant') } } }),
    })
    const run = await engine.sync('con_1', { trigger: 'manual' })
    expect(run.status).toBe('failed')
    expect((await store.getConnection('con_1'))?.status).toBe('needs_reauth')
    expect(events.find((e) => e.type === 'connection.needs_reauth')).toMatchObject({ code: 'connection_needs_reauth', reason: expect.stringContaining('invalid_grant') })
  })

  it('never puts credentials in runs, errors or events', async () => {
    // The provider echoes the key back in its error body; the requester must redact it from what it reports.
    const echo: FakeRoute = (_url, init) => ({ status: 400, body: { echo: (init.headers as Record<string, string>)['x-api-key'] } })
    const { engine, events, api } = await setup({ '/people': echo, '/teams': () => ({ status: 500, body: {} }) })
    const run = await engine.sync('con_1', { trigger: 'manual' })
    expect(run.status).toBe('failed')
    expect(api.calls[0].headers['x-api-key']).toBe(API_KEY)
    expect(JSON.stringify(run)).toContain('echo')
    expect(JSON.stringify(run)).not.toContain(API_KEY)
    expect(JSON.stringify(events)).not.toContain(API_KEY)
  })
})

describe('webhook operations', () => {
  const routes = (data: Person[]): Record<string, FakeRoute> => ({
    '/people': listPeople(() => data),
    '/teams': () => ({ body: [] }),
    '/people/*': (url) => {
      const p = data.find((x) => `/people/${x.id}` === url.pathname)
      return p ? { body: { person: p } } : { status: 404, body: {} }
    },
  })

  it('refetches one record with get, null when the provider has none', async () => {
    const data = people(2)
    const { engine } = await setup(routes(data))
    await expect(engine.fetchOne('con_1', 'people', '2')).resolves.toEqual(data[1])
    await expect(engine.fetchOne('con_1', 'people', '99')).resolves.toBeNull()
    await expect(engine.fetchOne('con_1', 'teams', 'a')).rejects.toMatchObject({ code: 'invalid_request' })
  })

  it('applies delivered records with change detection and never lets an older version win', async () => {
    const data = people(2)
    const { engine, store, events } = await setup(routes(data))
    await engine.sync('con_1', { trigger: 'manual', resources: ['people'] })
    const newer = { ...data[0], name: 'Newer', updated: data[0].updated + 600 }
    await expect(engine.applyRecords('con_1', 'people', [newer], { source: 'webhook:1' })).resolves.toMatchObject({ counts: { updated: 1 } })
    await expect(engine.applyRecords('con_1', 'people', [newer], { source: 'webhook:2' })).resolves.toMatchObject({ counts: { unchanged: 1, updated: 0 } })
    // A sync that still reads the old version upstream must not undo the webhook's newer one.
    const full = await engine.sync('con_1', { trigger: 'manual', resources: ['people'], full: true })
    expect(full.resources.people.counts).toMatchObject({ updated: 0, unchanged: 2 })
    expect((await store.getRecords('con_1', 'people', ['1'])).get('1')).toMatchObject({ data: { firstName: 'Newer' } })
    const older = { ...data[0], name: 'Older', updated: data[0].updated - 600 }
    await expect(engine.applyRecords('con_1', 'people', [older], { source: 'webhook:3' })).resolves.toMatchObject({ counts: { unchanged: 1 } })
    const bad = await engine.applyRecords('con_1', 'people', [{ id: 9, name: 'X', email: 'nope', updated: T0 }], { source: 'webhook:4' })
    expect(bad).toMatchObject({ counts: { invalid: 1 }, errors: [{ remoteId: '9', details: { source: 'webhook:4' } }] })
    expect(events.filter((e) => e.type === 'record.updated').map((e) => (e as { runId: string | null }).runId)).toEqual([null])
  })

  it('marks delivered deletions, once', async () => {
    const { engine, store, events } = await setup(routes(people(2)))
    await engine.sync('con_1', { trigger: 'manual', resources: ['people'] })
    await expect(engine.markDeleted('con_1', 'people', ['1'])).resolves.toMatchObject({ counts: { deleted: 1 } })
    await expect(engine.markDeleted('con_1', 'people', ['1', '404'])).resolves.toMatchObject({ counts: { deleted: 0, unchanged: 2 } })
    expect((await store.getRecords('con_1', 'people', ['1'])).get('1')).toMatchObject({ lastAction: 'deleted' })
    expect(events.filter((e) => e.type === 'record.deleted')).toHaveLength(1)
  })

  it('shares one rate budget per connection', async () => {
    const { engine } = await setup({})
    expect(await engine.budgetFor('con_1')).toBe(await engine.budgetFor('con_1'))
  })
})

describe('credentials that cannot be read', () => {
  it('fail the run with every resource skipped, and say so on the bus', async () => {
    const { engine, events } = await setup({ '/people': () => ({ body: { items: [] } }) }, {
      resolveAuth: async () => { throw new MaestroError('credentials_unreadable', 'The secret key changed.') },
    })
    const run = await engine.sync('con_1', { trigger: 'manual' })
    expect(run.status).toBe('failed')
    expect(Object.values(run.resources).map((r) => r.status)).toEqual(['skipped', 'skipped'])
    expect(run.errors[0]).toMatchObject({ code: 'credentials_unreadable' })
    expect(events.find((e) => e.type === 'connection.error')).toMatchObject({ error: { code: 'credentials_unreadable' } })
  })
})
