import { describe, expect, it } from 'vitest'
import { FaultPlan, type Fault } from './faults.ts'

const s503: Fault = { kind: 'status', status: 503 }
const drop: Fault = { kind: 'drop' }
const kinds = (plan: FaultPlan, paths: string[]) => paths.map((p) => plan.take(p)?.kind ?? '-')

describe('FaultPlan', () => {
  it.each([
    { name: 'next(n) fires on the n next requests, then stops', build: (f: FaultPlan) => f.next(2, s503), paths: ['/a', '/a', '/a'], expected: ['status', 'status', '-'] },
    { name: 'plan() fires each fault once, in order', build: (f: FaultPlan) => f.plan([drop, { kind: 'malformed' }]), paths: ['/a', '/a', '/a'], expected: ['drop', 'malformed', '-'] },
    { name: 'everyNth fires on every nth request, `times` times', build: (f: FaultPlan) => f.everyNth(3, drop, 2), paths: Array(9).fill('/a'), expected: ['-', '-', 'drop', '-', '-', 'drop', '-', '-', '-'] },
    { name: 'a path prefix limits which requests match', build: (f: FaultPlan) => f.next(1, drop, { path: '/v2/users' }), paths: ['/v2/time_entries', '/v2/users/5'], expected: ['-', 'drop'] },
    { name: 'everyNth counts only matching requests', build: (f: FaultPlan) => f.everyNth(2, drop, 1, { path: '/x' }), paths: ['/x', '/y', '/y', '/x'], expected: ['-', '-', '-', 'drop'] },
    { name: 'earlier rules win; later ones wait', build: (f: FaultPlan) => f.next(1, s503).next(1, drop), paths: ['/a', '/a', '/a'], expected: ['status', 'drop', '-'] },
  ])('$name', ({ build, paths, expected }) => {
    const plan = build(new FaultPlan())
    expect(kinds(plan, paths)).toEqual(expected)
    expect(plan.fired).toBe(expected.filter((k) => k !== '-').length)
    expect(plan.pending).toBe(0)
  })

  it('reports what is pending and what fired, and clear() drops the rest', () => {
    const plan = new FaultPlan().next(3, { kind: 'delay', ms: 1 })
    plan.take('/a')
    expect(plan.pending).toBe(2)
    expect(plan.history).toEqual([{ kind: 'delay', path: '/a' }])
    plan.clear()
    expect(plan.take('/a')).toBeUndefined()
    expect(plan.fired).toBe(1)
  })

  it('refuses everyNth(0)', () => {
    expect(() => new FaultPlan().everyNth(0, drop, 1)).toThrow(RangeError)
  })
})
