import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Connection } from '../../store/types.ts'
import { storedRecord } from '../testing/fixtures.ts'
import { createHarness, type Harness } from '../testing/harness.ts'

let h: Harness
let c: Connection
beforeEach(async () => {
  h = await createHarness()
  c = (await h.store.getConnection((await h.connect('acme')).id))!
  const records = Array.from({ length: 25 }, (_, i) => storedRecord(c, i + 1, i === 24 ? { deletedAt: '2025-02-01T00:00:00.000Z', lastAction: 'deleted' } : {}))
  await h.store.commit({ connectionId: c.id, resource: 'employees', records })
})
afterEach(async () => { await h.close() })

const url = (query = '') => `/connections/${c.id}/records/Employee${query ? `?${query}` : ''}`

describe('GET /connections/:id/records/:model', () => {
  it('pages through every live record with the opaque cursor, each exactly once', async () => {
    const ids: string[] = []
    let next: string | undefined
    let pages = 0
    do {
      const res = await h.call('GET', url(`page_size=10${next ? `&cursor=${encodeURIComponent(next)}` : ''}`))
      ids.push(...res.body.items.map((r: any) => r.remoteId))
      next = res.body.next
      pages++
    } while (next)
    expect(pages).toBe(3)
    expect(ids).toEqual(Array.from({ length: 24 }, (_, i) => String(i + 1)))
  })

  it('strips internal fields and raw data unless asked for it', async () => {
    const plain = await h.call('GET', url('page_size=1'))
    expect(plain.body.items[0]).not.toHaveProperty('seenBy')
    expect(plain.body.items[0]).not.toHaveProperty('remoteData')
    const raw = await h.call('GET', url('page_size=1&include_remote_data=true'))
    expect(raw.body.items[0].remoteData).toEqual({ id: 1, raw: true })
    expect(raw.body.items[0]).not.toHaveProperty('seenBy')
  })

  it('filters by modified_after and includes deleted records on request', async () => {
    const after = await h.call('GET', url('modified_after=2025-01-01T00:00:20.000Z'))
    expect(after.body.items.map((r: any) => r.remoteId)).toEqual(['21', '22', '23', '24'])
    const withDeleted = await h.call('GET', url('modified_after=2025-01-01T00:00:20.000Z&include_deleted=true'))
    expect(withDeleted.body.items.map((r: any) => r.remoteId)).toEqual(['21', '22', '23', '24', '25'])
  })

  it('answers an empty page for a model with no records', async () => {
    const res = await h.call('GET', `/connections/${c.id}/records/TimeEntry`)
    expect(res.body).toEqual({ items: [] })
  })

  it('counts live records per model in the connection view', async () => {
    expect((await h.call('GET', `/connections/${c.id}`)).body.recordCounts).toEqual({ Employee: 24 })
  })

  it.each([
    { name: 'an unknown model', path: () => `/connections/${c.id}/records/Payslip`, detail: '/model' },
    { name: 'page_size above 1000', path: () => url('page_size=1001'), detail: '/page_size' },
    { name: 'page_size 0', path: () => url('page_size=0'), detail: '/page_size' },
    { name: 'a bad modified_after', path: () => url('modified_after=yesterday'), detail: '/modified_after' },
    { name: 'a bad include_deleted', path: () => url('include_deleted=maybe'), detail: '/include_deleted' },
    { name: 'an unknown parameter', path: () => url('pageSize=10'), detail: '/pageSize' },
  ])('refuses $name', async ({ path, detail }) => {
    const res = await h.call('GET', path())
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request'])
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: detail })])
  })

  it('refuses a cursor it did not issue', async () => {
    const res = await h.call('GET', url('cursor=not-a-cursor'))
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request'])
  })

  it('answers connection_not_found for an unknown connection', async () => {
    const res = await h.call('GET', '/connections/con_nope/records/Employee')
    expect(res.body.error.code).toBe('connection_not_found')
  })
})
