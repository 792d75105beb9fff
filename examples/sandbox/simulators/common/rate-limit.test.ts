import { describe, expect, it } from 'vitest'
import { rateLimitSettings, WindowLimiter } from './rate-limit.ts'

describe('WindowLimiter', () => {
  it('allows `limit` requests per window, then refuses until the window closes', () => {
    let now = 1_000_000
    const limiter = new WindowLimiter(3, 15_000, () => now)
    expect([1, 2, 3].map(() => limiter.hit('t').remaining)).toEqual([2, 1, 0])
    now += 4_500
    const refused = limiter.hit('t')
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfter: 11, resetAt: 1_015_000 })
    now = 1_015_000
    expect(limiter.hit('t')).toMatchObject({ allowed: true, remaining: 2, resetAt: 1_030_000 })
  })

  it('keeps one window per key', () => {
    const limiter = new WindowLimiter(1, 1000, () => 0)
    expect(limiter.hit('a').allowed).toBe(true)
    expect(limiter.hit('b').allowed).toBe(true)
    expect(limiter.hit('a').allowed).toBe(false)
  })
})

describe('rateLimitSettings', () => {
  const defaults = { limit: 100, windowMs: 15_000 }
  it.each([
    { name: 'off by default', option: undefined, expected: { enforce: false, ...defaults } },
    { name: 'true enforces the documented limit', option: true, expected: { enforce: true, ...defaults } },
    { name: 'an object overrides parts', option: { limit: 5 }, expected: { enforce: true, limit: 5, windowMs: 15_000 } },
  ])('$name', ({ option, expected }) => {
    expect(rateLimitSettings(option, defaults)).toEqual(expected)
  })
})
