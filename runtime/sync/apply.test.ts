import { describe, expect, it } from 'vitest'
import type { StoredRecord } from '../store/types.ts'
import { decide, tombstone, type Incoming, type RecordScope } from './apply.ts'
import { recordId } from './record-id.ts'

const scope: RecordScope = { connectionId: 'con_1', tenant: 't1', connector: 'demo', resource: 'people', model: 'Employee', keepRemoteData: true }
const NOW = '2026-01-02T00:00:00.000Z'
const incoming = (hash: string, remoteUpdatedAt: string | null): Incoming => ({ remoteId: '7', data: { firstName: hash }, hash, remoteData: { id: 7 }, remoteUpdatedAt })
const stored = (hash: string, remoteUpdatedAt: string | null, deletedAt: string | null = null): StoredRecord => ({
  id: recordId('con_1', 'people', '7'), remoteId: '7', connectionId: 'con_1', tenant: 't1', connector: 'demo', resource: 'people', model: 'Employee',
  data: { firstName: hash }, remoteUpdatedAt, firstSeenAt: '2025-01-01T00:00:00.000Z', modifiedAt: '2025-01-01T00:00:00.000Z', deletedAt, lastAction: deletedAt ? 'deleted' : 'added', hash, seenBy: 'run_old',
})

describe('decide', () => {
  it.each([
    { name: 'new record is added', existing: undefined, inc: incoming('a', null), action: 'added' },
    { name: 'same content is unchanged', existing: stored('a', '2025-01-01T00:00:00Z'), inc: incoming('a', '2025-06-01T00:00:00Z'), action: 'unchanged' },
    { name: 'newer content updates', existing: stored('a', '2025-01-01T00:00:00Z'), inc: incoming('b', '2025-06-01T00:00:00Z'), action: 'updated' },
    { name: 'older content is stale', existing: stored('a', '2025-06-01T00:00:00Z'), inc: incoming('b', '2025-01-01T00:00:00Z'), action: 'stale' },
    { name: 'no timestamps: arrival order', existing: stored('a', null), inc: incoming('b', null), action: 'updated' },
    { name: 'a deleted record seen again is added anew', existing: stored('a', '2025-06-01T00:00:00Z', '2025-07-01T00:00:00Z'), inc: incoming('a', '2025-01-01T00:00:00Z'), action: 'added' },
  ])('$name', ({ existing, inc, action }) => {
    expect(decide(existing, inc, scope, { now: NOW, seenBy: 'run_new' }).action).toBe(action)
  })

  it('keeps identity and first-seen time, bumps modifiedAt, clears deletedAt', () => {
    const d = decide(stored('a', null, '2025-07-01T00:00:00Z'), incoming('b', null), scope, { now: NOW, seenBy: 'run_new' })
    expect(d).toMatchObject({ action: 'added', record: { id: recordId('con_1', 'people', '7'), firstSeenAt: '2025-01-01T00:00:00.000Z', modifiedAt: NOW, deletedAt: null, hash: 'b', seenBy: 'run_new', remoteData: { id: 7 } } })
  })

  it('keeps the stored seen-mark when none is given (webhooks), and drops raw data when not kept', () => {
    const d = decide(stored('a', null), incoming('b', null), { ...scope, keepRemoteData: false }, { now: NOW })
    expect(d.action === 'updated' && d.record.seenBy).toBe('run_old')
    expect(d.action === 'updated' && 'remoteData' in d.record).toBe(false)
  })
})

describe('tombstone', () => {
  it('marks, never removes: data kept, deletedAt and modifiedAt set', () => {
    expect(tombstone(stored('a', null), NOW)).toMatchObject({ data: { firstName: 'a' }, deletedAt: NOW, modifiedAt: NOW, lastAction: 'deleted' })
  })
})
