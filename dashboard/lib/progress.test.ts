import { describe, expect, it } from 'vitest'
import type { LiveEvent, ResourceRun, Run } from '../api/types.ts'
import { applyLiveEvent, expectedFrom, fetchedOf, liveRunFrom, progressOf } from './progress.ts'

const zero = { fetched: 0, added: 0, updated: 0, unchanged: 0, deleted: 0, invalid: 0 }
const resource = (status: ResourceRun['status'], fetched = 0): ResourceRun => ({ status, counts: { ...zero, fetched }, pages: 0, retries: 0, rateLimitWaits: 0, full: true, errors: [] })
const run = (status: Run['status'], resources: Record<string, ResourceRun>): Run => ({
  id: 'run_1', connectionId: 'con_1', tenant: 't', connector: 'harvest', trigger: 'api', status, resources, counts: zero, startedAt: '2025-01-01T00:00:00Z', errors: [],
})
const at = '2025-01-01T00:00:01Z'

describe('a live run from the event stream', () => {
  it('moves from 0 to just under 1 while running and reaches 1 when the run ends', () => {
    const expected = expectedFrom(run('succeeded', { employees: resource('succeeded', 40), timeEntries: resource('succeeded', 300) }))
    const events: LiveEvent[] = [
      { type: 'run.started', at, connectionId: 'con_1', run: run('running', { employees: resource('pending'), timeEntries: resource('pending') }) },
      { type: 'resource.started', at, connectionId: 'con_1', runId: 'run_1', resource: 'employees', full: true, resumed: false },
      { type: 'run.progress', at, connectionId: 'con_1', runId: 'run_1', resource: 'employees', pages: 1, counts: { ...zero, fetched: 20 } },
      { type: 'resource.finished', at, connectionId: 'con_1', runId: 'run_1', resource: 'employees', result: resource('succeeded', 40) },
      { type: 'run.progress', at, connectionId: 'con_1', runId: 'run_1', resource: 'timeEntries', pages: 3, counts: { ...zero, fetched: 300 } },
      { type: 'resource.finished', at, connectionId: 'con_1', runId: 'run_1', resource: 'timeEntries', result: resource('succeeded', 300) },
      { type: 'run.finished', at, connectionId: 'con_1', run: { ...run('succeeded', { employees: resource('succeeded', 40), timeEntries: resource('succeeded', 300) }), finishedAt: at } },
    ]
    let live = undefined as ReturnType<typeof applyLiveEvent>
    const seen: number[] = []
    for (const e of events) {
      live = applyLiveEvent(live, e, 'con_1', expected)
      seen.push(progressOf(live!))
    }
    expect(seen[0]).toBe(0)
    expect(seen[2]).toBeCloseTo(0.25)
    expect(seen[3]).toBeCloseTo(0.5)
    expect(seen[4]).toBeLessThan(1)
    expect(seen[5]).toBe(0.99)
    expect(seen[6]).toBe(1)
    expect([...seen].sort((a, b) => a - b)).toEqual(seen)
    expect(fetchedOf(live!)).toBe(340)
  })

  it('ignores other connections and other runs', () => {
    const live = liveRunFrom(run('running', { employees: resource('running') }))
    const other: LiveEvent = { type: 'run.progress', at, connectionId: 'con_2', runId: 'run_1', resource: 'employees', pages: 9, counts: { ...zero, fetched: 9 } }
    const stale: LiveEvent = { type: 'run.progress', at, connectionId: 'con_1', runId: 'run_0', resource: 'employees', pages: 9, counts: { ...zero, fetched: 9 } }
    expect(applyLiveEvent(live, other, 'con_1')).toBe(live)
    expect(applyLiveEvent(live, stale, 'con_1')).toBe(live)
    expect(applyLiveEvent(undefined, stale, 'con_1')).toBeUndefined()
  })

  it('estimates a first run from its pages, never reaching the end early', () => {
    const live = liveRunFrom(run('running', { a: { ...resource('running'), pages: 40 } }))
    expect(progressOf(live)).toBeGreaterThan(0.8)
    expect(progressOf(live)).toBeLessThan(0.99)
  })
})
