import { describe, expect, it } from 'vitest'
import { createKeyedLock } from './keyed-lock.ts'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('keyed lock', () => {
  it('runs one function at a time per key, others freely, and survives a rejection', async () => {
    const lock = createKeyedLock()
    const log: string[] = []
    const job = (key: string, name: string, fail = false) => lock.run(key, async () => {
      log.push(`${name}+`)
      await tick()
      log.push(`${name}-`)
      if (fail) throw new Error(name)
      return name
    })
    const results = await Promise.allSettled([job('a', 'a1', true), job('a', 'a2'), job('b', 'b1')])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
    expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'))
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'))
  })
})
