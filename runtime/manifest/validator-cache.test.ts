import { existsSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cachedValidator, loadValidator } from './validator-cache.ts'

const cacheDir = join(dirname(createRequire(import.meta.url).resolve('ajv/package.json')), '..', '.cache', 'maestro')
const name = `test-${process.pid}-${Date.now()}`
const schema = { type: 'object', properties: { when: { type: 'string', format: 'date' } }, required: ['when'], additionalProperties: false }
const text = JSON.stringify(schema)

afterAll(() => {
  for (const f of readdirSync(cacheDir)) if (f.startsWith(name)) rmSync(join(cacheDir, f))
})

describe('cachedValidator', () => {
  it('compiles on a miss, writes standalone code, and loads that code next time', () => {
    let built = 0
    const first = cachedValidator(name, text, () => { built++; return schema }, { allErrors: true, strict: true })
    expect(built).toBe(1)
    expect(readdirSync(cacheDir).filter((f) => f.startsWith(name))).toHaveLength(1)
    const second = cachedValidator(name, text, () => { built++; return schema }, { allErrors: true, strict: true })
    expect(built).toBe(1)
    for (const validate of [first, second]) {
      expect(validate({ when: '2024-05-01' })).toBe(true)
      expect(validate({ when: 'May 1st', extra: 1 })).toBe(false)
      expect(validate.errors?.map((e) => e.keyword).sort()).toEqual(['additionalProperties', 'format'])
    }
  })

  it('keys the cache by the schema text, replacing the file of an older text', () => {
    const before = readdirSync(cacheDir).filter((f) => f.startsWith(name))
    let built = 0
    cachedValidator(name, `${text} `, () => { built++; return schema }, { allErrors: true, strict: true })
    const after = readdirSync(cacheDir).filter((f) => f.startsWith(name))
    expect(built).toBe(1)
    expect(after).toHaveLength(1)
    expect(after).not.toEqual(before)
  })

  it('gives the connector validator verbose errors from cached code too', () => {
    const validate = loadValidator()
    expect(existsSync(cacheDir)).toBe(true)
    expect(validate({ id: 'x' })).toBe(false)
    expect(validate.errors?.[0]).toHaveProperty('parentSchema')
  })
})
