import { readdir, readFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { describeStoreContract } from './contract.ts'
import { at, audit, connection, record, records, run } from './contract-fixtures.ts'
import { createStore } from './index.ts'
import { createLowdbStore, type LowdbStoreOptions } from './lowdb-store.ts'
import type { ResourceState } from './types.ts'

const dirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-store-'))
  dirs.push(dir)
  return dir
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

describeStoreContract('lowdb', async () => createLowdbStore({ dir: await tempDir() }))

/** Every file under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

const state = (pages: number): ResourceState => ({
  connectionId: 'c1',
  resource: 'employees',
  cursor: at(pages),
  checkpoint: { runId: 'run1', page: { page: pages + 1 }, full: false, pages },
})

describe('lowdb store files', () => {
  const open = async (options: Partial<LowdbStoreOptions> & { dir: string }) => {
    const store = createLowdbStore(options)
    await store.open()
    return store
  }

  it('finds everything again after close and reopen', async () => {
    const dir = await tempDir()
    const first = await open({ dir, chunkSize: 100 })
    const c = connection('c1', { tenant: 't1' })
    await first.createConnection(c)
    await first.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 250), state: state(3) })
    await first.putRun(run('run1', 1))
    await first.appendAudit(audit('a1', 1))
    const oauth = { state: 's1', connectionId: 'c1', tenant: 't1', connector: 'harvest', redirectUri: 'http://127.0.0.1/cb', expiresAt: new Date(Date.now() + 60_000).toISOString() }
    await first.putOAuthState(oauth)
    await first.markEventSeen('harvest', 'e1', 60_000)
    await first.putDoc('settings', { theme: 'dark' })
    await first.close()
    await expect(first.getConnection('c1')).rejects.toMatchObject({ code: 'internal' })

    const second = await open({ dir, chunkSize: 100 })
    expect(await second.getConnection('c1')).toEqual(c)
    expect(await second.getResourceState('c1', 'employees')).toEqual(state(3))
    expect(await second.countRecords({})).toEqual({ Employee: 250 })
    expect((await second.getRecords('c1', 'employees', ['r249'])).get('r249')).toEqual(record('c1', 249))
    expect((await second.listRecords({ pageSize: 1000 })).items.map((r) => r.remoteId)).toEqual(records('c1', 0, 250).map((r) => r.remoteId))
    expect(await second.getRun('run1')).toEqual(run('run1', 1))
    expect((await second.listAudit({})).items).toEqual([audit('a1', 1)])
    expect(await second.markEventSeen('harvest', 'e1', 60_000)).toBe(false)
    expect(await second.getDoc('settings')).toEqual({ theme: 'dark' })
    expect(await second.takeOAuthState('s1')).toEqual(oauth)
    await second.close()
  })

  it('rebuilds the remote id index at open: a re-committed record replaces, a new one joins the newest chunk', async () => {
    const dir = await tempDir()
    const first = await open({ dir, chunkSize: 100 })
    await first.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 250) })
    await first.close()
    const second = await open({ dir, chunkSize: 100 })
    const changed = record('c1', 5, { modifiedAt: at(5000), hash: 'new', lastAction: 'updated' })
    await second.commit({ connectionId: 'c1', resource: 'employees', records: [changed, record('c1', 999)] })
    expect(await second.countRecords({})).toEqual({ Employee: 251 })
    expect((await second.getRecords('c1', 'employees', ['r5'])).get('r5')).toEqual(changed)
    await second.close()
    expect(await tree(join(dir, 'records'))).toEqual(['c1/employees/000001.json', 'c1/employees/000002.json', 'c1/employees/000003.json'])
    const chunk3 = JSON.parse(await readFile(join(dir, 'records/c1/employees/000003.json'), 'utf8'))
    expect(chunk3.records).toHaveLength(51)
  })

  it('rewrites only the chunks a commit touched, then the state file, and leaves no temp file', async () => {
    const dir = await tempDir()
    const writes: string[] = []
    const store = await open({ dir, chunkSize: 100, hooks: { onFileWrite: (f) => writes.push(relative(dir, f)) } })
    for (let page = 0; page < 10; page++) {
      await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', page * 100, 100), state: state(page + 1) })
    }
    expect(writes.filter((f) => f.startsWith('records/'))).toHaveLength(10)
    writes.length = 0
    const updates = [record('c1', 150, { hash: 'x' }), record('c1', 160, { hash: 'y' }), record('c1', 1000)]
    await store.commit({ connectionId: 'c1', resource: 'employees', records: updates, state: state(11) })
    expect(writes).toEqual(['records/c1/employees/000002.json', 'records/c1/employees/000011.json', 'states.json'])
    await store.close()
    expect((await tree(dir)).filter((f) => f.includes('.tmp'))).toEqual([])
  })

  it('keeps the previous state when the process dies between the records and the state', async () => {
    const dir = await tempDir()
    let crash = false
    const store = await open({
      dir,
      hooks: {
        afterRecordsWritten: () => {
          if (crash) throw new Error('killed')
        },
      },
    })
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 100), state: state(1) })
    crash = true
    await expect(store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 100, 100), state: state(2) })).rejects.toThrow('killed')
    expect(await store.getResourceState('c1', 'employees')).toEqual(state(1))
    await store.close()

    const reopened = await open({ dir })
    expect(await reopened.getResourceState('c1', 'employees')).toEqual(state(1))
    // Records beyond the state are harmless: resuming from page 2 upserts them again.
    expect(await reopened.countRecords({})).toEqual({ Employee: 200 })
    await reopened.close()
  })

  it.each([
    { name: 'connections with garbage', file: 'connections.json', content: '{"c1": {"id": "c1"' },
    { name: 'an empty states file', file: 'states.json', content: '' },
    { name: 'a truncated record chunk', file: 'records/c1/employees/000001.json', content: '{"records":[{"id":"x"' },
    { name: 'a chunk of the wrong shape', file: 'records/c1/employees/000001.json', content: '[1,2]' },
    { name: 'a run segment', file: 'runs/000001.json', content: 'null' },
    { name: 'an audit segment cut mid-line', file: 'audit/000001.jsonl', content: '{"id":"a1"}\n{"id":"a' },
    { name: 'an audit line that is not JSON', file: 'audit/000001.jsonl', content: '{"id":"a1"}\nnope\n' },
    { name: 'a named document', file: 'docs/settings.json', content: '{' },
  ])('refuses to open with $name, naming the file and leaving it untouched', async ({ file, content }) => {
    const dir = await tempDir()
    const path = join(dir, file)
    await mkdir(join(path, '..'), { recursive: true })
    await writeFile(path, content)
    const store = createLowdbStore({ dir })
    const failure = await store.open().then(() => undefined, (err: unknown) => err)
    expect(failure).toMatchObject({ code: 'internal', message: expect.stringContaining(path) })
    await expect(store.getConnection('c1')).rejects.toMatchObject({ code: 'internal' })
    expect(await readFile(path, 'utf8')).toBe(content)
  })

  it('refuses to open when a store directory cannot be listed, rather than starting it empty', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'runs'), 'not a directory')
    await expect(createLowdbStore({ dir }).open()).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining(join(dir, 'runs')) })
  })

  it.each([
    { name: 'another tenant than the set', rec: record('c1', 2, { tenant: 't2' }) },
    { name: 'another connection than the batch', rec: record('c2', 2) },
    { name: 'a modifiedAt not in toISOString form', rec: record('c1', 2, { modifiedAt: '2024-05-01T00:00:00Z' }) },
  ])('refuses a whole batch holding a record of $name, storing none of it', async ({ rec }) => {
    const store = await open({ dir: await tempDir() })
    await store.commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 1)] })
    await expect(store.commit({ connectionId: 'c1', resource: 'employees', records: [record('c1', 3), rec], state: state(2) })).rejects.toMatchObject({ code: 'internal' })
    expect([...(await store.getRecords('c1', 'employees', ['r1', 'r2', 'r3'])).keys()]).toEqual(['r1'])
    expect(await store.getResourceState('c1', 'employees')).toBeUndefined()
    await store.close()
  })

  it('writes compact JSON and keeps sealed credentials exactly as given', async () => {
    const dir = await tempDir()
    const store = await open({ dir })
    const c = connection('c1')
    await store.createConnection(c)
    await store.commit({ connectionId: 'c1', resource: 'employees', records: records('c1', 0, 3) })
    await store.close()
    const chunk = await readFile(join(dir, 'records/c1/employees/000001.json'), 'utf8')
    expect(chunk).not.toContain('\n')
    expect(JSON.parse(await readFile(join(dir, 'connections.json'), 'utf8')).c1.credentials).toEqual(c.credentials)
  })

  it('drops expired event ids from events-seen.json', async () => {
    const dir = await tempDir()
    const store = await open({ dir })
    await store.markEventSeen('harvest', 'old', 1)
    await new Promise((r) => setTimeout(r, 5))
    await store.markEventSeen('harvest', 'new', 60_000)
    await store.close()
    expect(Object.keys(JSON.parse(await readFile(join(dir, 'events-seen.json'), 'utf8')))).toEqual([JSON.stringify(['harvest', 'new'])])
  })

  it('starts new run and audit segments when one is full, and lists across them', async () => {
    const dir = await tempDir()
    const store = await open({ dir, runsPerSegment: 2, auditPerSegment: 2 })
    for (let i = 1; i <= 5; i++) {
      await store.putRun(run(`run${i}`, i))
      await store.appendAudit(audit(`a${i}`, i))
    }
    await store.close()
    const reopened = await open({ dir, runsPerSegment: 2, auditPerSegment: 2 })
    await reopened.appendAudit(audit('a6', 6))
    expect((await reopened.listRuns({})).items.map((r) => r.id)).toEqual(['run5', 'run4', 'run3', 'run2', 'run1'])
    expect((await reopened.listAudit({})).items.map((e) => e.id)).toEqual(['a6', 'a5', 'a4', 'a3', 'a2', 'a1'])
    await reopened.close()
    expect(await tree(dir)).toEqual(['audit/000001.jsonl', 'audit/000002.jsonl', 'audit/000003.jsonl', 'runs/000001.json', 'runs/000002.json', 'runs/000003.json'])
  })
})

describe('createStore', () => {
  it('builds a lowdb store', async () => {
    const store = createStore({ kind: 'lowdb', dir: await tempDir() })
    await store.putDoc('x', 1)
    expect(await store.getDoc('x')).toBe(1)
    await store.close()
  })

  it('says the PostgreSQL store is not built yet', () => {
    expect(() => createStore({ kind: 'postgres', url: 'postgres://127.0.0.1/maestro' })).toThrow(expect.objectContaining({ code: 'internal', message: expect.stringContaining('not built yet') }))
  })
})
