// End-to-end sync throughput: a static fake API in its own process → requester → paginator → JSONata-configured
// mapping (15 fields) → model validation → content hash → checkpointed lowdb store. Reported as a ratio of
// R = sequential global fetch + res.json() over the same pages, measured in the same process and run
// (perf-baseline "End-to-end target": floor 0.15 R, target ≥ 0.25 R), with peak RSS per size (each size runs
// in a fresh process doing one sync, so maxRSS is that sync's own peak).
// Run: npx tsx bench/sync.bench.ts [--json] [--sizes 10000,100000] [--lowdb-only]
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createEventBus } from '../runtime/events/bus.ts'
import type { ConnectorManifest } from '../runtime/manifest/schema/index.ts'
import { createLowdbStore } from '../runtime/store/lowdb-store.ts'
import type { Store } from '../runtime/store/types.ts'
import { createSyncEngine } from '../runtime/sync/engine.ts'
import { providerRecord } from './provider-record.ts'

const PAGE = 100
const argv = process.argv.slice(2)
const flag = (name: string) => { const i = argv.indexOf(name); return i < 0 ? undefined : argv[i + 1] }

function manifest(): ConnectorManifest {
  return {
    id: 'benchhr', name: 'Bench HR', category: 'hris',
    auth: { type: 'bearer', token: '{{ credentials.token }}' },
    http: { baseUrl: 'http://127.0.0.1' },
    resources: {
      employees: {
        model: 'Employee',
        list: { path: '/people', query: { page: 0 }, records: 'items', paginate: { type: 'next_url', next: 'next' } },
        id: '$string(id)', modifiedAt: 'updated_at',
        map: `{
          "firstName": first_name, "lastName": last_name, "displayName": first_name & " " & last_name,
          "workEmail": email, "workPhone": phone, "jobTitle": title, "department": department,
          "workLocationName": location.city, "managerId": $string(manager_id), "hireDate": hire_date, "dateOfBirth": birth_date,
          "employmentStatus": status = "active" ? "ACTIVE" : "INACTIVE", "employmentType": employment_type,
          "remoteCreatedAt": created_at, "timezone": tz
        }`,
      },
    },
  } as ConnectorManifest
}

/** R: sequential fetch + res.json() following `next`, records/s. */
async function raw(base: string, n: number): Promise<number> {
  const t0 = performance.now()
  let url: string | null = `${base}/people?page=0&limit=${n}`
  let count = 0
  while (url) {
    const body = (await (await fetch(url)).json()) as { items: unknown[]; next: string | null }
    count += body.items.length
    url = body.next ? base + body.next : null
  }
  if (count !== n) throw new Error(`raw walk saw ${count} records, expected ${n}`)
  return n / ((performance.now() - t0) / 1000)
}

/** Where synced records go: the embedded lowdb store, or nowhere (to see the engine's own cost and memory). */
type Target = 'lowdb' | 'engine'

/** The lowdb store with record commits and lookups short-circuited; connections and runs still work. */
function discardRecords(store: Store): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'commit') return async () => undefined
      if (key === 'getRecords') return async () => new Map()
      const value = Reflect.get(target, key, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** One sync of `n` records into a fresh store, records/s. */
async function sync(base: string, n: number, target: Target = 'lowdb'): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'maestro-bench-sync-'))
  try {
    const lowdb = createLowdbStore({ dir })
    const store = target === 'lowdb' ? lowdb : discardRecords(lowdb)
    await store.open()
    const at = new Date().toISOString()
    await store.createConnection({ id: 'con_bench', tenant: 'bench', connector: 'benchhr', status: 'active', config: {}, credentials: null, createdAt: at, updatedAt: at })
    const m = manifest()
    m.resources.employees.list.query = { page: 0, limit: n }
    const engine = createSyncEngine({
      store, bus: createEventBus(), connectors: new Map([['benchhr', { id: 'benchhr', manifest: m }]]),
      resolveAuth: async () => ({ credentials: { token: 'bench-token' } }), baseUrl: () => base,
    })
    const t0 = performance.now()
    const run = await engine.sync('con_bench', { trigger: 'manual' })
    const seconds = (performance.now() - t0) / 1000
    if (run.status !== 'succeeded' || run.counts.added !== n) throw new Error(`sync ended ${run.status} with ${JSON.stringify(run.counts)}`)
    await store.close()
    return n / seconds
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Median; for an even count, the mean of the middle two. */
const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b)
  const m = Math.floor(v.length / 2)
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2
}

/**
 * Child: warm up, then alternate R and sync so each sync sits between two R walks; the ratio is the median of
 * sync / mean(R before, R after), which cancels most of the drift of a shared machine. Peak RSS is this process's.
 */
