/**
 * @module The Store contract suite: every Store implementation runs it, so lowdb and PostgreSQL
 * behave the same for the engine and the API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from './types.ts'
import { at, audit, connection, records, run } from './contract-fixtures.ts'
import { controlContract } from './contract-control.ts'
import { recordContract } from './contract-records.ts'

/**
 * Registers the shared Store test suite. `makeStore` returns a fresh, empty store for each test;
 * the suite opens it before and closes it after.
 * @example
 * describeStoreContract('lowdb', async () => createLowdbStore({ dir: await mkdtemp(join(tmpdir(), 'maestro-')) }))
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let current: Store
    const store = () => current

    beforeEach(async () => {
      current = await makeStore()
      await current.open()
      await current.open()
    })

    afterEach(async () => {
      await current.close()
    })

    controlContract(store)
    recordContract(store)

    describe('tenant isolation', () => {
      const seed = async () => {
        for (const tenant of ['t1', 't2']) {
          const c = `${tenant}-c`
          await store().createConnection(connection(c, { tenant }))
          await store().commit({ connectionId: c, resource: 'employees', records: records(c, 0, 3, { tenant }) })
          await store().putRun(run(`${tenant}-run`, 1, { tenant, connectionId: c }))
          await store().appendAudit(audit(`${tenant}-audit`, 1, { tenant, target: c }))
        }
      }

      it.each(['t1', 't2'])('shows tenant %s only its own data in every list', async (tenant) => {
        await seed()
        const own = `${tenant}-c`
        expect((await store().listConnections({ tenant })).map((c) => c.id)).toEqual([own])
        const recs = (await store().listRecords({ tenant, includeDeleted: true })).items
        expect(recs.map((r) => r.connectionId)).toEqual([own, own, own])
        expect(await store().countRecords({ tenant })).toEqual({ Employee: 3 })
        expect((await store().listRuns({ tenant })).items.map((r) => r.id)).toEqual([`${tenant}-run`])
        expect((await store().listAudit({ tenant })).items.map((e) => e.id)).toEqual([`${tenant}-audit`])
      })

      it('shows an unknown tenant nothing', async () => {
        await seed()
        expect(await store().listConnections({ tenant: 't3' })).toEqual([])
        expect((await store().listRecords({ tenant: 't3' })).items).toEqual([])
        expect(await store().countRecords({ tenant: 't3' })).toEqual({})
        expect((await store().listRuns({ tenant: 't3' })).items).toEqual([])
        expect((await store().listAudit({ tenant: 't3' })).items).toEqual([])
      })
    })

    it('keeps answering after a failed call', async () => {
      await expect(store().updateConnection('nope', (c) => c)).rejects.toThrow()
      await store().createConnection(connection('c1', { createdAt: at(1) }))
      expect(await store().getConnection('c1')).toBeDefined()
    })
  })
}
