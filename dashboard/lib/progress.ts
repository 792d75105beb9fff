/**
 * @module A running sync as the live stream reveals it, and how far along it is. Providers do not say how
 * many records a resource has, so a resource's share is estimated from what the previous run fetched.
 */
import type { LiveEvent, ResourceRun, Run, RunCounts } from '../api/types.ts'

export interface LiveResource {
  status: ResourceRun['status']
  fetched: number
  pages: number
  /** Records the previous run fetched: the estimate of this run's size. */
  expected?: number
}

export interface LiveRun {
  id: string
  connectionId: string
  status: Run['status']
  resources: Record<string, LiveResource>
  startedAt: string
  finishedAt?: string
  counts?: RunCounts
}

/** A live run from a run record (the `sync` response or `run.started`). */
export function liveRunFrom(run: Run, expected: Record<string, number> = {}): LiveRun {
  return {
    id: run.id,
    connectionId: run.connectionId,
    status: run.status,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    counts: run.counts,
    resources: Object.fromEntries(Object.entries(run.resources).map(([name, r]) => [name, {
      status: r.status, fetched: r.counts.fetched, pages: r.pages, ...(expected[name] ? { expected: expected[name] } : {}),
    }])),
  }
}

/** Records fetched per resource by a finished run: the next run's size estimate. */
export const expectedFrom = (run: Run | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(run?.resources ?? {}).map(([name, r]) => [name, r.counts.fetched]))

/**
 * Fold one live event into the run of `connectionId`. Events of other connections and runs leave it
 * unchanged; `run.started` replaces it.
 */
export function applyLiveEvent(current: LiveRun | undefined, e: LiveEvent, connectionId: string, expected: Record<string, number> = {}): LiveRun | undefined {
  if (!('connectionId' in e) || e.connectionId !== connectionId) return current
  if (e.type === 'run.started') return liveRunFrom(e.run, expected)
  if (!current) return current
  const patch = (resource: string, change: Partial<LiveResource>): LiveRun => ({
    ...current,
    resources: { ...current.resources, [resource]: { ...(current.resources[resource] ?? { status: 'pending', fetched: 0, pages: 0 }), ...change } },
  })
  switch (e.type) {
    case 'resource.started': return e.runId === current.id ? patch(e.resource, { status: 'running' }) : current
    case 'run.progress': return e.runId === current.id ? patch(e.resource, { status: 'running', fetched: e.counts.fetched, pages: e.pages }) : current
    case 'resource.finished': return e.runId === current.id ? patch(e.resource, { status: e.result.status, fetched: e.result.counts.fetched, pages: e.result.pages }) : current
    case 'run.finished': return e.run.id === current.id ? liveRunFrom(e.run) : current
    default: return current
  }
}

/** Share of a resource done, 0..1. */
function resourceShare(r: LiveResource): number {
  if (r.status === 'succeeded' || r.status === 'failed' || r.status === 'skipped') return 1
  if (r.status === 'pending') return 0
  // Never quite 1 until the resource says it finished: the estimate may be low.
  if (r.expected) return Math.min(0.95, r.fetched / r.expected)
  return Math.min(0.9, 1 - 1 / (1 + r.pages * 0.5))
}

/**
 * How far the run is, 0..1; exactly 1 once it finished.
 * @example
 * progressOf({ status: 'running', resources: { a: { status: 'succeeded', … }, b: { status: 'pending', … } } }) // 0.5
 */
export function progressOf(run: LiveRun): number {
  if (run.status !== 'running') return 1
  const resources = Object.values(run.resources)
  if (resources.length === 0) return 0
  // The end is the run's end: its last commit and status come after the last resource.
  return Math.min(0.99, resources.reduce((sum, r) => sum + resourceShare(r), 0) / resources.length)
}

/** Records fetched so far across resources. */
export const fetchedOf = (run: LiveRun): number => Object.values(run.resources).reduce((sum, r) => sum + r.fetched, 0)
