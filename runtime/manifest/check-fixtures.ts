/**
 * @module Run each resource's `map` over recorded provider records and check the output against
 * the canonical model; report provider fields that no expression reads (drift hints).
 *
 * Fixture format: `connectors/<id>/fixtures/<resource>.json`, one file per resource, either
 * - `{ "records": [ …raw provider records… ], "parent"?: {…}, "config"?: {…} }` — records as the
 *   list's `records` expression yields them; `parent` (the parent resource's raw record) and
 *   `config` (connection config) are bound as `$parent` and `$config`; or
 * - `{ "body": …, "status"?: 200, "headers"?: {…}, "parent"?, "config"? }` — one recorded response
 *   page; its records are taken with the resource's `list.records` expression.
 * A resource without a fixture file is not checked.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import jsonata from 'jsonata'
import { compileExpression, type Expression } from '../mapping/index.ts'
import type { ConnectorManifest, ResourceSpec } from './schema/index.ts'
import { diagnostic, type Diagnostic } from './diagnostic.ts'
import { fieldNames } from './expression-refs.ts'
import type { Positions } from './positions.ts'

/** One fixture file, normalised. */
export interface Fixture {
  records: unknown[]
  bindings: Record<string, unknown>
}

const MAX_PER_RESOURCE = 20

/** Check every resource that has a fixture file beside the manifest. */
export async function checkFixtures(manifestFile: string, m: ConnectorManifest, positions: Positions, file = manifestFile): Promise<Diagnostic[]> {
  const dir = join(dirname(manifestFile), 'fixtures')
  const out = await Promise.all(Object.entries(m.resources).map(async ([name, resource]) => {
    const fixtureFile = join(dir, `${name}.json`)
    let text: string
    try {
      text = await readFile(fixtureFile, 'utf8')
    } catch {
      return []
    }
    const fixture = await readFixture(text, resource)
    if (typeof fixture === 'string') return [diagnostic(fixtureFile, { line: 1, column: 1 }, 'fixture_invalid', `fixture for \`${name}\`: ${fixture}`)]
    return checkResource(name, resource, fixture, positions, file)
  }))
  return out.flat()
}

/** Parse a fixture file into records and bindings, or say why it is not one. */
export async function readFixture(text: string, resource: ResourceSpec): Promise<Fixture | string> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`
  }
  if (!isObject(json)) return 'must be a JSON object with `records` or `body`'
  const bindings: Record<string, unknown> = { config: isObject(json.config) ? json.config : {} }
  if (json.parent !== undefined) bindings.parent = json.parent
  if (Array.isArray(json.records)) return { records: json.records, bindings }
  if ('body' in json) {
    const headers = isObject(json.headers) ? Object.fromEntries(Object.entries(json.headers).map(([k, v]) => [k.toLowerCase(), v])) : {}
    const status = typeof json.status === 'number' ? json.status : 200
    try {
      const found = await compileExpression(resource.list.records).evaluate(json.body, { ...bindings, status, headers, response: { status, headers, body: json.body } })
      return { records: found === undefined ? [] : Array.isArray(found) ? [...found] : [found], bindings }
    } catch (err) {
      return `\`list.records\` failed on the recorded body: ${(err as Error).message}`
    }
  }
  return 'must be a JSON object with `records` (raw provider records) or `body` (a recorded response)'
}

