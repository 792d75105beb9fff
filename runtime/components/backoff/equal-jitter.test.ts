import { describe, expect, it } from 'vitest'
import { equalJitter } from './equal-jitter.ts'

const opts = { initialDelayMs: 1000, maxDelayMs: 30_000 }

describe('equalJitter', () => {
  it.each([
    { name: 'first retry, low draw', retry: 1, r: 0, ms: 500 },
    { name: 'first retry, high draw', retry: 1, r: 0.999, ms: 999 },
    { name: 'third retry, low draw', retry: 3, r: 0, ms: 2000 },
    { name: 'capped', retry: 20, r: 0, ms: 15_000 },
    { name: 'capped, high draw', retry: 20, r: 0.999, ms: 29_985 },
  ])('$name', ({ retry, r, ms }) => {
    expect(equalJitter(retry, opts, () => r)).toBe(ms)
  })

  it('grows: every retry waits at least as long as the one before could at most', () => {
    for (let n = 1; n < 5; n++) expect(equalJitter(n + 1, opts, () => 0)).toBeGreaterThanOrEqual(equalJitter(n, opts, () => 0.999))
  })
})
