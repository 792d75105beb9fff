import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiOperations, apiSchemaFiles, openApiDocument } from './api-schemas.ts'
import { openApiPath } from './openapi.ts'
import { createHarness, type Harness } from './testing/harness.ts'

let h: Harness
beforeAll(async () => { h = await createHarness() })
afterAll(async () => { await h.close() })

const doc = openApiDocument() as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, unknown> } }

describe('the OpenAPI document', () => {
  it('lists every route the app serves, with its method, and nothing it does not serve', () => {
    const served = new Set(h.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`))
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)))
    expect([...served].sort()).toEqual([...documented].sort())
  })

  it('has unique operation ids and only references schemas it defines', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId))
    expect(new Set(ids).size).toBe(ids.length)
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(([, name]) => name)
    expect(refs.length).toBeGreaterThan(20)
    for (const name of refs) expect(doc.components.schemas, name).toHaveProperty(name)
  })

  it('documents each error status with the codes the route answers', () => {
    const sync = doc.paths['/connections/{id}/sync'].post.responses
    expect(sync['409']['x-error-codes']).toEqual(expect.arrayContaining(['connection_paused', 'connection_needs_reauth', 'sync_in_progress']))
    expect(sync['401']['x-error-codes']).toEqual(['unauthorized'])
    expect(doc.paths['/health'].get.security).toEqual([])
    expect(doc.paths['/health'].get.responses['401']).toBeUndefined()
  })

  it('validates real responses with its own component schemas', async () => {
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true }))
    ajv.addSchema({ $id: 'https://maestro.dev/openapi', components: doc.components })
    const schema = (name: string) => ajv.getSchema(`https://maestro.dev/openapi#/components/schemas/${name}`)!
    const c = await h.connect('acme')
    const run = await h.call('POST', `/connections/${c.id}/sync`)
    for (const [name, body] of [['Connection', c], ['Run', run.body], ['ConnectorList', (await h.call('GET', '/connectors')).body], ['AuditPage', (await h.call('GET', '/audit')).body]] as const) {
      const validate = schema(name)
      expect(validate(body), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true)
    }
    expect(schema('Connection')({ ...c, credentials: {} })).toBe(false)
  })

  it('is published with one standalone JSON Schema per named shape, each compiling', () => {
    const files = apiSchemaFiles()
    expect(files['schemas/api/openapi.json']).toEqual(doc)
    const ajv = addFormats(new Ajv({ strict: false }))
    for (const [file, schema] of Object.entries(files)) {
      if (file.endsWith('openapi.json')) continue
      expect(file).toMatch(/^schemas\/api\/[a-z-]+\.schema\.json$/)
      expect(() => ajv.compile(schema), file).not.toThrow()
    }
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['schemas/api/connection-create.schema.json', 'schemas/api/error.schema.json', 'schemas/api/record-page.schema.json']))
  })

  it('documents every operation from the route modules once', () => {
    const keys = apiOperations().map((op) => `${op.method} ${op.path}`)
    expect(new Set(keys).size).toBe(keys.length)
  })
})
