import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { describeStoreContract } from './contract.ts'
import { at, connection, record, records } from './contract-fixtures.ts'
import { createLowdbStore, type LowdbStoreOptions } from './lowdb-store.ts'
import type { ResourceState, Store } from './types.ts'

const dirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-recordset-'))
  dirs.push(dir)
  return dir
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

// The whole contract again with tiny chunks and a one-chunk cache, so nearly every read comes from a file.
describeStoreContract('lowdb, chunks of 7, one cached', async () => createLowdbStore({ dir: await tempDir(), chunkSize: 7, cachedChunks: 1, fsync: false }))

const chunkFile = (dir: string, n: number) => join(dir, `records/c1/employees/00000${n}.json`)
const state = (pages: number): ResourceState => ({ connectionId: 'c1', resource: 'employees', cursor: at(pages), checkpoint: { runId: 'run1', page: pages + 1, full: false, pages } })

async function open(options: Partial<LowdbStoreOptions> & { dir: string }): Promise<Store> {
  const store = createLowdbStore({ chunkSize: 10, fsync: false, ...options })
  await store.open()
  return store
}

/** Rewrites a chunk file with the same records, each first name replaced, as someone editing it would. */
async function editChunk(file: string, firstName: string): Promise<void> {
  const doc = JSON.parse(await readFile(file, 'utf8'))
  for (const r of doc.records) r.data.firstName = firstName
  await writeFile(file, JSON.stringify(doc))
}

const firstName = async (store: Store, remoteId: string) => (await store.getRecords('c1', 'employees', [remoteId])).get(remoteId)?.data.firstName

