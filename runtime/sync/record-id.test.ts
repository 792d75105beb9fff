import { describe, expect, it } from 'vitest'
import { base32, recordId } from './record-id.ts'

describe('recordId', () => {
  it('is stable and shaped rec_ + 26 base32 characters', () => {
    const id = recordId('con_1', 'employees', '42')
    expect(id).toBe(recordId('con_1', 'employees', '42'))
    expect(id).toMatch(/^rec_[a-z2-7]{26}$/)
  })

  it.each([
    { name: 'connection', a: ['con_1', 'employees', '42'], b: ['con_2', 'employees', '42'] },
    { name: 'resource', a: ['con_1', 'employees', '42'], b: ['con_1', 'timeEntries', '42'] },
    { name: 'remote id', a: ['con_1', 'employees', '42'], b: ['con_1', 'employees', '43'] },
    { name: 'separator ambiguity', a: ['con_1', 'a/b', 'c'], b: ['con_1', 'a', 'b/c'] },
  ])('differs when the $name differs', ({ a, b }) => {
    expect(recordId(a[0], a[1], a[2])).not.toBe(recordId(b[0], b[1], b[2]))
  })
})

describe('base32', () => {
  it.each([
    { input: '', out: '' },
    { input: 'f', out: 'my' },
    { input: 'fo', out: 'mzxq' },
    { input: 'foobar', out: 'mzxw6ytboi' },
  ])('encodes "$input" as RFC 4648 test vector', ({ input, out }) => {
    expect(base32(Buffer.from(input))).toBe(out)
  })
})
