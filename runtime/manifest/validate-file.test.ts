import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MaestroError } from '../errors.ts'
import { loadConnector, loadConnectors, ManifestError } from './connector.ts'
import { validateManifestFile } from './validate-file.ts'

const MANIFEST = `id: demo
name: Demo
category: hris
auth: { type: bearer, token: "{{ credentials.token }}" }
connection:
  token: { type: string, title: Token, secret: true }
http:
  baseUrl: https://api.demo.example
resources:
  employees:
    model: Employee
    list:
      path: /people
      records: people
      paginate: { type: none }
    id: $string(id)
    map: |
      {
        "firstName": first,
        "weeklyHours": hours
      }
`

let root: string
let n = 0

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'maestro-manifest-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Write a connector folder `<root>/<case>/connectors/<id>/` and return its manifest path. */
async function connector(files: { manifest?: string; hooks?: string; fixtures?: Record<string, unknown>; folder?: string }): Promise<string> {
  const dir = join(root, `case${n++}`, 'connectors', files.folder ?? 'demo')
  await mkdir(join(dir, 'fixtures'), { recursive: true })
  await writeFile(join(dir, 'connector.yaml'), files.manifest ?? MANIFEST)
  if (files.hooks !== undefined) await writeFile(join(dir, 'hooks.ts'), files.hooks)
  for (const [name, content] of Object.entries(files.fixtures ?? {})) {
    await writeFile(join(dir, 'fixtures', `${name}.json`), typeof content === 'string' ? content : JSON.stringify(content))
  }
  return join(dir, 'connector.yaml')
}

const withHooks = (manifest: string) => manifest.replace('resources:', 'hooks: ./hooks.ts\nresources:')
const hookPaginated = MANIFEST.replace('paginate: { type: none }', 'paginate: { type: hook, size: 50 }')

