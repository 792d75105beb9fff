import { describe, expect, it } from 'vitest'
import type { Connection } from '../api/types.ts'
import { canSync, healthOf } from './status.ts'

const run = (status: NonNullable<Connection['lastRun']>['status']): Connection['lastRun'] => ({
  id: 'run_1', status, trigger: 'api', startedAt: '2025-01-01T00:00:00Z',
  counts: { fetched: 1, added: 1, updated: 0, unchanged: 0, deleted: 0, invalid: 0 },
})

describe('healthOf', () => {
  it.each([
    { name: 'paused wins over a running run', status: 'paused', lastRun: run('running'), running: false, health: 'paused' },
    { name: 'refused credentials', status: 'needs_reauth', lastRun: run('failed'), running: false, health: 'needs_reauth' },
    { name: 'waiting for consent', status: 'pending', lastRun: null, running: false, health: 'pending' },
    { name: 'a run the stream reports', status: 'active', lastRun: run('succeeded'), running: true, health: 'syncing' },
    { name: 'a run the record reports', status: 'active', lastRun: run('running'), running: false, health: 'syncing' },
    { name: 'never synced', status: 'active', lastRun: null, running: false, health: 'new' },
    { name: 'last run failed', status: 'active', lastRun: run('failed'), running: false, health: 'error' },
    { name: 'last run partial', status: 'active', lastRun: run('partial'), running: false, health: 'error' },
    { name: 'connection in error', status: 'error', lastRun: run('succeeded'), running: false, health: 'error' },
    { name: 'all good', status: 'active', lastRun: run('succeeded'), running: false, health: 'healthy' },
  ] as const)('$name', ({ status, lastRun, running, health }) => {
    expect(healthOf({ status, lastRun }, running)).toBe(health)
  })

  it.each([['active', true], ['error', true], ['paused', false], ['pending', false], ['needs_reauth', false]] as const)('sync now on %s: %s', (status, ok) => {
    expect(canSync({ status })).toBe(ok)
  })
})
