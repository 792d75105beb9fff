/**
 * @module Module hooks (`module.register`) that let the bundled CLI import TypeScript: a connector's
 * `hooks.ts` and whatever it imports. Sources are transformed with esbuild, as tsx does, but each
 * result is cached on disk by a hash of the source, so a warm run loads no compiler at all: tsx
 * costs ~0.3 s of start-up, these hooks ~40 ms (the loader thread Node starts for any hooks).
 *
 * Node 20 cannot import `.ts` without hooks, and these run off the main thread, so they are
 * written without Maestro imports and bundled into dist/cli/ by scripts/build-cli.ts.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** What `module.register(url, { data })` passes to initialize. */
export interface LoaderData {
  /** Directory for transformed sources; none: transform every time. */
  cacheDir?: string
  /** The project root: esbuild is resolved from its node_modules, wherever the bundle itself lives. */
  root?: string
}

type Format = 'module' | 'commonjs'
interface ResolveContext { parentURL?: string; conditions?: string[]; importAttributes?: Record<string, string> }
interface LoadContext { format?: string | null; conditions?: string[]; importAttributes?: Record<string, string> }
interface ResolveResult { url: string; format?: string | null; shortCircuit?: boolean }
interface LoadResult { format: string; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }
type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult | Promise<ResolveResult>
type NextLoad = (url: string, context?: LoadContext) => LoadResult | Promise<LoadResult>

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/
let cacheDir: string | undefined
let root: string | undefined

/** Receives the loader's data from `module.register`. */
export function initialize(data: LoaderData | undefined): void {
  cacheDir = data?.cacheDir
  root = data?.root
}

/** esbuild from the project's own node_modules (a bare import would resolve from the bundle's folder). */
async function esbuildTransform(): Promise<typeof import('esbuild').transform> {
  if (!root) return (await import('esbuild')).transform
  const path = createRequire(join(root, 'package.json')).resolve('esbuild')
  const mod = (await import(pathToFileURL(path).href)) as typeof import('esbuild') & { default?: typeof import('esbuild') }
  return (mod.default ?? mod).transform
}

/**
 * Node's resolution, plus what TypeScript sources may write and tsx accepts: `./x.js` for `./x.ts`,
 * and extensionless or folder imports. Only tried when Node's own resolution fails from a TS file.
 */
export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  try {
    return await next(specifier, context)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const fromTs = context.parentURL !== undefined && TYPESCRIPT.test(new URL(context.parentURL).pathname)
    const relative = /^(\.{1,2}\/|\/|file:)/.test(specifier)
    if (!fromTs || !relative || (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_UNSUPPORTED_DIR_IMPORT')) throw err
    for (const candidate of candidates(specifier)) {
      try {
        return await next(candidate, context)
      } catch {
        // try the next spelling
      }
    }
    throw err
  }
}

/** Other spellings of a relative specifier that name a TypeScript file. */
export function candidates(specifier: string): string[] {
  const js = /\.([mc]?)js(x?)$/.exec(specifier)
  if (js) return [`${specifier.slice(0, -js[0].length)}.${js[1]}ts${js[2]}`]
  const index = [`${specifier.replace(/\/$/, '')}/index.ts`, `${specifier.replace(/\/$/, '')}/index.js`]
  return specifier.endsWith('/') ? index : [...['.ts', '.tsx', '.mts', '.js'].map((ext) => specifier + ext), ...index]
}

/** Transform TypeScript files (cached); anything else is Node's business. */
export async function load(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:') || !TYPESCRIPT.test(new URL(url).pathname)) return next(url, context)
  const file = fileURLToPath(url)
  const format = formatOf(file)
  return { format, source: await transformCached(file, readFileSync(file, 'utf8'), format), shortCircuit: true }
}

/** `.mts` is ESM, `.cts` CommonJS, `.ts`/`.tsx` follow the nearest package.json `type`, as in Node and tsx. */
export function formatOf(file: string): Format {
  if (file.endsWith('.mts')) return 'module'
  if (file.endsWith('.cts')) return 'commonjs'
  const pkg = nearest(dirname(file), 'package.json')
  if (!pkg) return 'commonjs'
  try {
    return (JSON.parse(pkg.text) as { type?: string }).type === 'module' ? 'module' : 'commonjs'
  } catch {
    return 'commonjs'
  }
}

async function transformCached(file: string, source: string, format: Format): Promise<string> {
  // The tsconfig decides class-field and decorator semantics, so its text is part of the key (an
  // `extends` chain is not followed: esbuild's transform reads only the nearest file's options).
  const tsconfig = nearest(dirname(file), 'tsconfig.json')?.text ?? ''
  const hash = (text: string) => createHash('sha256').update(text).digest('hex')
  // One entry per file (`<file hash>-<content hash>.js`): a new version replaces the old one.
  const prefix = `${hash(file).slice(0, 16)}-`
  const cached = cacheDir ? join(cacheDir, `${prefix}${hash(JSON.stringify([file, format, process.versions.node, tsconfig, source])).slice(0, 24)}.js`) : undefined
  if (cached) {
    try {
      return readFileSync(cached, 'utf8')
    } catch {
      // not transformed yet
    }
  }
  const transform = await esbuildTransform()
  const { code } = await transform(source, {
    loader: file.endsWith('x') ? 'tsx' : 'ts',
    format: format === 'module' ? 'esm' : 'cjs',
    target: `node${process.versions.node}`,
    sourcefile: file,
    sourcemap: 'inline',
    tsconfigRaw: tsconfig || undefined,
  })
  if (cached) {
    try {
      mkdirSync(dirname(cached), { recursive: true })
      const temp = `${cached}.${process.pid}.tmp`
      writeFileSync(temp, code)
      renameSync(temp, cached)
      for (const entry of readdirSync(dirname(cached))) {
        if (entry.startsWith(prefix) && entry.endsWith('.js') && join(dirname(cached), entry) !== cached) rmSync(join(dirname(cached), entry), { force: true })
      }
    } catch {
      // a read-only install still loads; it just transforms each time
    }
  }
  return code
}

/** The closest `name` file in `dir` or above, with its text. */
function nearest(dir: string, name: string): { path: string; text: string } | undefined {
  for (let d = dir; ; d = dirname(d)) {
    try {
      return { path: join(d, name), text: readFileSync(join(d, name), 'utf8') }
    } catch {
      if (dirname(d) === d) return undefined
    }
  }
}
