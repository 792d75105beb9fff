// A sync process killed with SIGKILL mid-walk, then started again: the new run resumes from the last
// checkpoint (it does not refetch from page 1) and the store ends with exactly the upstream records.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { startGustoSimulator, startHarvestSimulator } from '../examples/sandbox/simulators/index.ts'
import { createLowdbStore } from '../runtime/store/lowdb-store.ts'
import type { ChildArgs } from './helpers/sync-child.ts'
import { fastHttp, openHarness, storedRecords, testConnector } from './helpers/sync-harness.ts'
import { tempDirs } from './helpers/temp-dir.ts'

const temp = tempDirs('maestro-kill-')
const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close()
  await temp.cleanup()
})

const ROOT = join(import.meta.dirname, '..')

/** Run the child sync and SIGKILL it once it has reported `batches` committed batches. */
async function syncAndKill(args: ChildArgs, batches: number): Promise<{ lines: string[]; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/helpers/sync-child.ts'), JSON.stringify(args)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += d })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line)
    if (lines.filter((l) => l.startsWith('progress')).length >= batches) {
      child.kill('SIGKILL')
      break
    }
  }
  const signal = await exited
  clearTimeout(timer)
  if (signal !== 'SIGKILL') throw new Error(`child ended before it was killed: ${lines.join(' | ')} ${stderr}`)
  return { lines, signal }
}

describe('killed mid-sync, started again', () => {
  it('Harvest: resumes from the checkpoint and loses nothing', async () => {
    const sim = await startHarvestSimulator({ counts: { users: 200, timeEntries: 0 } })
    closers.push(sim.close)
    // Slow pages so the kill lands mid-walk.
    sim.faults.everyNth(1, { kind: 'delay', ms: 30 }, 10_000, { path: '/v2/users' })
    const dir = await temp.make()
    const base = { dir, connector: 'harvest', baseUrl: sim.url, config: { accountId: sim.credentials.accountId }, credentials: { accessToken: sim.credentials.accessToken }, flushEvery: 10 }

    const { lines } = await syncAndKill({ ...base, resources: ['employees'], pageSize: { employees: { query: 'per_page', size: 10 } } }, 5)
    expect(lines.filter((l) => l.startsWith('progress employees'))).toHaveLength(5)
    const requestsBeforeResume = sim.requests.length

    // What the killed process left on disk: some records and a checkpoint, the cursor not yet advanced.
    const peek = createLowdbStore({ dir })
    await peek.open()
    const state = await peek.getResourceState('con_test', 'employees')
    const storedAtKill = await storedRecords(peek, 'con_test', 'employees')
    await peek.close()
    expect(state?.cursor ?? null).toBeNull()
    expect(state?.checkpoint?.pages).toBeGreaterThanOrEqual(5)
    expect(storedAtKill.size).toBeGreaterThanOrEqual(50)
    expect(storedAtKill.size).toBeLessThan(200)

    const connector = await testConnector('harvest', (m) => { fastHttp(m); m.resources.employees.list.query!.per_page = 10 })
    const h = await openHarness({ ...base, connector, engine: { flushEvery: 10 } })
    closers.push(h.close)
    const run = await h.engine.sync(h.connection.id, { trigger: 'resume', resources: ['employees'] })

    expect(run.status).toBe('succeeded')
    const resumed = sim.requests.slice(requestsBeforeResume).filter((r) => r.path === '/v2/users')
    // Page 1 of a Harvest walk carries no cursor; the resumed walk starts from a stored next link.
    expect(resumed[0].query.cursor).toBeDefined()
    expect(resumed.length).toBeLessThanOrEqual(20 - storedAtKill.size / 10 + 1)
    expect(h.events.find((e) => e.type === 'resource.started')).toMatchObject({ resumed: true })
    expect(run.resources.employees.counts.added).toBe(200 - storedAtKill.size)
    const stored = await storedRecords(h.store, h.connection.id, 'employees')
    expect([...stored.keys()].sort()).toEqual([...sim.data.users.keys()].map(String).sort())
    // The cursor moved only now, to the newest record stored.
    const newest = Math.max(...[...sim.data.users.values()].map((u) => Date.parse(u.updated_at)))
    expect(Date.parse((await h.store.getResourceState(h.connection.id, 'employees'))!.cursor!)).toBe(newest)
    expect((await h.store.getResourceState(h.connection.id, 'employees'))!.checkpoint ?? null).toBeNull()
    // The killed run is closed as failed rather than left running forever.
    const runs = await h.store.listRuns({ connectionId: h.connection.id })
    expect(runs.items.map((r) => r.status).sort()).toEqual(['failed', 'succeeded'])
  })

  it('Gusto: a child resource resumes inside its parent and loses nothing', async () => {
    const sim = await startGustoSimulator({ counts: { employees: 150, payrolls: 0 } })
    closers.push(sim.close)
    const path = `/v1/companies/${sim.credentials.companyId}/employees`
    sim.faults.everyNth(1, { kind: 'delay', ms: 30 }, 10_000, { path })
    const dir = await temp.make()
    const base = { dir, connector: 'gusto', baseUrl: sim.url, config: { companyUuid: sim.credentials.companyId }, credentials: {}, accessToken: sim.credentials.accessToken, flushEvery: 10 }

    await syncAndKill({ ...base, resources: ['employees'], pageSize: { employees: { paginate: true, size: 10 } } }, 6)
    const requestsBeforeResume = sim.requests.length

    const connector = await testConnector('gusto', (m) => {
      fastHttp(m)
      const p = m.resources.employees.list.paginate
      if (p.type === 'page') p.size = 10
    })
    const h = await openHarness({ ...base, connector, engine: { flushEvery: 10 } })
    closers.push(h.close)
    const storedAtKill = (await storedRecords(h.store, h.connection.id, 'employees')).size
    expect(storedAtKill).toBeGreaterThanOrEqual(40)
    const run = await h.engine.sync(h.connection.id, { trigger: 'resume', resources: ['employees'] })

    expect(run.status).toBe('succeeded')
    const firstPage = sim.requests.slice(requestsBeforeResume).find((r) => r.path === path)!
    expect(Number(firstPage.query.page)).toBeGreaterThan(1)
    expect(run.resources.employees.counts.added).toBe(150 - storedAtKill)
    const stored = await storedRecords(h.store, h.connection.id, 'employees')
    expect([...stored.keys()].sort()).toEqual([...sim.data.employees.keys()].sort())
  })
})
