// End to end on 127.0.0.1: each connector synced from its simulator into a lowdb store, twice, then again
// after a change and a deletion upstream.
import { afterAll, describe, expect, it } from 'vitest'
import { startBambooHRSimulator, startGustoSimulator, startHarvestSimulator } from '../examples/sandbox/simulators/index.ts'
import type { MaestroEvent } from '../runtime/events/types.ts'
import type { Run } from '../runtime/store/types.ts'
import { fastHttp, openHarness, storedRecords, testConnector, type Harness } from './helpers/sync-harness.ts'
import { tempDirs } from './helpers/temp-dir.ts'

const temp = tempDirs('maestro-sync-')
const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close()
  await temp.cleanup()
})

const recordEvents = (events: MaestroEvent[], runId: string) =>
  events.filter((e) => e.type.startsWith('record.') && (e as { runId?: string | null }).runId === runId)

/** Record files the store wrote while `fn` ran (control files such as runs and states are not records). */
const recordFileWrites = async (h: Harness, fn: () => Promise<unknown>) => {
  const from = h.fileWrites.length
  await fn()
  return h.fileWrites.slice(from).filter((f) => f.startsWith('records'))
}

const liveIds = async (h: Harness, resource: string) =>
  [...(await storedRecords(h.store, h.connection.id, resource)).values()].filter((r) => r.deletedAt === null).map((r) => r.remoteId).sort()

describe('Harvest: users and time entries, incremental by updated_since', () => {
  it('syncs, re-syncs incrementally without writes, then sees a change and (on a full run) a deletion', async () => {
    const sim = await startHarvestSimulator({ counts: { users: 45, timeEntries: 130 } })
    closers.push(sim.close)
    const connector = await testConnector('harvest', (m) => {
      fastHttp(m)
      m.resources.employees.list.query!.per_page = 20
      m.resources.timeEntries.list.query!.per_page = 25
    })
    const h = await openHarness({ dir: await temp.make(), connector, baseUrl: sim.url, config: { accountId: sim.credentials.accountId }, credentials: { accessToken: sim.credentials.accessToken } })
    closers.push(h.close)

    const first = await h.engine.sync(h.connection.id, { trigger: 'manual' })
    expect(first.status).toBe('succeeded')
    expect(first.resources.employees.counts).toMatchObject({ fetched: 45, added: 45, updated: 0, invalid: 0 })
    expect(first.resources.timeEntries.counts).toMatchObject({ fetched: 130, added: 130, invalid: 0 })
    expect(first.resources.employees.pages).toBe(3)
    expect(await liveIds(h, 'employees')).toEqual([...sim.data.users.keys()].map(String).sort())
    expect(await liveIds(h, 'timeEntries')).toEqual([...sim.data.timeEntries.keys()].map(String).sort())
    // Every request carried the three headers Harvest requires.
    expect(sim.requests.every((r) => r.headers['user-agent'] && r.headers['harvest-account-id'] === sim.credentials.accountId && r.headers.authorization === `Bearer ${sim.credentials.accessToken}`)).toBe(true)

    expect(h.fileWrites.some((f) => f.startsWith('records'))).toBe(true)
    const before = sim.requests.length
    let second!: Run
    expect(await recordFileWrites(h, async () => { second = await h.engine.sync(h.connection.id, { trigger: 'manual' }) })).toEqual([])
    expect(second.status).toBe('succeeded')
    expect(second.resources.employees.full).toBe(false)
    expect(second.counts).toMatchObject({ added: 0, updated: 0, deleted: 0, invalid: 0 })
    expect(recordEvents(h.events, second.id)).toEqual([])
    // Incremental: the second run asked only for what changed since the stored cursor (minus the 5-minute lookback).
    const usersRequest = sim.requests.slice(before).find((r) => r.path === '/v2/users')!
    const newest = Math.max(...[...sim.data.users.values()].map((u) => Date.parse(u.updated_at)))
    expect(Date.parse(usersRequest.query.updated_since)).toBe(newest - 5 * 60_000)
    expect(second.resources.employees.counts.fetched).toBeLessThan(45)

    const [changedId, deletedId] = [...sim.data.users.keys()]
    sim.update('users', changedId, { first_name: 'Renamed' })
    sim.remove('users', deletedId)
    const third = await h.engine.sync(h.connection.id, { trigger: 'manual', resources: ['employees'] })
    expect(third.resources.employees.counts).toMatchObject({ updated: 1, deleted: 0, added: 0 })
    expect(Object.keys(third.resources)).toEqual(['employees'])

    const fourth = await h.engine.sync(h.connection.id, { trigger: 'manual', resources: ['employees'], full: true })
    expect(fourth.resources.employees.full).toBe(true)
    expect(fourth.resources.employees.counts).toMatchObject({ fetched: 44, added: 0, updated: 0, unchanged: 44, deleted: 1 })
    const stored = await storedRecords(h.store, h.connection.id, 'employees')
    expect(stored.size).toBe(45)
    expect(stored.get(String(changedId))).toMatchObject({ lastAction: 'updated', data: { firstName: 'Renamed' }, deletedAt: null })
    expect(stored.get(String(deletedId))).toMatchObject({ lastAction: 'deleted', deletedAt: expect.any(String) })
    expect(recordEvents(h.events, third.id).map((e) => e.type)).toEqual(['record.updated'])
    expect(recordEvents(h.events, fourth.id).map((e) => e.type)).toEqual(['record.deleted'])
  })
})

