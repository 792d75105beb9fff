import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { contentHash, stableStringify } from './change-detection.ts'

describe('stableStringify', () => {
  it.each([
    { name: 'sorted keys at every level', value: { b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }, out: '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}' },
    { name: 'undefined members dropped', value: { a: undefined, b: 1 }, out: '{"b":1}' },
    { name: 'undefined in arrays becomes null', value: [undefined, 1], out: '[null,1]' },
    { name: 'strings escaped', value: { 'k"': 'a\nb' }, out: '{"k\\"":"a\\nb"}' },
    { name: 'scalars', value: 12.5, out: '12.5' },
  ])('$name', ({ value, out }) => {
    expect(stableStringify(value)).toBe(out)
  })

  it('parses back to the same value as JSON.stringify for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(JSON.parse(stableStringify(v))).toEqual(JSON.parse(JSON.stringify(v)))
    }))
  })
})

describe('contentHash', () => {
  it('ignores key order and sees any content change', () => {
    expect(contentHash({ a: 1, b: { c: 2, d: 3 } })).toBe(contentHash({ b: { d: 3, c: 2 }, a: 1 }))
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }))
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/)
  })
})
