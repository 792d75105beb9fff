import { randomUUID } from 'node:crypto'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { candidates, formatOf, initialize, load, resolve } from './ts-loader.ts'

// Fixed before collection: the it.each tables below build URLs from it.
const dir = join(tmpdir(), `maestro-ts-loader-${randomUUID()}`)
const cacheDir = () => join(dir, 'cache')
const url = (rel: string) => pathToFileURL(join(dir, rel)).href
const failNext = () => { throw new Error('next must not be called') }
const notFound = (specifier: string) => Object.assign(new Error(`Cannot find module ${specifier}`), { code: 'ERR_MODULE_NOT_FOUND' })

beforeAll(async () => {
  await mkdir(join(dir, 'esm'), { recursive: true })
  await mkdir(join(dir, 'cjs'))
  await writeFile(join(dir, 'esm', 'package.json'), '{ "type": "module" }')
  await writeFile(join(dir, 'cjs', 'package.json'), '{ "name": "old-style" }')
  // JSONC, as tsconfig files often are: esbuild must accept the comment.
  await writeFile(join(dir, 'esm', 'tsconfig.json'), '{\n  // class fields assigned in the constructor\n  "compilerOptions": { "useDefineForClassFields": false }\n}\n')
  await writeFile(join(dir, 'esm', 'hooks.ts'), 'import type { X } from "./x.ts"\nexport const paginate = (n: number): X => n as X\nexport class Page { size: number = 1 }\n')
  await writeFile(join(dir, 'cjs', 'hooks.ts'), 'export const paginate = (n: number) => n\n')
  initialize({ cacheDir: cacheDir() })
})

afterAll(async () => {
  initialize(undefined)
  await rm(dir, { recursive: true, force: true })
})

describe('load', () => {
  it('leaves JavaScript, JSON and node: URLs to Node', async () => {
    const passed = { format: 'module', source: 'x', shortCircuit: true }
    for (const u of ['node:fs', url('esm/a.js'), url('esm/a.json')]) {
      expect(await load(u, {}, (got) => { expect(got).toBe(u); return passed })).toBe(passed)
    }
  })

  it('turns TypeScript into a module without its types, following the tsconfig', async () => {
    const result = await load(url('esm/hooks.ts'), {}, failNext)
    expect(result.format).toBe('module')
    expect(result.shortCircuit).toBe(true)
    const source = String(result.source)
    expect(source).toMatch(/const paginate = \(n\) => n/)
    expect(source).toMatch(/export \{[^}]*paginate/)
    expect(source).not.toContain('import type')
    // useDefineForClassFields: false in the tsconfig → an assignment, not a class field declaration.
    expect(source).toMatch(/this\.size = 1/)
  })

  it('transforms .ts in a CommonJS package to CommonJS, as Node would treat it', async () => {
    const result = await load(url('cjs/hooks.ts'), {}, failNext)
    expect(result.format).toBe('commonjs')
    expect(String(result.source)).toMatch(/module\.exports|exports\.paginate|__export/)
  })

  it('serves a transformed file from the cache until its source changes', async () => {
    await writeFile(join(dir, 'esm', 'cached.ts'), 'export const a: number = 1\n')
    const before = new Set(await readdir(cacheDir()).catch(() => []))
    const first = String((await load(url('esm/cached.ts'), {}, failNext)).source)
    const added = (await readdir(cacheDir())).filter((f) => !before.has(f))
    expect(added).toHaveLength(1)
    // Overwrite the cached entry: a cache hit now returns the marker, so no transform ran.
    await writeFile(join(cacheDir(), added[0]), 'export const cached = true\n')
    expect(String((await load(url('esm/cached.ts'), {}, failNext)).source)).toBe('export const cached = true\n')
    await writeFile(join(dir, 'esm', 'cached.ts'), 'export const a: number = 2\n')
    const changed = String((await load(url('esm/cached.ts'), {}, failNext)).source)
    expect(changed).toMatch(/const a = 2/)
    // The new version replaced the old entry: one cached file per source file.
    const now = (await readdir(cacheDir())).filter((f) => !before.has(f))
    expect(now).toHaveLength(1)
    expect(now[0]).not.toBe(added[0])
    expect(first).toMatch(/const a = 1/)
  })
})

describe('formatOf', () => {
  it.each([
    { file: 'esm/a.mts', format: 'module' },
    { file: 'esm/a.cts', format: 'commonjs' },
    { file: 'esm/a.ts', format: 'module' },
    { file: 'cjs/a.ts', format: 'commonjs' },
    { file: 'cjs/a.mts', format: 'module' },
  ])('$file is $format', ({ file, format }) => {
    expect(formatOf(join(dir, file))).toBe(format)
  })
})

describe('resolve', () => {
  const ok = (specifier: string) => ({ url: new URL(specifier, url('esm/hooks.ts')).href })
  const onlyTs = (specifier: string) => {
    if (!specifier.endsWith('.ts')) throw notFound(specifier)
    return ok(specifier)
  }

  it('uses Node resolution when it succeeds', async () => {
    expect(await resolve('./util.js', { parentURL: url('esm/hooks.ts') }, ok)).toEqual(ok('./util.js'))
  })

  it.each([
    { specifier: './util.js', found: './util.ts' },
    { specifier: './util', found: './util.ts' },
    { specifier: '../lib/', found: '../lib/index.ts' },
  ])('from a TypeScript file, $specifier falls back to $found', async ({ specifier, found }) => {
    expect(await resolve(specifier, { parentURL: url('esm/hooks.ts') }, onlyTs)).toEqual(ok(found))
  })

  it.each([
    { what: 'a JavaScript parent', specifier: './util.js', parentURL: url('esm/hooks.js'), error: notFound('./util.js') },
    { what: 'a bare package name', specifier: 'left-pad', parentURL: url('esm/hooks.ts'), error: notFound('left-pad') },
    { what: 'another error', specifier: './util.js', parentURL: url('esm/hooks.ts'), error: Object.assign(new Error('boom'), { code: 'ERR_INVALID_URL' }) },
  ])('keeps Node\'s error for $what', async ({ specifier, parentURL, error }) => {
    let calls = 0
    const next = (s: string) => { calls++; if (s === specifier) throw error; return ok(s) }
    await expect(resolve(specifier, { parentURL }, next)).rejects.toBe(error)
    expect(calls).toBe(1)
  })
})

describe('candidates', () => {
  it.each([
    { specifier: './a.js', expected: ['./a.ts'] },
    { specifier: './a.mjs', expected: ['./a.mts'] },
    { specifier: './a.cjs', expected: ['./a.cts'] },
    { specifier: './a.jsx', expected: ['./a.tsx'] },
    { specifier: './a', expected: ['./a.ts', './a.tsx', './a.mts', './a.js', './a/index.ts', './a/index.js'] },
    { specifier: './a/', expected: ['./a/index.ts', './a/index.js'] },
  ])('$specifier → $expected', ({ specifier, expected }) => {
    expect(candidates(specifier)).toEqual(expected)
  })
})
