// Store commit cost as the sync engine sees it: batches of 1,000 records (its default flushEvery) committed with
// their checkpoint, on an empty store and on a full one. What matters for end-to-end throughput is the main-thread
// time a commit takes (file writes and fsync run on libuv's threads while the engine maps the next batch), the
// commit's latency, that neither grows with the store, and the memory the store keeps per record.
// Reference: one lowdb file rewritten per page, the pattern the perf baseline measured as O(n²).
// Run: npx tsx bench/store.bench.ts [--quick]   (memory figures need --expose-gc, which `npm run bench` passes)
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Low } from 'lowdb'
import { DataFile } from 'lowdb/node'
import { createLowdbStore } from '../runtime/store/lowdb-store.ts'
import type { ResourceState, Store, StoredRecord } from '../runtime/store/types.ts'
import { providerRecord } from './provider-record.ts'

const quick = process.argv.includes('--quick')
const gc = (globalThis as { gc?: () => void }).gc

/** A stored record as the engine builds it: envelope, 15 mapped fields and the raw provider JSON (~1.5 KB). */
function makeRecord(i: number, now: string, version = 0): StoredRecord {
  const raw = providerRecord(i)
  return {
    id: `c1:employees:${raw.id}`, remoteId: String(raw.id), connectionId: 'c1', tenant: 't1', connector: 'benchhr', resource: 'employees', model: 'Employee',
    data: {
      firstName: raw.first_name, lastName: raw.last_name, displayName: `${raw.first_name} ${raw.last_name}`, workEmail: raw.email, workPhone: raw.phone,
      jobTitle: version ? `${raw.title} ${version}` : raw.title, department: raw.department, workLocationName: raw.location.city, managerId: String(raw.manager_id),
      hireDate: raw.hire_date, dateOfBirth: raw.birth_date, employmentStatus: raw.status === 'active' ? 'ACTIVE' : 'INACTIVE', employmentType: raw.employment_type,
      remoteCreatedAt: raw.created_at, timezone: raw.tz,
    },
    remoteData: raw, remoteUpdatedAt: '2024-05-01T10:00:00.000Z', firstSeenAt: now, modifiedAt: now, deletedAt: null,
    lastAction: version ? 'updated' : 'added', hash: `sha256-${(i * 7919 + version).toString(16).padStart(56, '0')}`, seenBy: `run${version}`,
  }
}

const batchOf = (from: number, size: number, version = 0) => {
  const now = new Date().toISOString()
  return Array.from({ length: size }, (_, k) => makeRecord(from + k, now, version))
}

const state = (pages: number): ResourceState => ({ connectionId: 'c1', resource: 'employees', cursor: null, checkpoint: { runId: 'run1', page: { page: pages + 1 }, full: true, pages } })

interface Timing {
  /** Wall time of each measured call, ms. */
  wall: number[]
  /** Main-thread (event loop) busy time during each call, ms. */
  busy: number[]
}