describe('BambooHR: employees by cursor, time off unpaginated, both read whole', () => {
  it('syncs, re-syncs without writes, then sees a change, a deletion and a cancellation', async () => {
    const sim = await startBambooHRSimulator({ counts: { employees: 57, timeOffRequests: 33 } })
    closers.push(sim.close)
    const connector = await testConnector('bamboohr', (m) => {
      fastHttp(m)
      m.resources.employees.list.query!['page[limit]'] = 10
    })
    const h = await openHarness({ dir: await temp.make(), connector, baseUrl: sim.url, config: { companyDomain: sim.credentials.companyDomain }, credentials: { apiKey: sim.credentials.apiKey } })
    closers.push(h.close)

    const first = await h.engine.sync(h.connection.id, { trigger: 'manual' })
    expect(first.status).toBe('succeeded')
    expect(first.resources.employees).toMatchObject({ pages: 6, counts: { fetched: 57, added: 57, invalid: 0 } })
    expect(first.resources.timeOff.counts).toMatchObject({ fetched: 33, added: 33, invalid: 0 })
    expect(await liveIds(h, 'employees')).toEqual([...sim.data.employees.keys()].sort())
    expect(await liveIds(h, 'timeOff')).toEqual([...sim.data.timeOffRequests.keys()].sort())
    const auth = 'Basic ' + Buffer.from(`${sim.credentials.apiKey}:x`).toString('base64')
    expect(sim.requests.every((r) => r.headers.authorization === auth && String(r.headers.accept).includes('application/json'))).toBe(true)

    let second!: Run
    expect(await recordFileWrites(h, async () => { second = await h.engine.sync(h.connection.id, { trigger: 'schedule' }) })).toEqual([])
    expect(second.counts).toMatchObject({ fetched: 90, added: 0, updated: 0, deleted: 0, unchanged: 90 })
    expect(recordEvents(h.events, second.id)).toEqual([])

    const [changedId, deletedId] = [...sim.data.employees.keys()]
    const canceledId = [...sim.data.timeOffRequests.values()].find((r) => r.status.status !== 'canceled')!.id
    sim.update('employees', changedId, { jobTitle: 'Chief Baker' })
    sim.remove('employees', deletedId)
    sim.remove('timeOffRequests', canceledId)
    const third = await h.engine.sync(h.connection.id, { trigger: 'manual' })
    expect(third.resources.employees.counts).toMatchObject({ fetched: 56, updated: 1, deleted: 1, added: 0 })
    expect(third.resources.timeOff.counts).toMatchObject({ updated: 1, deleted: 0 })
    const employees = await storedRecords(h.store, h.connection.id, 'employees')
    expect(employees.get(changedId)).toMatchObject({ lastAction: 'updated', data: { jobTitle: 'Chief Baker' } })
    expect(employees.get(deletedId)).toMatchObject({ lastAction: 'deleted', deletedAt: expect.any(String) })
    const timeOff = await storedRecords(h.store, h.connection.id, 'timeOff')
    expect(timeOff.get(canceledId)).toMatchObject({ lastAction: 'updated', data: { status: 'CANCELED' } })
  })
})

