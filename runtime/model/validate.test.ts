import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MODEL_NAMES } from './names.ts'
import { validateModel, validateRecord } from './validate.ts'

const root = join(import.meta.dirname, '..', '..')

describe('validators come from the published JSON Schemas', () => {
  it.each(MODEL_NAMES.map((name) => ({ name, file: name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase() })))('$name reads schemas/model/$file.json', ({ name, file }) => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'model', `${file}.json`), 'utf8')) as { title: string; properties: object }
    expect(schema.title).toBe(name)
    // An unknown field is rejected only by a validator compiled from this model's schema (additionalProperties: false).
    const result = validateModel(name, { notAField: 1 })
    expect(result.ok).toBe(false)
    expect(result).toMatchObject({ errors: expect.arrayContaining([{ path: '/notAField', message: 'is not a known field' }]) })
  })

  it('validateRecord uses the record envelope schema', () => {
    const result = validateRecord({ id: 'x' })
    expect(result.ok).toBe(false)
    expect(result).toMatchObject({ errors: expect.arrayContaining([{ path: '/remoteId', message: 'is required' }]) })
  })
})