async function measure(base: string, n: number, target: Target): Promise<void> {
  await raw(base, Math.min(n, 5_000))
  await sync(base, Math.min(n, 2_000), target)
  const trials = n >= 100_000 ? 2 : 3
  const ratios: number[] = []
  const syncs: number[] = []
  const raws: number[] = []
  let before = await raw(base, n)
  raws.push(before)
  for (let t = 0; t < trials; t++) {
    const s = await sync(base, n, target)
    const after = await raw(base, n)
    ratios.push(s / ((before + after) / 2))
    syncs.push(s)
    raws.push(after)
    before = after
  }
  process.stdout.write(JSON.stringify({ target, records: n, syncRecordsPerSecond: Math.round(median(syncs)), rawRecordsPerSecond: Math.round(median(raws)), ratio: median(ratios), trials }) + '\n')
}

/** Child: one sync of `n` records and nothing else, so maxRSS is the peak of exactly one sync. */
async function peak(base: string, n: number, target: Target): Promise<void> {
  await sync(base, n, target)
  process.stdout.write(JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n')
}

/** Run this file in a fresh process in one of its child modes and parse its one-line JSON report. */
async function child(mode: string, base: string, n: number, target: Target) {
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, mode, base, String(n), target], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  proc.stdout.on('data', (d) => { out += d })
  const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve))
  if (code !== 0) throw new Error(`${mode} with ${n} records failed (exit ${code})`)
  return JSON.parse(out.trim().split('\n').at(-1)!)
}

async function main(): Promise<void> {
  const sizes = (flag('--sizes') ?? '10000,100000').split(',').map(Number)
  const server = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve', String(Math.max(...sizes))], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<string>((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())))
  const base = `http://127.0.0.1:${port}`
  const targets: Target[] = argv.includes('--lowdb-only') ? ['lowdb'] : ['lowdb', 'engine']
  const runs: Array<{ target: Target; records: number; syncRecordsPerSecond: number; rawRecordsPerSecond: number; ratio: number; peakRssMb: number; trials: number }> = []
  try {
    for (const target of targets) {
      for (const n of sizes) runs.push({ ...(await child('--measure', base, n, target)), ...(await child('--peak', base, n, target)) })
    }
  } finally {
    server.kill()
  }
  const rssRatio = (target: Target) => {
    const small = runs.find((r) => r.target === target && r.records === Math.min(...sizes))
    const large = runs.find((r) => r.target === target && r.records === Math.max(...sizes))
    return small && large && small !== large ? large.peakRssMb / small.peakRssMb : undefined
  }
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ bench: 'sync', runs, rssRatio: Object.fromEntries(targets.map((t) => [t, rssRatio(t)])), floor: 0.15, target: 0.25 }))
    return
  }
  console.log('store     records   sync rec/s   raw R rec/s   ratio   peak RSS')
  for (const r of runs) {
    const verdict = r.ratio >= 0.25 ? 'target' : r.ratio >= 0.15 ? 'floor' : 'BELOW FLOOR'
    console.log(`${(r.target === 'lowdb' ? 'lowdb' : 'none*').padEnd(7)} ${String(r.records).padStart(9)}   ${String(r.syncRecordsPerSecond).padStart(10)}   ${String(r.rawRecordsPerSecond).padStart(11)}   ${r.ratio.toFixed(2)}R   ${String(r.peakRssMb).padStart(5)} MB   (${verdict})`)
  }
  for (const t of targets) {
    const ratio = rssRatio(t)
    if (ratio !== undefined) console.log(`peak RSS ${Math.max(...sizes)} / ${Math.min(...sizes)} records, ${t === 'lowdb' ? 'lowdb' : 'no store'}: ${ratio.toFixed(2)}× (streaming goal ≤ 1.3×)`)
  }
  console.log('targets: ratio ≥ 0.25 R (floor 0.15 R); R = sequential fetch + res.json() of the same pages in the same process')
  if (targets.includes('engine')) console.log('* none: the engine with record commits discarded, to separate its own cost and memory from the store\'s')
}

// ---- the static API (child process): pages built once, only the `next` link appended per request ----
function serve(total: number): void {
  const bodies: string[] = []
  for (let p = 0; p * PAGE < total; p++) {
    const items = Array.from({ length: Math.min(PAGE, total - p * PAGE) }, (_, k) => providerRecord(p * PAGE + k))
    bodies.push(`{"items":${JSON.stringify(items)},"next":`)
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const page = Number(url.searchParams.get('page') ?? '0')
    const limit = Number(url.searchParams.get('limit') ?? total)
    const last = (page + 1) * PAGE >= limit
    const body = bodies[page] + (last ? 'null}' : `"/people?page=${page + 1}&limit=${limit}"}`)
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1', () => { process.stdout.write(`${(server.address() as { port: number }).port}\n`) })
}

if (argv[0] === '--serve') serve(Number(argv[1]))
else if (argv[0] === '--measure') await measure(argv[1], Number(argv[2]), argv[3] as Target)
else if (argv[0] === '--peak') await peak(argv[1], Number(argv[2]), argv[3] as Target)
else await main()
