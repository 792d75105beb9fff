// Each connector's recorded provider records, run through the engine's own record pipeline (compiled expressions,
// model validation, hashing), give exactly the canonical output committed beside them.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConnector } from '../runtime/manifest/index.ts'
import type { ModelName } from '../runtime/model/names.ts'
import { compileResource } from '../runtime/sync/compile.ts'
import { prepareRecord } from '../runtime/sync/record-pipeline.ts'

const ROOT = join(import.meta.dirname, '..')
const CONNECTORS = ['harvest', 'bamboohr', 'gusto']

const cases = await Promise.all(CONNECTORS.map(async (id) => {
  const dir = join(ROOT, 'connectors', id, 'fixtures')
  const names = (await readdir(dir)).filter((f) => f.endsWith('.expected.json')).map((f) => f.slice(0, -'.expected.json'.length))
  return names.map((resource) => ({ name: `${id}/${resource}`, id, resource, dir }))
})).then((all) => all.flat())

describe('connector fixtures map to their expected canonical records', () => {
  it('covers every resource of the three connectors', async () => {
    for (const id of CONNECTORS) {
      const { manifest } = await loadConnector(join(ROOT, 'connectors', id, 'connector.yaml'))
      expect(cases.filter((c) => c.id === id).map((c) => c.resource).sort()).toEqual(Object.keys(manifest.resources).sort())
    }
  })

  it.each(cases)('$name', async ({ id, resource, dir }) => {
    const { manifest } = await loadConnector(join(ROOT, 'connectors', id, 'connector.yaml'))
    const spec = manifest.resources[resource]
    const fixture = JSON.parse(await readFile(join(dir, `${resource}.json`), 'utf8')) as { records: unknown[]; parent?: unknown; config?: Record<string, unknown> }
    const expected = JSON.parse(await readFile(join(dir, `${resource}.expected.json`), 'utf8')) as unknown[]
    const bindings = { config: fixture.config ?? {}, ...(fixture.parent === undefined ? {} : { parent: fixture.parent }) }
    const out = []
    for (const raw of fixture.records) {
      const p = await prepareRecord(raw, compileResource(spec), spec.model as ModelName, bindings, new Date().toISOString(), resource)
      if (p.kind !== 'record') throw new Error(`${id}/${resource}: ${p.kind === 'invalid' ? p.error.message : 'deleted'}`)
      out.push({ remoteId: p.incoming.remoteId, remoteUpdatedAt: p.incoming.remoteUpdatedAt, data: p.incoming.data })
    }
    expect(JSON.parse(JSON.stringify(out))).toEqual(expected)
  })
})
