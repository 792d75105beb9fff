import { describe, expect, it } from 'vitest'
import { createClock, isoSeconds } from './clock.ts'

describe('createClock', () => {
  it('hands out whole seconds, strictly increasing, never before the wall clock', () => {
    let now = 1_700_000_000_250
    const clock = createClock(() => now)
    const ticks = [clock.tick(), clock.tick(), clock.tick()]
    expect(ticks).toEqual([1_700_000_001_000, 1_700_000_002_000, 1_700_000_003_000])
    now = 1_700_000_010_000
    expect(clock.tick()).toBe(1_700_000_010_000)
  })

  it('ticks after observed timestamps even if they lie in the future', () => {
    const clock = createClock(() => 0)
    clock.observe(Date.UTC(2030, 0, 1))
    expect(isoSeconds(clock.tick())).toBe('2030-01-01T00:00:01Z')
  })
})
