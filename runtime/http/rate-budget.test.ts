import { describe, expect, it } from 'vitest'
import { createRateBudget } from './rate-budget.ts'

const tick = () => new Promise((r) => setTimeout(r, 0))
const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => { resolve = r })
  return { promise, resolve }
}

describe('rate budget', () => {
  it.each([
    { name: 'no rateLimit: nothing queues', spec: undefined, n: 50 },
    { name: 'under budget: nothing queues', spec: { requests: 100, per: '1m' }, n: 50 },
  ])('$name', async ({ spec, n }) => {
    const budget = createRateBudget(spec)
    const results = await Promise.all(Array.from({ length: n }, (_, i) => budget.schedule(async () => i)))
    expect(results).toEqual(Array.from({ length: n }, (_, i) => i))
    expect(budget.stats()).toMatchObject({ scheduled: n, immediate: n, queued: 0, running: 0 })
  })

  it('queues once the window is spent and releases when it slides', async () => {
    let now = 0
    const budget = createRateBudget({ requests: 3, per: '100ms' }, { now: () => now })
    const started: number[] = []
    const jobs = Array.from({ length: 5 }, (_, i) => budget.schedule(async () => { started.push(i) }))
    await tick()
    expect(started).toEqual([0, 1, 2])
    expect(budget.stats()).toMatchObject({ immediate: 3, queued: 2, windowUsed: 3 })
    now = 100
    await Promise.all(jobs)
    expect(started).toEqual([0, 1, 2, 3, 4])
  })

  it('never starts more than `requests` in any window, with walkers of uneven speed', async () => {
    const budget = createRateBudget({ requests: 4, per: '100ms' })
    const starts: number[] = []
    const walker = async (slowest: number) => {
      for (let i = 0; i < 6; i++) await budget.schedule(async () => { starts.push(performance.now()); await new Promise((r) => setTimeout(r, Math.random() * slowest)) })
    }
    await Promise.all([walker(5), walker(20), walker(40)])
    expect(starts).toHaveLength(18)
    for (let i = 4; i < starts.length; i++) expect(starts[i] - starts[i - 4]).toBeGreaterThanOrEqual(99.9)
    expect(budget.stats().queued).toBeGreaterThan(0)
  })

  it.each([
    { name: 'with a rateLimit', spec: { requests: 1000, per: '1s', concurrency: 2 } },
    { name: 'without one (gate option)', spec: undefined, options: { concurrency: 2 } },
  ])('never runs more than `concurrency` at once ($name)', async ({ spec, options }) => {
    const budget = createRateBudget(spec, options)
    let running = 0
    let peak = 0
    const gates = Array.from({ length: 6 }, deferred)
    const jobs = gates.map((g) => budget.schedule(async () => {
      running++
      peak = Math.max(peak, running)
      await g.promise
      running--
    }))
    for (const g of gates) { await tick(); await new Promise((r) => setTimeout(r, 10)); g.resolve() }
    await Promise.all(jobs)
    expect(peak).toBe(2)
  })

  it.each([
    { name: 'with a rateLimit', spec: { requests: 100, per: '1s' } },
    { name: 'without one', spec: undefined },
  ])('pause holds every later request ($name)', async ({ spec }) => {
    const budget = createRateBudget(spec)
    budget.pause(60)
    const t0 = performance.now()
    await budget.schedule(async () => undefined)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55)
    expect(budget.stats().pauses).toBe(1)
  })

  it('passes errors through and frees the slot', async () => {
    const budget = createRateBudget({ requests: 10, per: '1s', concurrency: 1 })
    await expect(budget.schedule(async () => { throw new Error('boom') })).rejects.toThrow('boom')
    await expect(budget.schedule(async () => 'ok')).resolves.toBe('ok')
    expect(budget.stats().running).toBe(0)
  })
})
