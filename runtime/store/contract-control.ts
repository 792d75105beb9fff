/**
 * @module Store contract, control data: connections, resource states, runs, audit, OAuth states,
 * webhook de-duplication and named documents.
 */
import { describe, expect, it } from 'vitest'
import type { Store } from './types.ts'
import { at, audit, connection, record, run } from './contract-fixtures.ts'

/** Registers the control-data half of the contract; `store()` returns the current test's open store. */
export function controlContract(store: () => Store): void {
  describe('connections', () => {
    const seed = async () => {
      await store().createConnection(connection('c1', { tenant: 't1', connector: 'harvest', createdAt: at(1) }))
      await store().createConnection(connection('c2', { tenant: 't1', connector: 'gusto', status: 'paused', createdAt: at(2) }))
      await store().createConnection(connection('c3', { tenant: 't2', connector: 'gusto', createdAt: at(3) }))
    }

    it('creates and reads a connection as given; an unknown id is undefined', async () => {
      const c = connection('c1')
      expect(await store().createConnection(c)).toEqual(c)
      expect(await store().getConnection('c1')).toEqual(c)
      expect(await store().getConnection('nope')).toBeUndefined()
    })

    it('refuses a second connection with the same id', async () => {
      await store().createConnection(connection('c1'))
      await expect(store().createConnection(connection('c1', { tenant: 't2' }))).rejects.toMatchObject({ code: 'invalid_request' })
      expect((await store().getConnection('c1'))?.tenant).toBe('t1')
    })

    it.each([
      { name: 'no filter', filter: {}, ids: ['c1', 'c2', 'c3'] },
      { name: 'tenant', filter: { tenant: 't1' }, ids: ['c1', 'c2'] },
      { name: 'other tenant', filter: { tenant: 't2' }, ids: ['c3'] },
      { name: 'connector', filter: { connector: 'gusto' }, ids: ['c2', 'c3'] },
      { name: 'status', filter: { status: 'paused' as const }, ids: ['c2'] },
      { name: 'tenant and connector', filter: { tenant: 't2', connector: 'harvest' }, ids: [] },
    ])('lists connections filtered by $name', async ({ filter, ids }) => {
      await seed()
      expect((await store().listConnections(filter)).map((c) => c.id)).toEqual(ids)
    })

    it('updates through a patch and returns the stored result', async () => {
      await store().createConnection(connection('c1'))
      const updated = await store().updateConnection('c1', (c) => ({ ...c, status: 'needs_reauth', updatedAt: at(5) }))
      expect(updated).toMatchObject({ id: 'c1', status: 'needs_reauth', updatedAt: at(5) })
      expect(await store().getConnection('c1')).toEqual(updated)
    })

    it('applies every one of 50 concurrent read-modify-write patches', async () => {
      await store().createConnection(connection('c1', { config: { n: 0 } }))
      await Promise.all(
        Array.from({ length: 50 }, () => store().updateConnection('c1', (c) => ({ ...c, config: { n: (c.config.n as number) + 1 } }))),
      )
      expect((await store().getConnection('c1'))?.config.n).toBe(50)
    })

    it('rejects an update of an unknown connection with connection_not_found', async () => {
      await expect(store().updateConnection('nope', (c) => c)).rejects.toMatchObject({ code: 'connection_not_found' })
    })

    it('deletes a connection with its resource states and records; deleting twice is harmless', async () => {
      await seed()
      await store().commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 1)], state: { connectionId: 'c1', resource: 'employees', cursor: at(1) } })
      await store().deleteConnection('c1')
      await store().deleteConnection('c1')
      expect(await store().getConnection('c1')).toBeUndefined()
      expect((await store().listConnections()).map((c) => c.id)).toEqual(['c2', 'c3'])
      expect(await store().listResourceStates('c1')).toEqual([])
      expect((await store().listRecords({ connectionId: 'c1', includeDeleted: true })).items).toEqual([])
    })

    it('hands out copies: mutating a returned connection changes nothing stored', async () => {
      await store().createConnection(connection('c1'))
      const c = await store().getConnection('c1')
      c!.config.accountId = 'changed'
      expect((await store().getConnection('c1'))?.config.accountId).toBe('123')
    })
  })

  describe('resource states', () => {
    it('puts, replaces and reads states per connection and resource', async () => {
      await store().putResourceState({ connectionId: 'c1', resource: 'employees', cursor: at(1) })
      await store().putResourceState({ connectionId: 'c1', resource: 'employees', cursor: at(2), checkpoint: { runId: 'r', page: { n: 2 }, full: false, pages: 2 } })
      await store().putResourceState({ connectionId: 'c1', resource: 'timeEntries', cursor: null })
      await store().putResourceState({ connectionId: 'c2', resource: 'employees', cursor: at(9) })
      expect(await store().getResourceState('c1', 'employees')).toEqual({
        connectionId: 'c1',
        resource: 'employees',
        cursor: at(2),
        checkpoint: { runId: 'r', page: { n: 2 }, full: false, pages: 2 },
      })
      expect(await store().getResourceState('c1', 'companies')).toBeUndefined()
      expect((await store().listResourceStates('c1')).map((s) => s.resource).sort()).toEqual(['employees', 'timeEntries'])
    })
  })

  describe('runs', () => {
    const seed = async () => {
      for (let i = 1; i <= 7; i++) {
        await store().putRun(run(`run${i}`, i * 1000, { connectionId: i % 2 ? 'c1' : 'c2', tenant: i === 7 ? 't2' : 't1', status: i === 3 ? 'failed' : 'succeeded' }))
      }
    }

    it('puts, replaces and gets a run', async () => {
      await store().putRun(run('run1', 0, { status: 'running' }))
      await store().putRun(run('run1', 0, { status: 'partial', durationMs: 12 }))
      expect(await store().getRun('run1')).toEqual(run('run1', 0, { status: 'partial', durationMs: 12 }))
      expect(await store().getRun('nope')).toBeUndefined()
    })

    it('lists newest first in pages of `limit` with a cursor, and no cursor on the last page', async () => {
      await seed()
      const first = await store().listRuns({ limit: 3 })
      const second = await store().listRuns({ limit: 3, cursor: first.next })
      const third = await store().listRuns({ limit: 3, cursor: second.next })
      expect([first, second, third].map((p) => p.items.map((r) => r.id))).toEqual([
        ['run7', 'run6', 'run5'],
        ['run4', 'run3', 'run2'],
        ['run1'],
      ])
      expect(third.next).toBeUndefined()
    })

    it.each([
      { name: 'connection', filter: { connectionId: 'c2' }, ids: ['run6', 'run4', 'run2'] },
      { name: 'status', filter: { status: 'failed' as const }, ids: ['run3'] },
      { name: 'tenant', filter: { tenant: 't2' }, ids: ['run7'] },
      { name: 'tenant and connection', filter: { tenant: 't1', connectionId: 'c1' }, ids: ['run5', 'run3', 'run1'] },
    ])('filters runs by $name', async ({ filter, ids }) => {
      await seed()
      expect((await store().listRuns(filter)).items.map((r) => r.id)).toEqual(ids)
    })
  })

  describe('audit', () => {
    it('lists appended entries newest first, filtered', async () => {
      await store().appendAudit(audit('a1', 1, { action: 'connection.created', target: 'c1' }))
      await store().appendAudit(audit('a2', 2, { action: 'sync.requested', target: 'c1' }))
      await store().appendAudit(audit('a3', 3, { action: 'sync.requested', target: 'c2', tenant: 't2' }))
      const ids = async (f: Parameters<Store['listAudit']>[0]) => (await store().listAudit(f)).items.map((e) => e.id)
      expect(await ids({})).toEqual(['a3', 'a2', 'a1'])
      expect(await ids({ action: 'sync.requested' })).toEqual(['a3', 'a2'])
      expect(await ids({ target: 'c1' })).toEqual(['a2', 'a1'])
      expect(await ids({ tenant: 't1' })).toEqual(['a2', 'a1'])
      expect((await store().listAudit({})).items[0]).toEqual(audit('a3', 3, { action: 'sync.requested', target: 'c2', tenant: 't2' }))
    })

    it('pages with a cursor that entries appended meanwhile do not disturb', async () => {
      for (let i = 1; i <= 5; i++) await store().appendAudit(audit(`a${i}`, i))
      const first = await store().listAudit({ limit: 2 })
      await store().appendAudit(audit('a6', 6))
      const second = await store().listAudit({ limit: 2, cursor: first.next })
      const third = await store().listAudit({ limit: 2, cursor: second.next })
      expect([first, second, third].map((p) => p.items.map((e) => e.id))).toEqual([['a5', 'a4'], ['a3', 'a2'], ['a1']])
      expect(third.next).toBeUndefined()
    })
  })

  describe('OAuth states', () => {
    const state = (s: string, expiresInMs = 60_000) => ({
      state: s,
      connectionId: 'c1',
      tenant: 't1',
      connector: 'quickbooks',
      codeVerifier: 'verifier',
      redirectUri: 'http://127.0.0.1/callback',
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    })

    it('can be taken once', async () => {
      const s = state('s1')
      await store().putOAuthState(s)
      expect(await store().takeOAuthState('s1')).toEqual(s)
      expect(await store().takeOAuthState('s1')).toBeUndefined()
      expect(await store().takeOAuthState('unknown')).toBeUndefined()
    })

    it('gives a state to exactly one of 10 concurrent takers', async () => {
      await store().putOAuthState(state('s1'))
      const taken = await Promise.all(Array.from({ length: 10 }, () => store().takeOAuthState('s1')))
      expect(taken.filter(Boolean)).toHaveLength(1)
    })

    it('never returns an expired state', async () => {
      await store().putOAuthState(state('old', -1))
      expect(await store().takeOAuthState('old')).toBeUndefined()
    })
  })

  describe('webhook event de-duplication', () => {
    it('is true the first time an id is seen in a scope, then false', async () => {
      expect(await store().markEventSeen('harvest', 'e1', 60_000)).toBe(true)
      expect(await store().markEventSeen('harvest', 'e1', 60_000)).toBe(false)
      expect(await store().markEventSeen('gusto', 'e1', 60_000)).toBe(true)
      expect(await store().markEventSeen('harvest', 'e2', 60_000)).toBe(true)
    })

    it('is true for exactly one of 10 concurrent marks', async () => {
      const seen = await Promise.all(Array.from({ length: 10 }, () => store().markEventSeen('harvest', 'e1', 60_000)))
      expect(seen.filter(Boolean)).toHaveLength(1)
    })

    it('forgets an id once its TTL has passed', async () => {
      expect(await store().markEventSeen('harvest', 'e1', 20)).toBe(true)
      await new Promise((r) => setTimeout(r, 30))
      expect(await store().markEventSeen('harvest', 'e1', 20)).toBe(true)
    })
  })

  describe('named documents', () => {
    it.each([
      { name: 'object', value: { revoked: ['j1', 'j2'], n: 1 } },
      { name: 'array', value: [1, 'two', { three: 3 }] },
      { name: 'zero', value: 0 },
      { name: 'false', value: false },
      { name: 'null', value: null },
      { name: 'string', value: 'text' },
    ])('round-trips a $name', async ({ value }) => {
      await store().putDoc('doc', value)
      expect(await store().getDoc('doc')).toEqual(value)
    })

    it('replaces a document, keeps names apart, and answers undefined for an unknown name', async () => {
      await store().putDoc('settings', { a: 1 })
      await store().putDoc('settings', { b: 2 })
      await store().putDoc('delivery/queue', [1])
      expect(await store().getDoc('settings')).toEqual({ b: 2 })
      expect(await store().getDoc('delivery/queue')).toEqual([1])
      expect(await store().getDoc('missing')).toBeUndefined()
    })
  })
}
