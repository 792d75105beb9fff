/**
 * @module `npm run build`: bundle the dashboard into dashboard/dist/ and report its size against the
 * 60 KB gzipped budget (exit code 1 when over it).
 */
import { buildDashboard, GZIP_BUDGET_BYTES } from '../dashboard/build.ts'

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

const result = await buildDashboard()
const width = Math.max(...result.files.map((f) => f.path.length))
console.log(`dashboard built in ${result.ms} ms → ${result.outDir}`)
for (const f of result.files) console.log(`  ${f.path.padEnd(width)}  ${kb(f.bytes).padStart(9)}  ${kb(f.gzipBytes).padStart(8)} gzipped`)
const over = result.gzipBytes > GZIP_BUDGET_BYTES
console.log(`  ${'total'.padEnd(width)}  ${''.padStart(9)}  ${kb(result.gzipBytes).padStart(8)} gzipped (budget ${kb(GZIP_BUDGET_BYTES)}${over ? ': OVER' : ''})`)
if (over) process.exitCode = 1
