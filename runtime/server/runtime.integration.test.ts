/**
 * The real runtime's graceful-shutdown step (`Runtime.drain`) against the Harvest simulator on 127.0.0.1:
 * schedules stop first, running syncs end and are stored, a run started meanwhile is waited for too, and
 * the grace period is a real bound.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startHarvestSimulator, type HarvestSimulator } from '../../examples/sandbox/simulators/harvest.ts'
import { createApp } from './app.ts'
import { createRuntime, type Runtime } from './runtime.ts'

const ADMIN = `admin-${randomBytes(16).toString('hex')}`
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

let harvest: HarvestSimulator
let dir: string
let runtime: Runtime

beforeAll(async () => {
  harvest = await startHarvestSimulator({ seed: 11, counts: { users: 12, timeEntries: 30 } })
})
afterAll(async () => { await harvest?.close() })

async function start(): Promise<Runtime> {
  dir = await mkdtemp(join(tmpdir(), 'maestro-runtime-'))
  runtime = await createRuntime({
    dataDir: dir, connectorsDir: 'connectors', configFile: join(dir, 'no-config.json'), logger: quiet,
    env: { MAESTRO_ADMIN_TOKEN: ADMIN, MAESTRO_SECRET_KEY: randomBytes(32).toString('base64'), MAESTRO_APP_HARVEST_BASE_URL: harvest.url },
  })
  return runtime
}
afterEach(async () => {
  harvest.faults.clear()
  await runtime?.close()
  await rm(dir, { recursive: true, force: true })
})

/** A Harvest connection created through the API, as an admin would. */
async function connect(schedule?: string): Promise<string> {
  const res = await createApp(runtime.deps).request('/connections', {
    method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'acme', connector: 'harvest', config: { accountId: harvest.credentials.accountId }, credentials: { accessToken: harvest.credentials.accessToken }, ...(schedule ? { schedule } : {}) }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

const sync = async (connectionId: string) => runtime.deps.engine.start(connectionId, { trigger: 'api', resources: ['employees'] })
const statusOf = async (runId: string) => (await runtime.deps.store.getRun(runId))?.status

describe('Runtime.drain', () => {
  it('resolves true at once when nothing runs', async () => {
    await start()
    const t0 = performance.now()
    expect(await runtime.drain(5_000)).toBe(true)
    expect(performance.now() - t0).toBeLessThan(200)
  })

  it('stops the schedules before waiting, so no scheduled run starts during shutdown', async () => {
    await start()
    const id = await connect('0 3 * * *')
    expect(runtime.deps.scheduler!.nextRunAt(id)).toBeInstanceOf(Date)
    expect(await runtime.drain(5_000)).toBe(true)
    expect(runtime.deps.scheduler!.nextRunAt(id)).toBeNull()
  })

  it('waits for running syncs, including one started while draining, and both are stored finished', async () => {
    await start()
    const [a, b] = [await connect(), await connect()]
    // The first run's request is held while the drain begins; the second run, started after it, is slower still.
    harvest.faults.plan([{ kind: 'delay', ms: 100 }, { kind: 'delay', ms: 300 }])
    const first = await sync(a)
    for (let i = 0; i < 200 && harvest.faults.fired === 0; i++) await new Promise((r) => setTimeout(r, 5))
    const draining = runtime.drain(10_000)
    // Started once the drain is already waiting: it must be waited for as well.
    await new Promise((r) => setTimeout(r, 20))
    expect(runtime.deps.engine.isRunning(a)).toBe(true)
    const second = await sync(b)
    expect(await draining).toBe(true)
    expect([runtime.deps.engine.isRunning(a), runtime.deps.engine.isRunning(b)]).toEqual([false, false])
    expect([await statusOf(first.runId), await statusOf(second.runId)]).toEqual(['succeeded', 'succeeded'])
  })

  it('gives up after the grace period with false, and the run still ends on its own', async () => {
    await start()
    const id = await connect()
    harvest.faults.next(1, { kind: 'delay', ms: 600 })
    const run = await sync(id)
    const t0 = performance.now()
    expect(await runtime.drain(50)).toBe(false)
    expect(performance.now() - t0).toBeLessThan(500)
    expect(runtime.deps.engine.isRunning(id)).toBe(true)
    await run.done
    expect(await statusOf(run.runId)).toBe('succeeded')
  })
})
