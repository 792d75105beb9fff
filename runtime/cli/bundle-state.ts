/**
 * @module Whether the bundled CLI in dist/cli/ still matches its sources. The build records a hash
 * of every source file it bundled and the version of every package it inlined; bin/maestro.js runs
 * the bundle only when all of them still match, so a stale bundle never hides a source change.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { register } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What a build bundled: repo-relative source file → sha256, package folder → version. */
export interface BundleInputs {
  files: Record<string, string>
  packages: Record<string, string>
}

/** The file the build writes beside the bundle. */
export const INPUTS_FILE = 'inputs.json'

const hashOf = (path: string) => contentHash(readFileSync(path))
const versionOf = (root: string, dir: string) => (JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { version?: string }).version ?? ''

/** The package folder of a `node_modules/…` path (`node_modules/@scope/name`, nested ones included), else undefined. */
export function packageDir(path: string): string | undefined {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path)
  return m?.[1]
}

/** sha256 of a text or file content, as recorded in BundleInputs. */
export const contentHash = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex')

/**
 * Record the inputs of a build: bundled paths relative to `root` (as esbuild's metafile lists them).
 * `read` holds the hashes of what the build actually read, so a file saved during the build makes
 * the bundle stale instead of recording the new content against old code; other files are hashed now.
 * @example
 * fingerprint('/repo', ['runtime/cli/validate.ts', 'node_modules/yaml/dist/index.js'])
 * // { files: { 'runtime/cli/validate.ts': '9f…' }, packages: { 'node_modules/yaml': '2.9.1' } }
 */
export function fingerprint(root: string, paths: string[], read: Record<string, string> = {}): BundleInputs {
  const files: Record<string, string> = {}
  const packages: Record<string, string> = {}
  for (const path of paths) {
    const pkg = packageDir(path)
    if (pkg) packages[pkg] ??= versionOf(root, pkg)
    else files[path] = read[path] ?? hashOf(join(root, path))
  }
  return { files, packages }
}

/** True when every recorded source still has its hash and every package its version. */
export function inputsMatch(root: string, recorded: BundleInputs): boolean {
  try {
    for (const [path, hash] of Object.entries(recorded.files)) if (hashOf(join(root, path)) !== hash) return false
    for (const [dir, version] of Object.entries(recorded.packages)) if (versionOf(root, dir) !== version) return false
    return Object.keys(recorded.files).length > 0
  } catch {
    return false // a deleted or unreadable input: the sources changed
  }
}

/**
 * Whether the bundle in `outDir` was built from the sources now under `root`.
 * @example
 * if (bundleIsFresh('/repo', '/repo/dist/cli')) await import('/repo/dist/cli/validate.mjs')
 */
export function bundleIsFresh(root: string, outDir: string): boolean {
  let recorded: BundleInputs
  try {
    recorded = JSON.parse(readFileSync(join(outDir, INPUTS_FILE), 'utf8')) as BundleInputs
  } catch {
    return false
  }
  return inputsMatch(root, recorded)
}

/** Where and how the CLI was started. */
export interface Launch {
  /** Repository root. */
  root: string
  /** The bundle folder (`<root>/dist/cli`). */
  dir: string
  /** Arguments after `maestro`. */
  args: string[]
  env: Record<string, string | undefined>
}

/**
 * Whether this run may use the bundle at all: only `validate` is bundled, `MAESTRO_CLI=source`
 * asks for the sources, and tests always check the sources (vitest sets VITEST in every process it
 * starts, and children inherit it).
 */
export const wantsBundle = ({ args, env }: Pick<Launch, 'args' | 'env'>): boolean =>
  args[0] === 'validate' && env.MAESTRO_CLI !== 'source' && !env.VITEST

/** The bundled validate command, as bin/maestro.js and the tests call it. */
export interface BundledCli {
  run(args: string[]): Promise<number>
}

/**
 * The bundled validate command, ready to run, or undefined when the sources must run instead.
 * @example
 * const cli = await freshBundle({ root, dir: join(root, 'dist', 'cli'), args, env: process.env })
 * if (cli) process.exitCode = await cli.run(args.slice(1))
 */
export async function freshBundle(launch: Launch): Promise<BundledCli | undefined> {
  if (!wantsBundle(launch) || !bundleIsFresh(launch.root, launch.dir)) return undefined
  return loadBundle(launch)
}

/**
 * Import the bundle in `dir`, then register its TypeScript hooks (ts-loader.mjs) for connector
 * `hooks.ts` files. Registered after the import: once hooks exist, every import goes through their thread.
 */
export async function loadBundle({ root, dir }: Pick<Launch, 'root' | 'dir'>): Promise<BundledCli> {
  const url = (name: string) => pathToFileURL(join(dir, name)).href
  const cli = await import(url('validate.mjs')) as BundledCli
  register(url('ts-loader.mjs'), { data: { cacheDir: join(root, 'node_modules', '.cache', 'maestro', 'ts'), root } })
  return cli
}
