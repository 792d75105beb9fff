import { describe, expect, it } from 'vitest'
import { closest, editDistance } from './suggest.ts'

describe('editDistance', () => {
  it.each([
    ['curser', 'cursor', 1],
    ['cursor', 'cursor', 0],
    ['recrods', 'records', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d)
  })
})

describe('closest', () => {
  const kinds = ['page', 'offset', 'cursor', 'next_url', 'link_header', 'none', 'hook']
  it.each([
    ['curser', kinds, 'cursor'],
    ['NEXT_URL', kinds, 'next_url'],
    ['company', ['companies', 'employees'], 'companies'],
    ['xyz', kinds, undefined],
    ['pg', kinds, undefined],
    ['completely-different', kinds, undefined],
  ])('%s', (word, candidates, want) => {
    expect(closest(word, candidates)).toBe(want)
  })
})