const brief = (list: { code: string; line: number; column: number; severity: string }[]) =>
  list.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`)

describe('validateManifestFile: hooks', () => {
  it.each([
    { name: 'declared module missing', files: { manifest: withHooks(MANIFEST) }, want: ['error hooks_missing 9:8'] },
    { name: 'hook pagination without a hooks module', files: { manifest: hookPaginated }, want: ['error hooks_missing 15:25'] },
    { name: 'hook pagination without the paginate export', files: { manifest: withHooks(hookPaginated), hooks: 'export function onConnect() {}\n' }, want: ['error hooks_missing 16:25'] },
    { name: 'an export that is no hook name', files: { manifest: withHooks(MANIFEST), hooks: 'export function paginat() {}\n' }, want: ['error hooks_unknown_export 9:8'] },
    { name: 'a hook that is not a function', files: { manifest: withHooks(MANIFEST), hooks: 'export const paginate = 1\n' }, want: ['error hooks_unknown_export 9:8'] },
    { name: 'a module that throws on import', files: { manifest: withHooks(MANIFEST), hooks: 'throw new Error("no")\n' }, want: ['error hooks_load_failed 9:8'] },
    { name: 'a valid module', files: { manifest: withHooks(hookPaginated), hooks: 'export function paginate() { return null }\nexport const mapRecord = (r: unknown) => r\n' }, want: [] },
  ])('$name', async ({ files, want }) => {
    expect(brief(await validateManifestFile(await connector(files)))).toEqual(want)
  })

  it('suggests the hook name an unknown export was meant to be', async () => {
    const [d] = await validateManifestFile(await connector({ manifest: withHooks(MANIFEST), hooks: 'export function paginat() {}\n' }))
    expect(d.message).toBe('hooks module `./hooks.ts` exports `paginat`, which is not a hook name')
    expect(d.hint).toBe('Did you mean `paginate`?')
  })
})

describe('validateManifestFile: fixtures', () => {
  it.each([
    { name: 'records that map cleanly', fixtures: { employees: { records: [{ id: 1, first: 'Ada', hours: 40 }] } }, want: [] },
    { name: 'a recorded response page', fixtures: { employees: { status: 200, body: { people: [{ id: 1, first: 'Ada', hours: 40 }] } } }, want: [] },
    { name: 'a field of the wrong type, at its key in the map', fixtures: { employees: { records: [{ id: 1, first: 'Ada', hours: 'forty' }] } }, want: ['error mapping_invalid 20:9'] },
    { name: 'an id expression that finds nothing', fixtures: { employees: { records: [{ first: 'Ada', hours: 1 }] } }, want: ['error mapping_invalid 16:9'] },
    { name: 'provider fields no expression reads', fixtures: { employees: { records: [{ id: 1, first: 'Ada', hours: 1, shoe_size: 44, hat: 'x' }] } }, want: ['warning mapping_unread_field 17:5'] },
    { name: 'a fixture that is not JSON', fixtures: { employees: '{ nope' }, want: ['error fixture_invalid 1:1'] },
    { name: 'a fixture of the wrong shape', fixtures: { employees: [1, 2] }, want: ['error fixture_invalid 1:1'] },
  ])('$name', async ({ fixtures, want }) => {
    expect(brief(await validateManifestFile(await connector({ fixtures })))).toEqual(want)
  })

  it('reports a map that throws, once for all failing records', async () => {
    const manifest = MANIFEST.replace('"weeklyHours": hours', '"weeklyHours": $number(hours)')
    const list = await validateManifestFile(await connector({ manifest, fixtures: { employees: { records: [{ id: 1, first: 'a', hours: 'x' }, { id: 2, first: 'b', hours: 'y' }] } } }))
    expect(brief(list)).toEqual(['error mapping_failed 17:10'])
    expect(list[0].message).toMatch(/records 1, 2$/)
  })

  it('names the unread fields and the fixture', async () => {
    const [d] = await validateManifestFile(await connector({ fixtures: { employees: { records: [{ id: 1, first: 'Ada', hours: 1, shoe_size: 44, hat: 'x' }] } } }))
    expect(d.message).toBe('no expression of `resources.employees` reads provider fields `hat`, `shoe_size` (fixtures/employees.json)')
  })

  it('binds the fixture parent as $parent', async () => {
    const manifest = MANIFEST.replace('"weeklyHours": hours', '"weeklyHours": hours, "companyId": $parent.id')
      .replace('  employees:\n', '  companies:\n    model: Company\n    list: { path: /c, records: c, paginate: { type: none } }\n    id: $string(id)\n    map: \'{ "legalName": name }\'\n  employees:\n    parent: { resource: companies }\n')
    const ok = await validateManifestFile(await connector({ manifest, fixtures: { employees: { parent: { id: 'c1' }, records: [{ id: 1, first: 'A', hours: 1 }] } } }))
    expect(brief(ok)).toEqual([])
    const bad = await validateManifestFile(await connector({ manifest, fixtures: { employees: { parent: { id: 7 }, records: [{ id: 1, first: 'A', hours: 1 }] } } }))
    expect(bad.map((d) => d.code)).toEqual(['mapping_invalid'])
  })

  it('skips fixtures when asked', async () => {
    const file = await connector({ fixtures: { employees: '{ nope' } })
    expect(await validateManifestFile(file, { fixtures: false })).toEqual([])
  })
})

describe('validateManifestFile: files', () => {
  it('reports a missing file', async () => {
    expect(brief(await validateManifestFile(join(root, 'missing.yaml')))).toEqual(['error file_unreadable 1:1'])
  })

  it('reports an id that differs from its connectors/<id> folder', async () => {
    const list = await validateManifestFile(await connector({ folder: 'other' }))
    expect(brief(list)).toEqual(['error id_mismatch 1:5'])
  })
})

describe('loadConnector', () => {
  it('returns the manifest, its folder and its hook functions', async () => {
    const file = await connector({ manifest: withHooks(hookPaginated), hooks: 'export function paginate() { return null }\n' })
    const c = await loadConnector(file)
    expect(c.id).toBe('demo')
    expect(c.dir).toBe(join(file, '..'))
    expect(c.manifest.resources.employees.list.paginate.type).toBe('hook')
    expect(typeof c.hooks.paginate).toBe('function')
  })

  it('throws a ManifestError locating the first error and carrying all of them', async () => {
    const file = await connector({ manifest: MANIFEST.replace('type: none', 'type: nope').replace('category: hris', 'category: hrs') })
    const err = await loadConnector(file).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ManifestError)
    expect(err).toBeInstanceOf(MaestroError)
    const e = err as ManifestError
    expect([e.code, e.file, e.line, e.column]).toEqual(['manifest_invalid', file, 3, 11])
    expect(e.message).toMatch(/:3:11 `category` is the string `hrs`.* \(and 1 more error\)$/)
    expect((e.details as { diagnostics: unknown[] }).diagnostics).toHaveLength(2)
  })

  it('throws manifest_not_found for a missing file', async () => {
    await expect(loadConnector(join(root, 'nope', 'connector.yaml'))).rejects.toMatchObject({ code: 'manifest_not_found' })
  })
})

describe('loadConnectors', () => {
  it('loads every connectors/<id>/connector.yaml by id', async () => {
    const dir = join(root, 'many')
    for (const id of ['alpha', 'beta']) {
      await mkdir(join(dir, id), { recursive: true })
      await writeFile(join(dir, id, 'connector.yaml'), MANIFEST.replace('id: demo', `id: ${id}`))
    }
    await mkdir(join(dir, 'not-a-connector'), { recursive: true })
    const all = await loadConnectors(dir)
    expect([...all.keys()]).toEqual(['alpha', 'beta'])
    expect(all.get('beta')?.file).toBe(join(dir, 'beta', 'connector.yaml'))
  })

  it('throws one ManifestError with the diagnostics of every invalid connector', async () => {
    const dir = join(root, 'broken')
    for (const id of ['one', 'two']) {
      await mkdir(join(dir, id), { recursive: true })
      await writeFile(join(dir, id, 'connector.yaml'), MANIFEST.replace('id: demo', `id: ${id}`).replace('type: none', 'type: nope'))
    }
    const err = await loadConnectors(dir).catch((e: unknown) => e) as ManifestError
    expect(err).toBeInstanceOf(ManifestError)
    expect(err.diagnostics.map((d) => d.file)).toEqual([join(dir, 'one', 'connector.yaml'), join(dir, 'two', 'connector.yaml')])
  })

  it('loads the shipped connectors', async () => {
    const all = await loadConnectors(join(import.meta.dirname, '..', '..', 'connectors'))
    for (const [id, c] of all) expect(c.manifest.id).toBe(id)
  })
})
