/**
 * @module Store contract, records: commits, reads, deletion detection support and cursor paging.
 */
import { describe, expect, it } from 'vitest'
import type { ResourceState, Store, StoredRecord } from './types.ts'
import { at, record, records } from './contract-fixtures.ts'

const state = (pages: number, cursor: string): ResourceState => ({
  connectionId: 'c1',
  resource: 'employees',
  cursor,
  checkpoint: { runId: 'run1', page: { page: pages + 1 }, cursorCandidate: cursor, full: false, pages },
})

/** Reads every page of a query, running `between` after each page. */
async function readAll(store: Store, query: Parameters<Store['listRecords']>[0], between?: (page: number) => Promise<void>) {
  const ids: string[] = []
  let cursor: string | undefined
  let page = 0
  do {
    const result = await store.listRecords({ ...query, cursor })
    ids.push(...result.items.map((r) => r.id))
    cursor = result.next
    await between?.(++page)
  } while (cursor)
  return ids
}

/** Registers the records half of the contract; `store()` returns the current test's open store. */
export function recordContract(store: () => Store): void {
  describe('commit and read', () => {
    it('stores records, answers getRecords by remote id, and persists the state', async () => {
      await store().commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 1, 3), state: state(1, at(3)) })
      const found = await store().getRecords('c1', 'employees', ['r1', 'r3', 'r9'])
      expect([...found.keys()].sort()).toEqual(['r1', 'r3'])
      expect(found.get('r3')).toEqual(record('c1', 3))
      expect(await store().getRecords('c1', 'timeEntries', ['r1'])).toEqual(new Map())
      expect(await store().getResourceState('c1', 'employees')).toEqual(state(1, at(3)))
    })

    it('replaces a record committed again under the same remote id', async () => {
      await store().commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 1, 3) })
      const updated = record('c1', 2, { modifiedAt: at(50), lastAction: 'updated', data: { firstName: 'New' }, hash: 'h2b' })
      await store().commit({ connectionId: 'c1', resource: 'employees', records: [updated] })
      expect((await store().getRecords('c1', 'employees', ['r2'])).get('r2')).toEqual(updated)
      expect(await store().countRecords({ connectionId: 'c1' })).toEqual({ Employee: 3 })
    })

    it('never exposes a state whose records are not readable yet', async () => {
      const batches = [1, 2, 3, 4].map((page) => ({
        connectionId: 'c1',
        resource: 'employees',
        records: records('c1', page * 100, 100),
        state: state(page, at(page * 100 + 99)),
      }))
      const committing = (async () => {
        for (const b of batches) await store().commit(b)
      })()
      let done = false
      void committing.finally(() => (done = true))
      const violations: number[] = []
      while (!done) {
        const s = await store().getResourceState('c1', 'employees')
        const pages = s?.checkpoint?.pages ?? 0
        for (const b of batches.slice(0, pages)) {
          const found = await store().getRecords('c1', 'employees', b.records.map((r) => r.remoteId))
          if (found.size !== b.records.length) violations.push(pages)
        }
        await new Promise((r) => setImmediate(r))
      }
      await committing
      expect(violations).toEqual([])
      expect((await store().getResourceState('c1', 'employees'))?.checkpoint?.pages).toBe(4)
    })

    it('answers a remote id asked twice in one call', async () => {
      await store().commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 1, 3) })
      const found = await store().getRecords('c1', 'employees', ['r2', 'r2', 'r1'])
      expect([...found.entries()].sort()).toEqual([['r1', record('c1', 1)], ['r2', record('c1', 2)]])
    })

    it('hands out copies: changing a record read back changes nothing stored', async () => {
      await store().commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 1, 2) })
      const read = [
        (await store().getRecords('c1', 'employees', ['r1'])).get('r1')!,
        (await store().listRecords({})).items[0],
        (await store().unseenRecords('c1', 'employees', 'other-run'))[0],
      ]
      for (const r of read) {
        r.data.firstName = 'Changed'
        ;(r.remoteData as Record<string, unknown>).first_name = 'Changed'
        r.hash = 'changed'
      }
      expect((await store().getRecords('c1', 'employees', ['r1'])).get('r1')).toEqual(record('c1', 1))
      expect((await store().listRecords({})).items).toEqual(records('c1', 1, 2))
    })

    it('lists unseen records: live ones last seen by another run', async () => {
      await store().commit({
        connectionId: 'c1',
        resource: 'employees',
        records: [
          record('c1', 1, { seenBy: 'run1' }),
          record('c1', 2, { seenBy: 'run0' }),
          record('c1', 3, { seenBy: 'run0', deletedAt: at(3), lastAction: 'deleted' }),
          record('c1', 4, { seenBy: undefined }),
        ],
      })
      const unseen = await store().unseenRecords('c1', 'employees', 'run1')
      expect(unseen.map((r) => r.remoteId).sort()).toEqual(['r2', 'r4'])
      expect(await store().unseenRecords('c1', 'timeEntries', 'run1')).toEqual([])
    })
  })

  describe('listRecords', () => {
    it('pages 2,500 records by cursor with no duplicate and no gap while records keep arriving', async () => {
      for (let i = 0; i < 2500; i += 500) await store().commit({ connectionId: 'c1', resource: 'employees', records: records('c1', i, 500) })
      // Another connection's records interleave in time and must not leak into the page stream.
      await store().commit({ connectionId: 'c2', resource: 'employees', records: records('c2', 0, 300, { tenant: 't1' }) })
      const added: string[] = []
      const ids = await readAll(store(), { connectionId: 'c1' }, async (page) => {
        if (page > 20) return
        const fresh = records('c1', 10_000 + page * 10, 5)
        added.push(...fresh.map((r) => r.id))
        await store().commit({ connectionId: 'c1', resource: 'employees', records: fresh })
      })
      expect(new Set(ids).size).toBe(ids.length)
      const expected = [...records('c1', 0, 2500).map((r) => r.id), ...added]
      expect(ids).toEqual(expected)
    })

    it('returns 100 records by default and at most 1,000', async () => {
      await store().commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 1200) })
      expect((await store().listRecords({})).items).toHaveLength(100)
      const big = await store().listRecords({ pageSize: 5000 })
      expect(big.items).toHaveLength(1000)
      expect(big.next).toBeDefined()
    })

    it('orders records of equal modifiedAt by id and pages through them', async () => {
      const same = records('c1', 0, 7, { modifiedAt: at(1) })
      await store().commit({ connectionId: 'c1', resource: 'employees', records: same.reverse() })
      const ids: string[] = []
      let cursor: string | undefined
      do {
        const page = await store().listRecords({ pageSize: 3, cursor })
        ids.push(...page.items.map((r) => r.id))
        cursor = page.next
      } while (cursor)
      expect(ids).toEqual(same.map((r) => r.id).sort())
    })

    it.each([
      { name: 'after a record (strictly)', modifiedAfter: at(4), first: 'r5', count: 5 },
      { name: 'in another ISO form', modifiedAfter: '2024-05-01T00:00:00Z', first: 'r1', count: 9 },
      { name: 'before everything', modifiedAfter: '2000-01-01T00:00:00.000Z', first: 'r0', count: 10 },
      { name: 'after everything', modifiedAfter: at(100), first: undefined, count: 0 },
    ])('filters modifiedAfter $name', async ({ modifiedAfter, first, count }) => {
      await store().commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 10) })
      const page = await store().listRecords({ modifiedAfter })
      expect(page.items[0]?.remoteId).toBe(first)
      expect(page.items).toHaveLength(count)
    })

    it('hides deleted records unless includeDeleted is set', async () => {
      await store().commit({
        connectionId: 'c1',
        resource: 'employees',
        records: [record('c1', 1), record('c1', 2, { deletedAt: at(2), lastAction: 'deleted' })],
      })
      expect((await store().listRecords({})).items.map((r) => r.remoteId)).toEqual(['r1'])
      expect((await store().listRecords({ includeDeleted: true })).items.map((r) => r.remoteId)).toEqual(['r1', 'r2'])
      expect(await store().countRecords({})).toEqual({ Employee: 1 })
      expect(await store().countRecords({ includeDeleted: true })).toEqual({ Employee: 2 })
    })

    it('returns remoteData with each record', async () => {
      await store().commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 1)] })
      expect((await store().listRecords({})).items[0].remoteData).toEqual({ id: 1, first_name: 'First 1' })
    })

    describe('filters', () => {
      const seed = async () => {
        await store().commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 2) })
        await store().commit({ connectionId: 'c1', resource: 'timeEntries', records: records('c1', 10, 2, { resource: 'timeEntries', model: 'TimeEntry' }) })
        await store().commit({ connectionId: 'c2', resource: 'employees', records: records('c2', 20, 2, { tenant: 't2' }) })
      }
      const key = (r: StoredRecord) => `${r.connectionId}/${r.resource}/${r.remoteId}`

      it.each([
        { name: 'tenant', query: { tenant: 't2' }, keys: ['c2/employees/r20', 'c2/employees/r21'] },
        { name: 'connection', query: { connectionId: 'c1' }, keys: ['c1/employees/r0', 'c1/employees/r1', 'c1/timeEntries/r10', 'c1/timeEntries/r11'] },
        { name: 'model', query: { model: 'TimeEntry' }, keys: ['c1/timeEntries/r10', 'c1/timeEntries/r11'] },
        { name: 'resource', query: { resource: 'employees' }, keys: ['c1/employees/r0', 'c1/employees/r1', 'c2/employees/r20', 'c2/employees/r21'] },
        { name: 'tenant and model', query: { tenant: 't2', model: 'TimeEntry' }, keys: [] },
      ])('by $name', async ({ query, keys }) => {
        await seed()
        expect((await store().listRecords(query)).items.map(key)).toEqual(keys)
      })

      it.each([
        { name: 'all', query: {}, counts: { Employee: 4, TimeEntry: 2 } },
        { name: 'tenant', query: { tenant: 't1' }, counts: { Employee: 2, TimeEntry: 2 } },
        { name: 'connection and model', query: { connectionId: 'c2', model: 'Employee' }, counts: { Employee: 2 } },
        { name: 'modifiedAfter', query: { modifiedAfter: at(10) }, counts: { Employee: 2, TimeEntry: 1 } },
      ])('counts per model by $name', async ({ query, counts }) => {
        await seed()
        expect(await store().countRecords(query)).toEqual(counts)
      })
    })

    it.each([
      { name: 'garbage', cursor: 'not-a-cursor' },
      { name: 'wrong shape', cursor: Buffer.from('{"a":1}').toString('base64url') },
    ])('rejects a $name cursor with invalid_request', async ({ cursor }) => {
      await expect(store().listRecords({ cursor })).rejects.toMatchObject({ code: 'invalid_request' })
    })
  })
}