describe('record chunks in memory and on disk', () => {
  it('keeps a chunk still filling up in memory after its write, not a full one', async () => {
    const dir = await tempDir()
    const store = await open({ dir, cachedChunks: 2 })
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 15) })
    for (const n of [1, 2]) await editChunk(chunkFile(dir, n), `edited ${n}`)
    expect(await firstName(store, 'r3')).toBe('edited 1')
    expect(await firstName(store, 'r13')).toBe('First 13')
    await store.close()
  })

  it('serves records of the most recently read chunks from memory, each once, and reads the others from their files', async () => {
    const dir = await tempDir()
    const store = await open({ dir, cachedChunks: 2 })
    for (let i = 0; i < 50; i += 10) await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', i, 10) })
    await firstName(store, 'r35')
    await firstName(store, 'r45')
    for (const n of [3, 4, 5]) await editChunk(chunkFile(dir, n), `edited ${n}`)
    expect(await firstName(store, 'r46')).toBe('First 46')
    // A record already handed out belongs to its reader: asked again, it is read again.
    expect(await firstName(store, 'r45')).toBe('edited 5')
    expect(await firstName(store, 'r25')).toBe('edited 3')
    // Chunk 3 came in while chunk 4 was the least recently used one: chunk 4 left.
    expect(await firstName(store, 'r36')).toBe('edited 4')
    expect((await store.listRecords({ pageSize: 1000 })).items.map((r) => r.remoteId)).toEqual(records('c1', 0, 50).map((r) => r.remoteId))
    await store.close()
  })

  it('answers a record asked twice in one read of a chunk file with two copies', async () => {
    const store = await open({ dir: await tempDir() })
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 10) })
    const found = await store.getRecords('c1', 'employees', ['r2', 'r2', 'r3'])
    expect([...found.values()]).toEqual([record('c1', 2), record('c1', 3)])
    found.get('r2')!.hash = 'changed'
    expect((await store.getRecords('c1', 'employees', ['r2'])).get('r2')).toEqual(record('c1', 2))
    await store.close()
  })

  it('refuses a chunk file that no longer holds what the store wrote there, naming it, and changes nothing', async () => {
    const dir = await tempDir()
    const store = await open({ dir, cachedChunks: 0 })
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 20), state: state(1) })
    await writeFile(chunkFile(dir, 1), JSON.stringify({ records: records('c1', 100, 10) }))
    const corrupt = { code: 'internal', message: expect.stringContaining(chunkFile(dir, 1)) }
    await expect(store.getRecords('c1', 'employees', ['r3'])).rejects.toMatchObject(corrupt)
    await expect(store.commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 3, { hash: 'x' }), record('c1', 500)], state: state(2) })).rejects.toMatchObject(corrupt)
    expect(await store.countRecords({})).toEqual({ Employee: 20 })
    expect((await store.getRecords('c1', 'employees', ['r500'])).size).toBe(0)
    expect(await store.getResourceState('c1', 'employees')).toEqual(state(1))
    await store.close()
  })

  it('keeps a batch whose chunk write failed, without its state, and writes it with the next commit', async () => {
    const dir = await tempDir()
    const store = await open({ dir, cachedChunks: 0 })
    // A directory where the chunk file belongs makes the rename fail.
    await mkdir(chunkFile(dir, 1), { recursive: true })
    await expect(store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 5), state: state(1) })).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining(chunkFile(dir, 1)) })
    expect(await store.getResourceState('c1', 'employees')).toBeUndefined()
    await rm(chunkFile(dir, 1), { recursive: true })
    // A batch refused before anything is applied must not let go of the unwritten chunk either.
    const bad = record('c1', 6, { data: { salary: 10n } })
    await expect(store.commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 5), bad] })).rejects.toMatchObject({ code: 'internal' })
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 5, 10), state: state(2) })
    await store.close()

    const reopened = await open({ dir })
    expect((await reopened.listRecords({ pageSize: 100 })).items).toEqual(records('c1', 0, 15))
    expect(await reopened.getResourceState('c1', 'employees')).toEqual(state(2))
    await reopened.close()
  })

  it('refuses a whole batch holding a record that is not JSON, storing none of it', async () => {
    const store = await open({ dir: await tempDir() })
    const bad = record('c1', 2, { data: { salary: 10n } })
    await expect(store.commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 1), bad], state: state(1) })).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('r2') })
    expect(await store.countRecords({})).toEqual({})
    expect(await store.getResourceState('c1', 'employees')).toBeUndefined()
    await store.close()
  })

  it('stores a remote id met twice in one batch as its last version, in the place of its first', async () => {
    const dir = await tempDir()
    const store = await open({ dir })
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 3) })
    const batch = [record('c1', 5, { hash: 'first' }), record('c1', 1, { hash: 'a' }), record('c1', 6), record('c1', 5, { hash: 'last' }), record('c1', 1, { hash: 'b' })]
    await store.commit({ connectionId: 'c1', resource: 'employees', records: batch })
    await store.close()
    const stored = JSON.parse(await readFile(chunkFile(dir, 1), 'utf8')).records
    expect(stored.map((r: { remoteId: string; hash: string }) => `${r.remoteId}:${r.hash}`)).toEqual(['r0:h0', 'r1:b', 'r2:h2', 'r5:last', 'r6:h6'])
  })

  it('replaces and appends in one batch, in the newest chunk and past it, and reads it all back after reopening', async () => {
    const dir = await tempDir()
    const first = await open({ dir })
    await first.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 6) })
    const batch = [record('c1', 2, { hash: 'new2' }), ...records('c1', 6, 9), record('c1', 0, { hash: 'new0' })]
    await first.commit({ connectionId: 'c1', resource: 'employees', records: batch })
    await first.close()
    const second = await open({ dir })
    const expected = records('c1', 0, 15).map((r) => (r.remoteId === 'r2' ? { ...r, hash: 'new2' } : r.remoteId === 'r0' ? { ...r, hash: 'new0' } : r))
    expect((await second.listRecords({ pageSize: 100 })).items).toEqual(expected)
    expect(JSON.parse(await readFile(chunkFile(dir, 2), 'utf8')).records).toHaveLength(5)
    await second.close()
  })

  it('refuses a batch replacing a record with one that is not JSON, storing none of it', async () => {
    const store = await open({ dir: await tempDir() })
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 3) })
    const bad = record('c1', 1, { data: { salary: 10n } })
    await expect(store.commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 7), bad] })).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('r1') })
    expect(await store.countRecords({})).toEqual({ Employee: 3 })
    expect((await store.getRecords('c1', 'employees', ['r1'])).get('r1')).toEqual(record('c1', 1))
    await store.close()
  })

  it('leaves out the records of a connection deleted while they are being read, rather than failing', async () => {
    const store = await open({ dir: await tempDir(), chunkSize: 1, cachedChunks: 0 })
    await store.createConnection(connection('c1'))
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 60) })
    // Sixty one-record chunk files read one after the other: the deletion removes them mid-way.
    const reads = [store.listRecords({ pageSize: 100 }), store.getRecords('c1', 'employees', records('c1', 0, 60).map((r) => r.remoteId)), store.unseenRecords('c1', 'employees', 'other')] as const
    await store.deleteConnection('c1')
    const [page, found, unseen] = await Promise.all(reads)
    const ids = new Set(records('c1', 0, 60).map((r) => r.id))
    for (const r of [...page.items, ...found.values(), ...unseen]) expect(ids.has(r.id)).toBe(true)
    expect(await store.countRecords({})).toEqual({})
    await store.close()
  })

  it('keeps listing in (modifiedAt, id) order after updates and out-of-order arrivals', async () => {
    const store = await open({ dir: await tempDir() })
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 10, 5) })
    // Pages of two, so each listing leans on the set's own order, not only on the merge of the sets' candidates.
    const ids = async () => {
      const out: string[] = []
      let cursor: string | undefined
      do {
        const page = await store.listRecords({ pageSize: 2, cursor })
        out.push(...page.items.map((r) => r.remoteId))
        cursor = page.next
      } while (cursor)
      return out
    }
    expect(await ids()).toEqual(['r10', 'r11', 'r12', 'r13', 'r14'])
    await store.commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 11, { modifiedAt: at(99) }), record('c1', 20)] })
    expect(await ids()).toEqual(['r10', 'r12', 'r13', 'r14', 'r20', 'r11'])
    await store.commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 1)] })
    expect(await ids()).toEqual(['r1', 'r10', 'r12', 'r13', 'r14', 'r20', 'r11'])
    await store.close()
  })
})
