import { describe, expect, it } from 'vitest'
import { isNotOlder, toRemoteUpdatedAt } from './conflict.ts'

describe('isNotOlder', () => {
  it.each([
    { name: 'nothing stored', existing: undefined, incoming: '2024-01-01T00:00:00Z', ok: true },
    { name: 'newer replaces', existing: '2024-01-01T00:00:00Z', incoming: '2024-01-02T00:00:00Z', ok: true },
    { name: 'older loses', existing: '2024-01-02T00:00:00Z', incoming: '2024-01-01T00:00:00Z', ok: false },
    { name: 'equal: later arrival wins', existing: '2024-01-01T00:00:00Z', incoming: '2024-01-01T00:00:00Z', ok: true },
    { name: 'incoming unknown: arrival order', existing: '2024-01-02T00:00:00Z', incoming: null, ok: true },
    { name: 'stored unknown: arrival order', existing: null, incoming: '2024-01-01T00:00:00Z', ok: true },
    { name: 'offsets compared as instants', existing: '2024-01-01T12:00:00Z', incoming: '2024-01-01T13:00:00+02:00', ok: false },
  ])('$name', ({ existing, incoming, ok }) => {
    expect(isNotOlder(existing === undefined ? undefined : { remoteUpdatedAt: existing }, { remoteUpdatedAt: incoming })).toBe(ok)
  })
})

describe('toRemoteUpdatedAt', () => {
  it.each([
    { value: '2024-10-25T17:01:08Z', out: '2024-10-25T17:01:08.000Z' },
    { value: 1671058841, out: '2022-12-14T23:00:41.000Z' },
    { value: undefined, out: null },
    { value: 'yesterday', out: null },
  ])('$value', ({ value, out }) => {
    expect(toRemoteUpdatedAt(value)).toBe(out)
  })
})
