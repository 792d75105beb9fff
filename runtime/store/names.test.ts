import { describe, expect, it } from 'vitest'
import { decodeCursor, decodeSegment, encodeCursor, encodeSegment, pageSize, parseSequenceName, sequenceName } from './names.ts'

describe('encodeSegment', () => {
  it.each(['con_123', '..', '.', 'a/b', 'a\\b', 'Émile ☃', 'x.json', '%41'])('round-trips %j as one safe path segment', (id) => {
    const segment = encodeSegment(id)
    expect(segment).toMatch(/^[A-Za-z0-9_%-]+$/)
    expect(decodeSegment(segment)).toBe(id)
  })

  it('refuses an empty id', () => {
    expect(() => encodeSegment('')).toThrow(expect.objectContaining({ code: 'internal' }))
  })
})

describe('sequence names', () => {
  it.each([
    { name: '000012.json', ext: '.json', n: 12 },
    { name: '000003.jsonl', ext: '.jsonl', n: 3 },
    { name: '.000001.json.tmp', ext: '.json', n: undefined },
    { name: 'notes.json', ext: '.json', n: undefined },
  ])('parses $name as $n', ({ name, ext, n }) => {
    expect(parseSequenceName(name, ext)).toBe(n)
  })

  it('sorts file names like their numbers', () => {
    expect([sequenceName(10, '.json'), sequenceName(9, '.json')].sort()).toEqual(['000009.json', '000010.json'])
  })
})

describe('cursors', () => {
  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor(['2024-05-01T00:00:00.000Z', 'id'] ), 'ss')).toEqual(['2024-05-01T00:00:00.000Z', 'id'])
  })

  it.each([
    { name: 'garbage', cursor: '!!!' },
    { name: 'wrong arity', cursor: encodeCursor(['a']) },
    { name: 'wrong types', cursor: encodeCursor([1, 2]) },
  ])('rejects $name with invalid_request', ({ cursor }) => {
    expect(() => decodeCursor(cursor, 'ss')).toThrow(expect.objectContaining({ code: 'invalid_request' }))
  })
})

describe('pageSize', () => {
  it.each([
    { requested: undefined, size: 100 },
    { requested: 0, size: 1 },
    { requested: 250.7, size: 250 },
    { requested: 5000, size: 1000 },
    { requested: Number.NaN, size: 100 },
  ])('turns $requested into $size', ({ requested, size }) => {
    expect(pageSize(requested, 100, 1000)).toBe(size)
  })
})
