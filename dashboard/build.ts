/**
 * @module Bundles the dashboard for the browser with esbuild (one minified ESM file, Lit included, nothing
 * fetched from a CDN) into `dashboard/dist/`, with a gzipped copy of each file for the server to send.
 * `dist/` is not committed: `ensureDashboardBuilt()` rebuilds it when the sources changed since the last
 * build (about a tenth of a second), so a fresh clone serves the dashboard after `npm ci`.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const DASHBOARD_DIR = dirname(fileURLToPath(import.meta.url))
const ROOT = dirname(DASHBOARD_DIR)

/** Where the built dashboard goes by default. */
export const DASHBOARD_DIST = join(DASHBOARD_DIR, 'dist')
/** The whole dashboard's gzipped budget. */
export const GZIP_BUDGET_BYTES = 60 * 1024
const STAMP = 'build.json'

export interface BuiltFile {
  /** Path under the output folder, e.g. `assets/maestro-dashboard.js`. */
  path: string
  bytes: number
  gzipBytes: number
}

export interface BuildResult {
  outDir: string
  files: BuiltFile[]
  /** Gzipped bytes of every file together. */
  gzipBytes: number
  ms: number
  sourceHash: string
}

/** The files whose content decides the bundle: the dashboard's sources and Lit's version. */
async function sources(dir = DASHBOARD_DIR): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'dist' && entry.name !== 'node_modules') out.push(...await sources(path))
    } else if (/\.(ts|html|css)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(path)
  }
  return out.sort()
}

/** A hash of everything the bundle is built from. */
export async function sourceHash(): Promise<string> {
  const hash = createHash('sha256')
  for (const file of await sources()) hash.update(relative(DASHBOARD_DIR, file)).update('\0').update(await readFile(file)).update('\0')
  for (const pkg of ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', 'esbuild']) {
    const version = await readFile(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8').then((t) => (JSON.parse(t) as { version: string }).version, () => 'none')
    hash.update(`${pkg}@${version}\0`)
  }
  return hash.digest('hex')
}

/** Write through a temporary file and a rename, so a concurrent reader never sees half a file. */
async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  await writeFile(tmp, data)
  await rename(tmp, path)
}

/**
 * Build the dashboard into `outDir`.
 * @example
 * const { gzipBytes } = await buildDashboard()
 */
export async function buildDashboard(options: { outDir?: string; minify?: boolean } = {}): Promise<BuildResult> {
  const outDir = options.outDir ?? DASHBOARD_DIST
  const started = performance.now()
  const hash = await sourceHash()
  const { build } = await import('esbuild')
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(DASHBOARD_DIR, 'index.ts')],
    outfile: join(outDir, 'assets', 'maestro-dashboard.js'),
    tsconfig: join(ROOT, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify: options.minify ?? true,
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
  })
  const outputs: Array<{ path: string; data: Uint8Array }> = result.outputFiles.map((f) => ({ path: relative(outDir, f.path), data: f.contents }))
  outputs.push({ path: 'index.html', data: await readFile(join(DASHBOARD_DIR, 'index.html')) })
  const files: BuiltFile[] = []
  for (const o of outputs) {
    const gz = gzipSync(o.data, { level: 9 })
    await writeAtomic(join(outDir, o.path), o.data)
    await writeAtomic(join(outDir, `${o.path}.gz`), gz)
    files.push({ path: o.path, bytes: o.data.byteLength, gzipBytes: gz.byteLength })
  }
  const ms = Math.round(performance.now() - started)
  const gzipBytes = files.reduce((n, f) => n + f.gzipBytes, 0)
  // Written last: a build interrupted before this line is redone on the next start.
  await writeAtomic(join(outDir, STAMP), JSON.stringify({ sourceHash: hash, files, gzipBytes, builtAt: new Date().toISOString() }, null, 2))
  return { outDir, files, gzipBytes, ms, sourceHash: hash }
}

const ensured = new Map<string, Promise<string>>()

/**
 * Build the dashboard unless `outDir` already holds a build of the current sources; resolves to `outDir`.
 * Memoised per folder for the life of the process.
 * @example
 * const dist = await ensureDashboardBuilt()
 */
export function ensureDashboardBuilt(outDir = DASHBOARD_DIST): Promise<string> {
  let pending = ensured.get(outDir)
  if (!pending) {
    pending = (async () => {
      const stamp = await readFile(join(outDir, STAMP), 'utf8').then((t) => JSON.parse(t) as { sourceHash?: string }, () => undefined)
      // Without the sources (a deployment that ships only dist/), the existing build is what there is.
      const current = await sourceHash().catch(() => undefined)
      if (!stamp || (current && stamp.sourceHash !== current)) await buildDashboard({ outDir })
      return outDir
    })()
    pending.catch(() => ensured.delete(outDir))
    ensured.set(outDir, pending)
  }
  return pending
}
