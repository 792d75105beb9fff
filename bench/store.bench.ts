// Store commit cost: the chunked lowdb store against a single lowdb file rewritten per page.
// The engine commits once per page (100 records) with its checkpoint, so what matters is that a
// commit costs the same on an empty store and on a full one. Run: npx tsx bench/store.bench.ts
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Low } from 'lowdb'
import { DataFile } from 'lowdb/node'
import { createLowdbStore } from '../runtime/store/lowdb-store.ts'
import type { ResourceState, StoredRecord } from '../runtime/store/types.ts'

const PAGE = 100

/** A record of ~1 KB (20 canonical fields plus the raw provider JSON), like the baseline's. */
function makeRecord(n: number): StoredRecord {
  const at = new Date(Date.UTC(2024, 4, 1) + n * 1000).toISOString()
  const data: Record<string, unknown> = {
    firstName: `First${n}`,
    lastName: `Last${n}`,
    workEmail: `person${n}@example.com`,
    employmentStatus: n % 7 ? 'ACTIVE' : 'INACTIVE',
    startDate: '2021-03-01',
    title: 'Engineer',
    department: 'R&D',
    managerId: `m${n % 50}`,
    locationId: `l${n % 5}`,
  }
  return {
    id: `c1:employees:${n}`,
    remoteId: String(n),
    connectionId: 'c1',
    tenant: 't1',
    connector: 'harvest',
    resource: 'employees',
    model: 'Employee',
    data,
    remoteData: { id: n, first_name: data.firstName, last_name: data.lastName, email: data.workEmail, is_active: n % 7 !== 0, updated_at: at },
    remoteUpdatedAt: at,
    firstSeenAt: at,
    modifiedAt: at,
    deletedAt: null,
    lastAction: 'added',
    hash: `sha256-${n.toString(16).padStart(40, '0')}`,
    seenBy: 'run1',
  }
}

function page(p: number): StoredRecord[] {
  return Array.from({ length: PAGE }, (_, i) => makeRecord(p * PAGE + i))
}

function state(p: number): ResourceState {
  return { connectionId: 'c1', resource: 'employees', cursor: null, checkpoint: { runId: 'run1', page: { page: p + 2 }, full: true, pages: p + 1 } }
}

interface Result {
  total: number
  commits: number[]
}

async function chunked(n: number, fsync: boolean): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-bench-'))
  try {
    const store = createLowdbStore({ dir, fsync })
    await store.open()
    const commits: number[] = []
    const t0 = performance.now()
    for (let p = 0; p < n / PAGE; p++) {
      const records = page(p)
      const t = performance.now()
      await store.commit({ connectionId: 'c1', resource: 'employees', records, state: state(p) })
      commits.push(performance.now() - t)
    }
    const total = performance.now() - t0
    await store.close()
    return { total, commits }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** What the perf baseline measured: one lowdb file (compact JSON, keyed by id) written after every page. */
async function singleFile(n: number): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-bench-'))
  try {
    type Doc = { records: Record<string, StoredRecord>; states: Record<string, ResourceState> }
    const db = new Low<Doc>(new DataFile<Doc>(join(dir, 'db.json'), { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), { records: {}, states: {} })
    const commits: number[] = []
    const t0 = performance.now()
    for (let p = 0; p < n / PAGE; p++) {
      const records = page(p)
      const t = performance.now()
      for (const r of records) db.data.records[r.id] = r
      db.data.states.employees = state(p)
      await db.write()
      commits.push(performance.now() - t)
    }
    return { total: performance.now() - t0, commits }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const ms = (x: number) => `${x.toFixed(2)} ms`

function report(label: string, n: number, r: Result): number {
  const rate = n / (r.total / 1000)
  const first = mean(r.commits.slice(0, 10))
  const last = mean(r.commits.slice(-10))
  console.log(
    `${label.padEnd(34)} ${String(n).padStart(6)} rec  ${(r.total / 1000).toFixed(2).padStart(6)} s  ${Math.round(rate).toLocaleString('en-US').padStart(8)} rec/s` +
      `  commit first 10 ${ms(first)}, last 10 ${ms(last)} (×${(last / first).toFixed(2)})`,
  )
  return rate
}

// Warm up the JIT and the file system paths before measuring.
await chunked(2_000, true)
await singleFile(2_000)

const baseline10k = report('single lowdb file, write per page', 10_000, await singleFile(10_000))
const chunked10k = report('chunked store (fsync)', 10_000, await chunked(10_000, true))
const chunkedNoSync10k = report('chunked store (no fsync)', 10_000, await chunked(10_000, false))
report('chunked store (fsync)', 50_000, await chunked(50_000, true))

console.log(`\nratio at 10k, chunked / single file: ${(chunked10k / baseline10k).toFixed(2)}× with fsync, ${(chunkedNoSync10k / baseline10k).toFixed(2)}× without`)
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`)
