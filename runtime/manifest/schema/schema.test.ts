import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { MODEL_NAMES as CANONICAL_MODELS } from '../../model/index.ts'
import { connectorJsonSchema, MODEL_NAMES } from './index.ts'

type Node = Record<string, unknown>

/** Every property schema in the manifest schema, with its dotted path. */
function properties(node: unknown, path = '', out: Array<{ path: string; schema: Node }> = []): Array<{ path: string; schema: Node }> {
  if (Array.isArray(node)) { node.forEach((n, i) => properties(n, `${path}[${i}]`, out)); return out }
  if (!node || typeof node !== 'object') return out
  const n = node as Node
  for (const [key, value] of Object.entries(n)) {
    if (key === 'examples' || key === 'default' || key === 'enum' || key === 'const') continue
    if (key === 'properties' || key === 'patternProperties') {
      for (const [name, schema] of Object.entries(value as Node)) {
        out.push({ path: `${path}.${name}`, schema: schema as Node })
        properties(schema, `${path}.${name}`, out)
      }
    } else {
      properties(value, `${path}/${key}`, out)
    }
  }
  return out
}

const schema = connectorJsonSchema()
const props = properties(schema)
const ajv = addFormats(new Ajv({ strict: false, discriminator: true }))

describe('the connector manifest schema', () => {
  it('has hundreds of documented properties', () => {
    expect(props.length).toBeGreaterThan(100)
  })

  it.each(props.map((p) => [p.path, p.schema] as const))('%s has a description and an example that it accepts', (_path, prop) => {
    expect(typeof prop.description === 'string' && prop.description.length > 0).toBe(true)
    expect(Array.isArray(prop.examples) && prop.examples.length > 0).toBe(true)
    const validate = ajv.compile(prop)
    for (const example of prop.examples as unknown[]) expect(validate(example), JSON.stringify(validate.errors)).toBe(true)
  })

  it('offers exactly the canonical models', () => {
    expect([...MODEL_NAMES]).toEqual([...CANONICAL_MODELS])
  })
})
