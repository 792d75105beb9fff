import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fullJitter } from './full-jitter.ts'

describe('fullJitter', () => {
  it.each([
    { name: 'first retry, random 0.5', retry: 1, random: 0.5, expected: 250 },
    { name: 'third retry doubles twice', retry: 3, random: 0.5, expected: 1000 },
    { name: 'ceiling caps the exponent', retry: 20, random: 0.5, expected: 30_000 },
    { name: 'random 0 gives no wait', retry: 4, random: 0, expected: 0 },
    { name: 'huge retry numbers do not overflow past the ceiling', retry: 5000, random: 0.999, expected: 59_940 },
  ])('$name', ({ retry, random, expected }) => {
    expect(fullJitter(retry, { initialDelayMs: 500, maxDelayMs: 60_000 }, () => random)).toBe(expected)
  })

  it('stays within [0, min(max, initial·2^(n-1))) for any retry, settings and jitter', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 2000 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 1, max: 600_000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (retry, initial, max, r) => {
        const d = fullJitter(retry, { initialDelayMs: initial, maxDelayMs: max }, () => r)
        const cap = Math.min(max, initial * 2 ** (retry - 1))
        expect(Number.isInteger(d)).toBe(true)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThan(Math.max(cap, 1))
        expect(d).toBeLessThanOrEqual(max)
      },
    ))
  })

  it('jitter spreads delays over the whole range', () => {
    const samples = Array.from({ length: 2000 }, () => fullJitter(4, { initialDelayMs: 1000, maxDelayMs: 60_000 }))
    expect(Math.min(...samples)).toBeLessThan(1000)
    expect(Math.max(...samples)).toBeGreaterThan(7000)
    expect(Math.max(...samples)).toBeLessThan(8000)
  })
})
