import { describe, expect, it } from 'vitest'
import type { Connection, Connector } from '../api/types.ts'
import { nextSync } from './connectors.ts'

const connector = { id: 'harvest', name: 'Harvest', schedule: '0 * * * *' } as unknown as Connector
const conn = (extra: Record<string, unknown>) => ({ id: 'con_1', connector: 'harvest', status: 'active', schedule: null, ...extra }) as unknown as Connection
const now = new Date('2026-01-01T10:15:00Z')

describe('nextSync', () => {
  it.each([
    { name: 'the scheduler\'s time wins over the cron guess', c: conn({ nextRunAt: '2026-01-01T11:00:42.000Z' }), want: '2026-01-01T11:00:42.000Z' },
    { name: 'null from the scheduler means nothing is scheduled', c: conn({ nextRunAt: null }), want: undefined },
    { name: 'without a reported time, the connector default is computed', c: conn({}), want: '2026-01-01T11:00:00.000Z' },
    { name: 'a paused connection has no next sync', c: conn({ status: 'paused', nextRunAt: '2026-01-01T11:00:00.000Z' }), want: undefined },
  ])('$name', ({ c, want }) => {
    expect(nextSync(c, connector, now)?.toISOString()).toBe(want)
  })
})
