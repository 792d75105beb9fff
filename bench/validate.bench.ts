// `maestro validate` over every shipped manifest (fixtures included), as a child process, against
// `node -e 0` measured in the same run: wall and CPU time (all threads of the process, so the
// module-hooks thread counts), median of several interleaved runs, and the ratio to the baseline.
// Rows: the CLI as installed (the dist/cli bundle when it matches the sources, else the sources),
// and the sources through tsx (MAESTRO_CLI=source), for comparison.
// Run: npx tsx bench/validate.bench.ts [--runs=9] [--json]   (npm run bench validate)
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { bundleIsFresh } from '../runtime/cli/bundle-state.ts'

const root = join(import.meta.dirname, '..')
const runsFlag = process.argv.find((a) => a.startsWith('--runs='))
const runs = Math.max(1, Number(runsFlag?.slice('--runs='.length) ?? 9) || 9)
const bin = join(root, 'bin', 'maestro.js')

// Reports the child's own CPU time (user + system, every thread) on fd 3 as it exits.
const CPU_PROBE = 'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>{const c=process.cpuUsage();try{writeSync(3,`${c.user+c.system}\\n`)}catch{}})'

interface Case { name: string; args: string[]; env?: Record<string, string> }
interface Sample { wall: number; cpu: number }

// Without VITEST (a bench is not a test) bin/maestro.js may pick the bundle.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'VITEST' && k !== 'MAESTRO_CLI')) as Record<string, string>

const CASES: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'maestro validate', args: [bin, 'validate'] },
  { name: 'maestro validate (sources, tsx)', args: [bin, 'validate'], env: { MAESTRO_CLI: 'source' } },
]

function once(c: Case): Sample {
  const started = performance.now()
  const res = spawnSync(process.execPath, ['--import', CPU_PROBE, ...c.args], {
    cwd: root, env: { ...env, ...c.env }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], encoding: 'utf8',
  })
  const wall = performance.now() - started
  if (res.status !== 0) throw new Error(`${c.name} exited ${res.status}: ${res.stderr || res.stdout}`)
  const cpu = Number(String(res.output[3] ?? '').trim()) / 1000
  if (!Number.isFinite(cpu) || cpu <= 0) throw new Error(`${c.name}: no CPU time reported`)
  return { wall, cpu }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const mode = bundleIsFresh(root, join(root, 'dist', 'cli')) ? 'the dist/cli bundle' : 'the sources (no fresh bundle: run `npm run prepare`)'
console.log(`maestro validate: every shipped manifest, ${runs} runs each, interleaved; the CLI runs ${mode}`)
console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
for (const c of CASES) once(c) // warm-up: disk caches, compiled-validator and transform caches
const samples = new Map<string, Sample[]>(CASES.map((c) => [c.name, []]))
for (let i = 0; i < runs; i++) for (const c of CASES) samples.get(c.name)!.push(once(c))

const base = samples.get(CASES[0].name)!
const baseWall = median(base.map((s) => s.wall))
const baseCpu = median(base.map((s) => s.cpu))
const width = Math.max(...CASES.map((c) => c.name.length))
console.log(`${'case'.padEnd(width)}  ${'wall ms'.padStart(8)}  ${'cpu ms'.padStart(8)}  ${'wall ×'.padStart(7)}  ${'cpu ×'.padStart(7)}`)
for (const c of CASES) {
  const s = samples.get(c.name)!
  const wall = median(s.map((x) => x.wall))
  const cpu = median(s.map((x) => x.cpu))
  console.log(`${c.name.padEnd(width)}  ${wall.toFixed(0).padStart(8)}  ${cpu.toFixed(0).padStart(8)}  ${(wall / baseWall).toFixed(2).padStart(7)}  ${(cpu / baseCpu).toFixed(2).padStart(7)}`)
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
if (process.argv.includes('--json')) {
  const row = (c: Case) => {
    const s = samples.get(c.name)!
    const wall = median(s.map((x) => x.wall))
    const cpu = median(s.map((x) => x.cpu))
    return { case: c.name, wallMs: Math.round(wall), cpuMs: Math.round(cpu), wallRatio: wall / baseWall, cpuRatio: cpu / baseCpu }
  }
  console.log(JSON.stringify({ bench: 'validate', runs, mode: mode.startsWith('the dist') ? 'bundle' : 'sources', rows: CASES.map(row) }))
}