describe('Gusto: company, then its employees and payrolls as child resources', () => {
  it('syncs parents before children, re-syncs without writes, then sees a change and a deletion', async () => {
    const sim = await startGustoSimulator({ counts: { employees: 43, payrolls: 12 } })
    closers.push(sim.close)
    const connector = await testConnector('gusto', (m) => {
      fastHttp(m)
      for (const r of ['employees', 'payrolls'] as const) {
        const p = m.resources[r].list.paginate
        if (p.type === 'page') p.size = 10
      }
    })
    const h = await openHarness({
      dir: await temp.make(), connector, baseUrl: sim.url, config: { companyUuid: sim.credentials.companyId }, credentials: {}, accessToken: sim.credentials.accessToken,
    })
    closers.push(h.close)

    const first = await h.engine.sync(h.connection.id, { trigger: 'manual' })
    expect(first.status).toBe('succeeded')
    expect(Object.keys(first.resources)).toEqual(['companies', 'employees', 'payrolls'])
    expect(first.resources.companies.counts).toMatchObject({ fetched: 1, added: 1 })
    expect(first.resources.employees).toMatchObject({ pages: 5, counts: { fetched: 43, added: 43, invalid: 0 } })
    const payrollsUpstream = first.resources.payrolls.counts.fetched
    expect(payrollsUpstream).toBeGreaterThan(0)
    expect(first.resources.payrolls.counts).toMatchObject({ added: payrollsUpstream, invalid: 0 })
    expect(await liveIds(h, 'employees')).toEqual([...sim.data.employees.keys()].sort())
    expect(sim.requests.every((r) => r.headers['x-gusto-api-version'] === '2025-06-15' && r.headers.authorization === `Bearer ${sim.credentials.accessToken}`)).toBe(true)
    // The child's path was built from the parent record.
    expect(sim.requests.some((r) => r.path === `/v1/companies/${sim.credentials.companyId}/employees` && r.query.page === '5' && r.query.per === '10')).toBe(true)

    let second!: Run
    expect(await recordFileWrites(h, async () => { second = await h.engine.sync(h.connection.id, { trigger: 'manual' }) })).toEqual([])
    expect(second.counts).toMatchObject({ added: 0, updated: 0, deleted: 0 })
    expect(recordEvents(h.events, second.id)).toEqual([])

    const [changedId, deletedId] = [...sim.data.employees.keys()]
    sim.update('employees', changedId, { last_name: 'Newname' })
    // Gusto terminates rather than deletes (the simulator's remove); a record vanishing outright is the full refresh's case.
    sim.data.employees.delete(deletedId)
    const third = await h.engine.sync(h.connection.id, { trigger: 'manual', resources: ['employees'] })
    expect(Object.keys(third.resources)).toEqual(['companies', 'employees'])
    expect(third.resources.employees.counts).toMatchObject({ fetched: 42, updated: 1, deleted: 1, added: 0 })
    const employees = await storedRecords(h.store, h.connection.id, 'employees')
    expect(employees.get(changedId)).toMatchObject({ lastAction: 'updated', data: { lastName: 'Newname' } })
    expect(employees.get(deletedId)).toMatchObject({ lastAction: 'deleted', deletedAt: expect.any(String) })
  })
})
