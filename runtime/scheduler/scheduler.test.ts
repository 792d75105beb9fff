import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MaestroError } from '../errors.ts'
import { createEventBus } from '../events/bus.ts'
import type { AuditEntry, Connection } from '../store/types.ts'
import { jitterBound, jitterFor } from './jitter.ts'
import { createScheduler, type Scheduler } from './scheduler.ts'

const T0 = Date.parse('2025-03-01T12:00:30.000Z')
const conn = (id: string, extra: Partial<Connection> = {}): Connection => ({
  id, tenant: 'acme', connector: 'keyco', status: 'active', config: {}, credentials: null, createdAt: 'x', updatedAt: 'x', ...extra,
})

function setup(connections: Connection[], maxJitterMs = 20_000) {
  const table = new Map(connections.map((c) => [c.id, c]))
  const audit: AuditEntry[] = []
  const running = new Set<string>()
  const started: string[] = []
  const store = {
    listConnections: async () => [...table.values()],
    getConnection: async (id: string) => table.get(id),
    appendAudit: async (e: AuditEntry) => { audit.push(e) },
  }
  const engine = {
    isRunning: (id: string) => running.has(id),
    start(id: string) {
      if (running.has(id)) throw new MaestroError('sync_in_progress', 'running')
      running.add(id)
      started.push(id)
      return { runId: `run_${started.length}`, done: Promise.resolve() }
    },
  }
  const bus = createEventBus()
  const connectors = new Map([['keyco', { manifest: { schedule: '0 */6 * * *' } }], ['plain', { manifest: {} }]])
  const scheduler = createScheduler({ store, engine, bus, connectors, maxJitterMs })
  return { scheduler, table, audit, running, started, bus }
}

let scheduler: Scheduler | undefined
beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(T0)
})
afterEach(async () => {
  await scheduler?.stop()
  scheduler = undefined
  vi.useRealTimers()
})

describe('jitter', () => {
  it('is deterministic per connection and within its bound', () => {
    const offsets = Array.from({ length: 500 }, (_, i) => jitterFor(`con_${i}`, 60_000))
    for (const [i, o] of offsets.entries()) {
      expect(o).toBeGreaterThanOrEqual(0)
      expect(o).toBeLessThan(60_000)
      expect(jitterFor(`con_${i}`, 60_000)).toBe(o)
    }
    // Spread: a thundering herd becomes a trickle (no bucket of a tenth of the window holds a quarter of them).
    const buckets = new Array(10).fill(0)
    for (const o of offsets) buckets[Math.floor(o / 6000)]++
    expect(Math.max(...buckets)).toBeLessThan(125)
  })

  it.each([
    { name: 'hourly schedule keeps the full bound', max: 60_000, gap: 3600_000, bound: 60_000 },
    { name: 'every minute: a tenth of the period', max: 60_000, gap: 60_000, bound: 6000 },
    { name: 'no jitter asked', max: 0, gap: 60_000, bound: 0 },
  ])('bound: $name', ({ max, gap, bound }) => {
    expect(jitterBound(max, gap)).toBe(bound)
  })
})

describe('scheduler', () => {
  it('schedules from the connection, else the connector default; null, paused or pending are not scheduled', async () => {
    const s = setup([
      conn('own', { schedule: '*/5 * * * *' }),
      conn('default'),
      conn('off', { schedule: null }),
      conn('paused', { status: 'paused', schedule: '*/5 * * * *' }),
      conn('pending', { status: 'pending', schedule: '*/5 * * * *' }),
      conn('nodefault', { connector: 'plain' }),
    ])
    scheduler = s.scheduler
    await scheduler.start()
    expect(scheduler.scheduleOf('own')).toBe('*/5 * * * *')
    expect(scheduler.scheduleOf('default')).toBe('0 */6 * * *')
    for (const id of ['off', 'paused', 'pending', 'nodefault']) expect(scheduler.nextRunAt(id)).toBeNull()
    const next = scheduler.nextRunAt('own')!.getTime()
    const boundary = Date.parse('2025-03-01T12:05:00.000Z')
    // Jitter of a 5-minute schedule is capped at 30 s (a tenth of the period) even though 20 s was the max.
    expect(next - boundary).toBe(jitterFor('own', 20_000))
    const six = scheduler.nextRunAt('default')!.getTime() - Date.parse('2025-03-01T18:00:00.000Z')
    expect(six).toBe(jitterFor('default', 20_000))
  })

  it('starts a run at the cron time plus the jitter, not before', async () => {
    const s = setup([conn('c1', { schedule: '* * * * *' })], 60_000)
    scheduler = s.scheduler
    await scheduler.start()
    const due = scheduler.nextRunAt('c1')!.getTime()
    await vi.advanceTimersByTimeAsync(due - Date.now() - 5)
    expect(s.started).toEqual([])
    await vi.advanceTimersByTimeAsync(10)
    expect(s.started).toEqual(['c1'])
  })

  it('never overlaps runs of one connection: a tick during a run is skipped and audited', async () => {
    const s = setup([conn('c1', { schedule: '* * * * *' })], 0)
    scheduler = s.scheduler
    await scheduler.start()
    await vi.advanceTimersByTimeAsync(31_000)
    expect(s.started).toEqual(['c1'])
    // The run is still going at the next minute.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(s.started).toEqual(['c1'])
    expect(s.audit).toEqual([expect.objectContaining({ action: 'schedule.skipped', target: 'c1', tenant: 'acme', actor: 'system' })])
    s.running.delete('c1')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(s.started).toEqual(['c1', 'c1'])
  })

  it('follows connections created, changed, paused and deleted', async () => {
    const s = setup([])
    scheduler = s.scheduler
    await scheduler.start()
    const c = conn('new', { schedule: '*/10 * * * *' })
    s.table.set(c.id, c)
    s.bus.emit({ type: 'connection.created', tenant: 'acme', connectionId: c.id, connection: c })
    expect(scheduler.scheduleOf('new')).toBe('*/10 * * * *')
    const changed = { ...c, schedule: '0 * * * *' }
    s.bus.emit({ type: 'connection.updated', tenant: 'acme', connectionId: c.id, connection: changed })
    expect(scheduler.scheduleOf('new')).toBe('0 * * * *')
    s.bus.emit({ type: 'connection.updated', tenant: 'acme', connectionId: c.id, connection: { ...changed, status: 'paused' } })
    expect(scheduler.nextRunAt('new')).toBeNull()
    s.bus.emit({ type: 'connection.updated', tenant: 'acme', connectionId: c.id, connection: { ...changed, status: 'active' } })
    expect(scheduler.nextRunAt('new')).not.toBeNull()
    s.bus.emit({ type: 'connection.deleted', tenant: 'acme', connectionId: c.id })
    expect(scheduler.nextRunAt('new')).toBeNull()
  })

  it('does not start a run for a connection paused between the tick and the jittered start', async () => {
    const s = setup([conn('c1', { schedule: '* * * * *' })], 60_000)
    scheduler = s.scheduler
    await scheduler.start()
    // Paused in the store only (no event): the check at fire time still sees it.
    s.table.set('c1', conn('c1', { schedule: '* * * * *', status: 'paused' }))
    await vi.advanceTimersByTimeAsync(120_000)
    expect(s.started).toEqual([])
  })

  it('stops every job on stop()', async () => {
    const s = setup([conn('c1', { schedule: '* * * * *' })], 0)
    scheduler = s.scheduler
    await scheduler.start()
    await scheduler.stop()
    await vi.advanceTimersByTimeAsync(180_000)
    expect(s.started).toEqual([])
    expect(scheduler.nextRunAt('c1')).toBeNull()
  })
})
