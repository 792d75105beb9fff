import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateManifestFile } from '../manifest/validate-file.ts'
import { sortDiagnostics } from '../manifest/diagnostic.ts'
import { buildCli } from './build-bundle.ts'
import { bundleIsFresh, type BundleInputs } from './bundle-state.ts'
import { render } from './format.ts'

const root = join(import.meta.dirname, '..', '..')
let temp: string
let dir: string

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'maestro-cli-bundle-'))
  dir = join(temp, 'cli')
  await buildCli({ root, outDir: dir })
}, 60_000)

afterAll(async () => {
  await rm(temp, { recursive: true, force: true })
})

interface Result { code: number; stdout: string; stderr: string }

/**
 * Run the bundle as bin/maestro.js does once it has found it fresh (the freshness check itself is
 * tested in bundle-state.test.ts; here a colleague saving a file mid-test must not fail the run).
 */
function runBundle(...args: string[]): Promise<Result> {
  const script = `
    const { loadBundle } = await import(${JSON.stringify(pathToFileURL(join(dir, 'state.mjs')).href)})
    const cli = await loadBundle({ root: ${JSON.stringify(root)}, dir: ${JSON.stringify(dir)} })
    process.exitCode = await cli.run(${JSON.stringify(args)})`
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? -1) : 0, stdout, stderr })
    })
  })
}

/** The JSON report the sources give for the same files, computed in this process. */
async function sourceReport(files: string[]) {
  const diagnostics = sortDiagnostics((await Promise.all(files.map((f) => validateManifestFile(f)))).flat())
  return JSON.parse(render('json', { files, diagnostics })) as { files: string[]; errors: number }
}

describe('the bundled validate command', () => {
  it('records what it bundled, and matches the sources it was built from', async () => {
    const inputs = JSON.parse(await readFile(join(dir, 'inputs.json'), 'utf8')) as BundleInputs
    expect(Object.keys(inputs.files)).toEqual(expect.arrayContaining([
      'runtime/cli/validate.ts', 'runtime/manifest/load.ts', 'runtime/cli/ts-loader.ts', 'runtime/cli/bundle-state.ts',
    ]))
    expect(Object.keys(inputs.packages)).toEqual(expect.arrayContaining(['node_modules/yaml', 'node_modules/jsonata']))
    // TypeBox is not on the validate path (models validate from the published JSON Schemas).
    expect(Object.keys(inputs.files).filter((f) => f.startsWith('runtime/model/') && f !== 'runtime/model/names.ts' && f !== 'runtime/model/validate.ts')).toEqual([])
    expect(Object.keys(inputs.packages)).not.toContain('node_modules/@sinclair/typebox')
    expect(bundleIsFresh(root, dir)).toBe(true)
  })

  it.each([
    { what: 'the shipped manifests (hooks in TypeScript, fixtures)', args: [], code: 0 },
    { what: 'the bad manifests', args: ['test/fixtures/bad-manifests'], code: 1 },
  ])('reports exactly what the sources report for $what', async ({ args, code }) => {
    const result = await runBundle('--format', 'json', ...args)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(code)
    const report = JSON.parse(result.stdout) as { files: string[] }
    expect(report.files.length).toBeGreaterThan(2)
    expect(report).toEqual(await sourceReport(report.files))
  }, 60_000)
})
