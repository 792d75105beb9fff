import { describe, expect, it, vi } from 'vitest'
import { createEventBus } from './bus.ts'
import type { MaestroEvent } from './types.ts'

const progress = { type: 'run.progress' as const, tenant: 't1', connectionId: 'con_1', runId: 'run_1', resource: 'employees', pages: 1, counts: { fetched: 1, added: 1, updated: 0, unchanged: 0, deleted: 0, invalid: 0 } }

describe('event bus', () => {
  it('delivers to typed and wildcard listeners with an ISO time', () => {
    const bus = createEventBus()
    const typed: MaestroEvent[] = []
    const all: MaestroEvent[] = []
    bus.on('run.progress', (e) => { typed.push(e) })
    bus.on('*', (e) => { all.push(e) })
    bus.emit(progress)
    bus.emit({ type: 'connection.deleted', connectionId: 'con_1' })
    expect(typed).toHaveLength(1)
    expect(typed[0]).toMatchObject({ type: 'run.progress', tenant: 't1', connectionId: 'con_1', pages: 1 })
    expect(new Date(typed[0].at).toISOString()).toBe(typed[0].at)
    expect(all.map((e) => e.type)).toEqual(['run.progress', 'connection.deleted'])
  })

  it('keeps an explicit time', () => {
    const bus = createEventBus()
    const seen: string[] = []
    bus.on('*', (e) => { seen.push(e.at) })
    bus.emit({ ...progress, at: '2026-01-01T00:00:00.000Z' })
    expect(seen).toEqual(['2026-01-01T00:00:00.000Z'])
  })

  it.each([
    { name: 'throws', listener: () => { throw new Error('boom') } },
    { name: 'rejects', listener: async () => { throw new Error('boom') } },
  ])('a listener that $name breaks neither the emitter nor the others', async ({ listener }) => {
    const onListenerError = vi.fn()
    const bus = createEventBus({ onListenerError })
    const after = vi.fn()
    bus.on('run.progress', listener)
    bus.on('run.progress', after)
    expect(() => bus.emit(progress)).not.toThrow()
    await new Promise((r) => setImmediate(r))
    expect(after).toHaveBeenCalledTimes(1)
    expect(onListenerError).toHaveBeenCalledTimes(1)
  })

  it('unsubscribes, also from inside a listener during emit', () => {
    const bus = createEventBus()
    const calls: string[] = []
    const offA = bus.on('run.progress', () => { calls.push('a'); offA() })
    bus.on('run.progress', () => { calls.push('b') })
    bus.emit(progress)
    bus.emit(progress)
    expect(calls).toEqual(['a', 'b', 'b'])
  })
})