/** Times `fn`, wall and event-loop busy time; building its input happens outside. */
async function timed(t: Timing, fn: () => Promise<unknown>): Promise<void> {
  const elu = performance.eventLoopUtilization()
  const t0 = performance.now()
  await fn()
  t.wall.push(performance.now() - t0)
  t.busy.push(performance.eventLoopUtilization(elu).active)
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
const mean = (xs: number[]) => sum(xs) / Math.max(1, xs.length)
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0

function report(label: string, records: number, t: Timing): number {
  const wall = sum(t.wall)
  const rate = records / (wall / 1000)
  const first = mean(t.wall.slice(0, 5))
  const last = mean(t.wall.slice(-5))
  console.log(
    `${label.padEnd(46)} ${String(records).padStart(7)} rec ${Math.round(rate).toLocaleString('en-US').padStart(9)} rec/s` +
      `  main thread ${((sum(t.busy) * 1000) / records).toFixed(2).padStart(6)} µs/rec` +
      `  call p50 ${pct(t.wall, 0.5).toFixed(1)} ms p95 ${pct(t.wall, 0.95).toFixed(1)} ms  first 5 → last 5 ×${(last / first).toFixed(2)}`,
  )
  return rate
}

async function withStore<T>(options: { fsync: boolean }, fn: (store: Store, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-bench-store-'))
  try {
    const store = createLowdbStore({ dir, ...options })
    await store.open()
    const out = await fn(store, dir)
    await store.close()
    return out
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A first sync: `n` records committed `batch` at a time, each with its checkpoint. */
async function fill(store: Store, n: number, batch: number, version = 0): Promise<Timing> {
  const t: Timing = { wall: [], busy: [] }
  for (let i = 0; i < n; i += batch) {
    const records = batchOf(i, batch, version)
    await timed(t, () => store.commit({ connectionId: 'c1', resource: 'employees', records, state: state(i / batch + 1) }))
  }
  return t
}

/** A second sync over a full store: each batch is looked up, then (when `changed`) committed as new versions. */
async function resync(store: Store, n: number, batch: number, changed: boolean): Promise<Timing> {
  const t: Timing = { wall: [], busy: [] }
  for (let i = 0; i < n; i += batch) {
    const records = batchOf(i, batch, 1)
    const ids = records.map((r) => r.remoteId)
    await timed(t, async () => {
      const found = await store.getRecords('c1', 'employees', ids)
      if (found.size !== batch) throw new Error(`found ${found.size} of ${batch}`)
      if (changed) await store.commit({ connectionId: 'c1', resource: 'employees', records, state: state(i / batch + 1) })
    })
  }
  return t
}

/** What the perf baseline measured: one lowdb file (compact JSON, keyed by id) written after every page of 100. */
async function singleFile(n: number): Promise<Timing> {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-bench-store-'))
  try {
    type Doc = { records: Record<string, StoredRecord>; states: Record<string, ResourceState> }
    const db = new Low<Doc>(new DataFile<Doc>(join(dir, 'db.json'), { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), { records: {}, states: {} })
    const t: Timing = { wall: [], busy: [] }
    for (let i = 0; i < n; i += 100) {
      const records = batchOf(i, 100)
      await timed(t, async () => {
        for (const r of records) db.data.records[r.id] = r
        db.data.states.employees = state(i / 100 + 1)
        await db.write()
      })
    }
    return t
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Heap kept by an open store holding `n` records, per record (after full GCs), and the peak heap while filling it. */
async function retained(n: number): Promise<string> {
  if (!gc) return 'n/a (run with --expose-gc)'
  gc()
  const before = process.memoryUsage().heapUsed
  return withStore({ fsync: false }, async (store) => {
    let peak = 0
    for (let i = 0; i < n; i += 1000) {
      await store.commit({ connectionId: 'c1', resource: 'employees', records: batchOf(i, 1000), state: state(i / 1000 + 1) })
      peak = Math.max(peak, process.memoryUsage().heapUsed)
    }
    gc()
    gc()
    const kept = process.memoryUsage().heapUsed - before
    return `${Math.round(kept / n)} B/record kept (${(kept / 2 ** 20).toFixed(1)} MB), heap peak while filling ${((peak - before) / 2 ** 20).toFixed(0)} MB above the start`
  })
}

const SMALL = 10_000
const LARGE = quick ? 30_000 : 100_000

// Warm up the JIT and the file system paths before measuring.
await withStore({ fsync: true }, (s) => fill(s, 3_000, 1000))
await singleFile(2_000)

const reference = report('single lowdb file, write per page of 100', SMALL, await singleFile(SMALL))
report('chunked store, batches of 1000 (fsync)', SMALL, await withStore({ fsync: true }, (s) => fill(s, SMALL, 1000)))
report('chunked store, batches of 1000 (no fsync)', SMALL, await withStore({ fsync: false }, (s) => fill(s, SMALL, 1000)))
const paged = report('chunked store, batches of 100 (fsync)', SMALL, await withStore({ fsync: true }, (s) => fill(s, SMALL, 100)))
await withStore({ fsync: true }, async (store) => {
  report('chunked store, batches of 1000 (fsync)', LARGE, await fill(store, LARGE, 1000))
  report('  then re-sync, all unchanged (lookups only)', LARGE, await resync(store, LARGE, 1000, false))
  report('  then re-sync, all changed (lookups + commit)', LARGE, await resync(store, LARGE, 1000, true))
  const t: Timing = { wall: [], busy: [] }
  let cursor: string | undefined
  let listed = 0
  do {
    await timed(t, async () => {
      const page = await store.listRecords({ connectionId: 'c1', pageSize: 100, cursor })
      listed += page.items.length
      cursor = page.next
    })
  } while (cursor)
  report('  then list every record, pages of 100', listed, t)
})
console.log(`\nmemory: ${await retained(LARGE)}`)
console.log(`ratio at ${SMALL / 1000}k, chunked store / single lowdb file, both committing pages of 100 with fsync on: ${(paged / reference).toFixed(1)}×`)
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`)
