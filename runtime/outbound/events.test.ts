import { describe, expect, it } from 'vitest'
import { createEventBus } from '../events/bus.ts'
import type { Connection, Run, StoredRecord } from '../store/types.ts'
import { subscribeOutboundEvents } from './events.ts'
import type { OutboundEvent } from './types.ts'

const record = (n: number, action: StoredRecord['lastAction'] = 'added'): StoredRecord => ({
  id: `rec_${n}`, remoteId: String(n), connectionId: 'con_1', tenant: 'acme', connector: 'harvest', resource: 'employees', model: 'Employee',
  data: { firstName: `P${n}` }, remoteData: { secret_field: 'raw' }, remoteUpdatedAt: null, firstSeenAt: '2025-01-01T00:00:00.000Z',
  modifiedAt: '2025-01-01T00:00:00.000Z', deletedAt: null, lastAction: action, hash: 'h', seenBy: 'run_1',
})
const run = (id: string): Run => ({
  id, connectionId: 'con_1', tenant: 'acme', connector: 'harvest', trigger: 'manual', status: 'succeeded', resources: {},
  counts: { fetched: 0, added: 0, updated: 0, unchanged: 0, deleted: 0, invalid: 0 }, startedAt: '2025-01-01T00:00:00.000Z', errors: [],
})

function setup(batchSize?: number) {
  const bus = createEventBus()
  const out: OutboundEvent[] = []
  const off = subscribeOutboundEvents(bus, (e) => out.push(e), { batchSize })
  return { bus, out, off }
}

describe('outbound events from the bus', () => {
  it('batches a run\'s record changes per action and sends them when the run finishes', () => {
    const { bus, out } = setup()
    for (let n = 1; n <= 3; n++) bus.emit({ type: 'record.added', tenant: 'acme', connectionId: 'con_1', record: record(n), runId: 'run_1' })
    bus.emit({ type: 'record.updated', tenant: 'acme', connectionId: 'con_1', record: record(4, 'updated'), runId: 'run_1' })
    expect(out).toEqual([])
    bus.emit({ type: 'run.finished', tenant: 'acme', connectionId: 'con_1', run: run('run_1') })
    expect(out.map((e) => e.type)).toEqual(['record.added', 'record.updated', 'run.finished'])
    expect((out[0].data.records as unknown[]).length).toBe(3)
    expect(out[0].data.runId).toBe('run_1')
    for (const e of out) expect(e).toMatchObject({ tenant: 'acme', connectionId: 'con_1' })
    // Raw provider data and internals stay inside Maestro.
    expect(JSON.stringify(out[0])).not.toContain('secret_field')
    expect(out[0].data.records).toEqual(expect.arrayContaining([expect.not.objectContaining({ hash: expect.anything() })]))
  })

  it('chunks a large run into events of batchSize records', () => {
    const { bus, out } = setup(2)
    for (let n = 1; n <= 5; n++) bus.emit({ type: 'record.added', tenant: 'acme', connectionId: 'con_1', record: record(n), runId: 'run_2' })
    bus.emit({ type: 'run.finished', tenant: 'acme', connectionId: 'con_1', run: run('run_2') })
    expect(out.filter((e) => e.type === 'record.added').map((e) => (e.data.records as unknown[]).length)).toEqual([2, 2, 1])
  })

  it('sends webhook-driven changes (no run) one by one at once', () => {
    const { bus, out } = setup()
    bus.emit({ type: 'record.updated', tenant: 'acme', connectionId: 'con_1', record: record(7, 'updated'), runId: null })
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ type: 'record.updated', tenant: 'acme', data: { runId: null, records: [{ id: 'rec_7', data: { firstName: 'P7' } }] } })
  })

  it.each([
    { name: 'connection.created', input: { type: 'connection.created', tenant: 'acme', connectionId: 'con_1', connection: { id: 'con_1', tenant: 'acme', connector: 'harvest', status: 'active', config: {}, credentials: { keyId: 'k', iv: 'i', tag: 't', data: 'CIPHERTEXT' }, createdAt: 'x', updatedAt: 'x' } as Connection } },
    { name: 'connection.needs_reauth', input: { type: 'connection.needs_reauth', tenant: 'acme', connectionId: 'con_1', reason: 'refused', code: 'auth_expired' } },
    { name: 'connection.error', input: { type: 'connection.error', tenant: 'acme', connectionId: 'con_1', error: { code: 'provider_error', message: 'boom' } } },
  ])('forwards $name with its tenant and without credentials', ({ name, input }) => {
    const { bus, out } = setup()
    bus.emit(input as never)
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ type: name, tenant: 'acme', connectionId: 'con_1' })
    expect(JSON.stringify(out[0])).not.toContain('CIPHERTEXT')
  })

  it('stops after unsubscribe', () => {
    const { bus, out, off } = setup()
    off()
    bus.emit({ type: 'record.updated', tenant: 'acme', connectionId: 'con_1', record: record(1), runId: null })
    expect(out).toEqual([])
  })
})
