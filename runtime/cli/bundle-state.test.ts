import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bundleIsFresh, contentHash, fingerprint, freshBundle, INPUTS_FILE, inputsMatch, packageDir, wantsBundle } from './bundle-state.ts'

let root: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'maestro-bundle-state-'))
  await mkdir(join(root, 'runtime'), { recursive: true })
  await mkdir(join(root, 'node_modules', 'yaml', 'dist'), { recursive: true })
  await mkdir(join(root, 'node_modules', '@scope', 'pkg'), { recursive: true })
  await writeFile(join(root, 'runtime', 'a.ts'), 'export const a = 1\n')
  await writeFile(join(root, 'runtime', 'b.ts'), 'export const b = 2\n')
  await writeFile(join(root, 'node_modules', 'yaml', 'package.json'), '{ "version": "2.9.1" }')
  await writeFile(join(root, 'node_modules', '@scope', 'pkg', 'package.json'), '{ "version": "1.0.0" }')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

const PATHS = ['runtime/a.ts', 'runtime/b.ts', 'node_modules/yaml/dist/index.js', 'node_modules/@scope/pkg/index.js']

describe('fingerprint and inputsMatch', () => {
  it('hashes sources and records package versions', () => {
    const inputs = fingerprint(root, PATHS)
    expect(Object.keys(inputs.files)).toEqual(['runtime/a.ts', 'runtime/b.ts'])
    expect(inputs.files['runtime/a.ts']).toMatch(/^[0-9a-f]{64}$/)
    expect(inputs.packages).toEqual({ 'node_modules/yaml': '2.9.1', 'node_modules/@scope/pkg': '1.0.0' })
    expect(inputsMatch(root, inputs)).toBe(true)
  })

  it.each([
    { change: 'a source edited', apply: () => writeFile(join(root, 'runtime', 'b.ts'), 'export const b = 3\n') },
    { change: 'a source deleted', apply: () => rm(join(root, 'runtime', 'a.ts')) },
    { change: 'a package upgraded', apply: () => writeFile(join(root, 'node_modules', 'yaml', 'package.json'), '{ "version": "2.9.2" }') },
    { change: 'a package removed', apply: () => rm(join(root, 'node_modules', '@scope'), { recursive: true }) },
  ])('is stale after $change', async ({ apply }) => {
    const inputs = fingerprint(root, PATHS)
    await apply()
    expect(inputsMatch(root, inputs)).toBe(false)
  })

  it('records what the build read, so a file saved during the build leaves the bundle stale', () => {
    const inputs = fingerprint(root, PATHS, { 'runtime/a.ts': contentHash('export const a = 0\n') })
    expect(inputs.files['runtime/a.ts']).toBe(contentHash('export const a = 0\n'))
    expect(inputs.files['runtime/b.ts']).toBe(contentHash('export const b = 2\n'))
    expect(inputsMatch(root, inputs)).toBe(false)
  })

  it('never calls a record without sources fresh', () => {
    expect(inputsMatch(root, { files: {}, packages: {} })).toBe(false)
  })
})

describe('bundleIsFresh', () => {
  it('reads the inputs recorded beside the bundle', async () => {
    const dir = join(root, 'dist', 'cli')
    expect(bundleIsFresh(root, dir)).toBe(false)
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, INPUTS_FILE), JSON.stringify(fingerprint(root, PATHS)))
    expect(bundleIsFresh(root, dir)).toBe(true)
    await writeFile(join(root, 'runtime', 'a.ts'), 'export const a = 10\n')
    expect(bundleIsFresh(root, dir)).toBe(false)
  })

  it('is stale when the record is not JSON', async () => {
    const dir = join(root, 'dist', 'cli')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, INPUTS_FILE), '{ "files": ')
    expect(bundleIsFresh(root, dir)).toBe(false)
  })
})

describe('wantsBundle', () => {
  it.each([
    { args: ['validate'], env: {}, expected: true },
    { args: ['validate', '--format', 'json'], env: { MAESTRO_CLI: 'bundle' }, expected: true },
    { args: ['validate'], env: { MAESTRO_CLI: 'source' }, expected: false },
    { args: ['validate'], env: { VITEST: 'true' }, expected: false },
    { args: ['serve'], env: {}, expected: false },
    { args: [], env: {}, expected: false },
    { args: ['--help'], env: {}, expected: false },
  ])('$args with $env → $expected', ({ args, env, expected }) => {
    expect(wantsBundle({ args, env })).toBe(expected)
  })

  it('freshBundle gives nothing for a run that wants the sources, before looking at the bundle', async () => {
    // The bundle folder does not exist: only the guard can answer without throwing.
    expect(await freshBundle({ root, dir: join(root, 'missing'), args: ['validate'], env: { VITEST: 'true' } })).toBeUndefined()
    expect(await freshBundle({ root, dir: join(root, 'missing'), args: ['validate'], env: {} })).toBeUndefined()
  })
})

describe('packageDir', () => {
  it.each([
    { path: 'node_modules/yaml/dist/index.js', dir: 'node_modules/yaml' },
    { path: 'node_modules/@sinclair/typebox/build/index.mjs', dir: 'node_modules/@sinclair/typebox' },
    { path: 'node_modules/a/node_modules/b/index.js', dir: 'node_modules/a/node_modules/b' },
    { path: 'runtime/cli/validate.ts', dir: undefined },
  ])('$path → $dir', ({ path, dir }) => {
    expect(packageDir(path)).toBe(dir)
  })
})
