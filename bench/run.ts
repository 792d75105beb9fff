// npm run bench: runs every bench/*.bench.ts (or the ones named on the command line) one after another.
// Each benchmark prints ratios against a baseline measured in its own run, so figures compare across machines.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const dir = import.meta.dirname
// Names pick benchmarks by prefix; flags (`--json`) pass through to each of them.
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'))
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort()

let failed = 0
for (const file of benches) {
  console.log(`\n=== ${file} ===`)
  const res = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(dir, file), ...flags], { stdio: 'inherit' })
  if (res.status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
