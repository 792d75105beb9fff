// Cost of the connection budget on the request path: raw fetch vs the requester with no rateLimit vs
// the requester with a rateLimit it stays under, against a static server in its own process.
// Ratios are to raw fetch measured in the same run (rounds interleaved, medians), so they compare across machines.
// Run: npx tsx bench/http.bench.ts
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import Bottleneck from 'bottleneck'
import { createRequester, createRateBudget, type RateBudget } from '../runtime/http/index.ts'

const REQUESTS = 2000
const WARMUP = 300

// A static server in a child process, so the client's timings do not share its thread.
const SERVER = `
const http = require('node:http')
const rec = (i) => ({ id: 100000 + i, first_name: 'First' + i, last_name: 'Last' + i, email: 'user' + i + '@example.com',
  job_title: 'Senior Software Engineer', department: { id: i % 12, name: 'Department ' + (i % 12) },
  location: { city: 'Lisbon', country: 'PT', timezone: 'Europe/Lisbon' }, updated_at: '2024-05-01T10:00:00Z', is_active: true })
const bodies = { '/small': JSON.stringify({ users: [rec(1)] }), '/page': JSON.stringify({ users: Array.from({ length: 100 }, (_, i) => rec(i)) }) }
const server = http.createServer((req, res) => {
  const body = bodies[req.url.split('?')[0]] ?? '{}'
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
})
server.keepAliveTimeout = 60000
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
`

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())))
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() }
}

function bottleneckBudget(): RateBudget {
  const limiter = new Bottleneck({ reservoir: 1_000_000, maxConcurrent: 10 })
  return { schedule: (fn) => limiter.schedule(fn), pause: () => undefined, stats: () => ({ limited: true, scheduled: 0, immediate: 0, queued: 0, running: 0, waiting: 0, windowUsed: 0, pauses: 0 }) }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function timeSequential(n: number, one: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await one()
  return ((performance.now() - t0) * 1000) / n
}

async function main() {
  const server = await startServer()
  const context = { config: {}, credentials: { token: 'bench-token' }, app: {} }
  const auth = { type: 'bearer' as const, token: '{{ credentials.token }}' }
  const plain = createRequester({ http: { baseUrl: server.url }, auth, context })
  const underBudget = createRequester({ http: { baseUrl: server.url, rateLimit: { requests: 1_000_000, per: '1m', concurrency: 10 } }, auth, context })
  const viaBottleneck = createRequester({ http: { baseUrl: server.url }, auth, context, budget: bottleneckBudget() })

  const report: Record<string, unknown> = {}
  for (const path of ['/small', '/page']) {
    const variants: Array<[string, () => Promise<unknown>]> = [
      ['raw fetch + JSON.parse', async () => JSON.parse(await (await fetch(`${server.url}${path}`, { headers: { authorization: 'Bearer bench-token' } })).text())],
      // What any careful client pays: a timeout signal, headers, manual redirects, header copy.
      ['raw fetch with the requester\'s fetch arguments', async () => {
        const res = await fetch(new URL(`${server.url}${path}`), { method: 'GET', headers: { accept: 'application/json', 'user-agent': 'Maestro/0.1', authorization: 'Bearer bench-token' }, signal: AbortSignal.timeout(30_000), redirect: 'manual' })
        const headers: Record<string, string> = {}
        res.headers.forEach((v, k) => { headers[k] = v })
        return JSON.parse(await res.text())
      }],
      ['requester, no rateLimit', () => plain.request({ path })],
      ['requester, rateLimit under budget', () => underBudget.request({ path })],
    ]
    for (const [, fn] of variants) await timeSequential(WARMUP, fn)
    // Interleave single requests (rotating the order) so drift and noisy neighbours hit every variant alike.
    const samples = variants.map(() => [] as number[])
    for (let i = 0; i < REQUESTS; i++) {
      for (let k = 0; k < variants.length; k++) {
        const v = (i + k) % variants.length
        const t0 = performance.now()
        await variants[v][1]()
        samples[v].push((performance.now() - t0) * 1000)
      }
    }
    const bottleneckUs = median([await timeSequential(40, () => viaBottleneck.request({ path })), await timeSequential(40, () => viaBottleneck.request({ path })), await timeSequential(40, () => viaBottleneck.request({ path }))])
    const raw = median(samples[0])
    console.log(`\n${path === '/small' ? 'small body (1 record)' : 'page of 100 records (~50 kB)'}: median of ${REQUESTS} interleaved sequential requests per variant`)
    console.log(`${'variant'.padEnd(58)} ${'µs/request'.padStart(10)} ${'× raw'.padStart(7)}`)
    const rows: Array<[string, number]> = [...variants.map(([name], v): [string, number] => [name, median(samples[v])]), ['requester, every request through Bottleneck (reference)', bottleneckUs]]
    for (const [name, m] of rows) {
      console.log(`${name.padEnd(58)} ${m.toFixed(1).padStart(10)} ${(m / raw).toFixed(2).padStart(7)}`)
      report[`${path.slice(1)}: ${name}`] = { usPerRequest: Number(m.toFixed(1)), ratioToRaw: Number((m / raw).toFixed(3)) }
    }
    const none = median(samples[2])
    const under = median(samples[3])
    const noise = (percentile(samples[2], 0.75) - percentile(samples[2], 0.25)) / 2
    console.log(`under budget vs no limiter: ${(under / none).toFixed(3)}× (${(under - none).toFixed(1)} µs/request; half the interquartile range of one variant, as noise: ${noise.toFixed(1)} µs)`)
  }

  // The budget alone, on an empty job, so its own cost is visible without the network.
  const noop = async () => undefined
  const budgets: Array<[string, RateBudget, number]> = [
    ['no rateLimit (promise gate)', createRateBudget(undefined), 200_000],
    ['rateLimit under budget (window count)', createRateBudget({ requests: 1_000_000_000, per: '1m', concurrency: 10 }), 200_000],
    ['Bottleneck schedule (reference)', bottleneckBudget(), 200],
  ]
  console.log('\nbudget.schedule(noop) awaited one at a time')
  for (const [name, budget, n] of budgets) {
    await timeSequential(Math.min(n, 1000), () => budget.schedule(noop))
    const runs: number[] = []
    for (let r = 0; r < 3; r++) runs.push(await timeSequential(n, () => budget.schedule(noop)))
    const us = median(runs)
    console.log(`${name.padEnd(58)} ${us.toFixed(3).padStart(10)} µs/job`)
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(report))
  server.stop()
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]
}

await main()