async function checkResource(name: string, r: ResourceSpec, fixture: Fixture, positions: Positions, file: string): Promise<Diagnostic[]> {
  const mapPath = ['resources', name, 'map']
  // The runtime's compiler, not jsonata directly: the fixture check runs the map as a sync would.
  let map: Expression
  let id: Expression
  try {
    map = compileExpression(r.map)
    id = compileExpression(r.id)
  } catch {
    return [] // syntax errors are reported by the expression check
  }
  const { validateModel } = await import('../model/validate.ts')
  const problems = new Map<string, { diag: Diagnostic; records: number[] }>()
  const add = (key: string, index: number, make: () => Diagnostic) => {
    const seen = problems.get(key)
    if (seen) seen.records.push(index)
    else if (problems.size < MAX_PER_RESOURCE) problems.set(key, { diag: make(), records: [index] })
  }
  const label = `fixtures/${name}.json`
  for (const [i, record] of fixture.records.entries()) {
    let output: unknown
    try {
      output = await map.evaluate(record, fixture.bindings)
    } catch (err) {
      // Keyed by jsonata's code: its messages quote the failing value, which differs per record.
      const cause = ((err as { cause?: unknown }).cause ?? err) as { code?: string; message?: string }
      add(`failed:${cause.code ?? cause.message}`, i, () => diagnostic(file, positions.valueSpan(mapPath), 'mapping_failed',
        `\`resources.${name}.map\` fails on ${label}: ${cause.message ?? String(err)}`))
      continue
    }
    const result = validateModel(r.model, plain(output))
    if (!result.ok) {
      for (const e of result.errors) {
        add(`invalid:${e.path}:${e.message}`, i, () => diagnostic(file, fieldSpan(r.map, e.path, mapPath, positions), 'mapping_invalid',
          `\`resources.${name}.map\` gives ${r.model}${e.path ? ` field \`${e.path.slice(1).replace(/\//g, '.')}\`` : ''} that ${e.message} (${label})`))
      }
    }
    let remoteId: unknown
    try {
      remoteId = await id.evaluate(record, fixture.bindings)
    } catch {
      remoteId = undefined
    }
    if ((typeof remoteId !== 'string' && typeof remoteId !== 'number') || remoteId === '') {
      add('id', i, () => diagnostic(file, positions.valueSpan(['resources', name, 'id']), 'mapping_invalid',
        `\`resources.${name}.id\` gives no id for a record of ${label}`, { hint: 'The id expression must yield a non-empty string for every record, e.g. `$string(id)`.' }))
    }
  }
  const out = [...problems.values()].map(({ diag, records }) => ({
    ...diag, message: `${diag.message}, record${records.length > 1 ? 's' : ''} ${records.slice(0, 5).map((n) => n + 1).join(', ')}${records.length > 5 ? ', …' : ''}`,
  }))
  const unread = unreadFields(r, fixture.records)
  if (unread.length > 0) {
    out.push(diagnostic(file, positions.keySpan(mapPath), 'mapping_unread_field',
      `no expression of \`resources.${name}\` reads provider field${unread.length > 1 ? 's' : ''} ${unread.map((f) => `\`${f}\``).join(', ')} (${label})`,
      { severity: 'warning' }))
  }
  return out
}

/** Top-level fields of the raw records that none of the resource's record expressions names. */
export function unreadFields(r: ResourceSpec, records: unknown[]): string[] {
  const read = new Set<string>()
  for (const source of [r.map, r.id, r.modifiedAt, r.incremental?.cursor, r.deletion?.when]) {
    if (source === undefined) continue
    let names: Set<string> | 'all'
    try {
      names = fieldNames(jsonata(source).ast() as Record<string, any>)
    } catch {
      return []
    }
    if (names === 'all') return []
    for (const n of names) read.add(n)
  }
  const fields = new Set<string>()
  for (const record of records) if (isObject(record)) for (const k of Object.keys(record)) fields.add(k)
  return [...fields].filter((f) => !read.has(f)).sort()
}

/** Where a model field is produced in the map's text (`"workEmail":`), else the whole map. */
function fieldSpan(map: string, pointer: string, mapPath: (string | number)[], positions: Positions) {
  const key = pointer.split('/')[1]
  if (key) {
    const m = new RegExp(`(["'\`])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\s*:`).exec(map)
    if (m) return positions.innerSpan(mapPath, m.index, key.length + 2)
  }
  return positions.valueSpan(mapPath)
}

// JSONata results carry sequence flags and may be dictionary-mode objects; validate plain JSON.
const plain = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))
const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)
