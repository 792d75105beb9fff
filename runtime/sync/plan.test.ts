import { describe, expect, it } from 'vitest'
import type { ConnectorManifest } from '../manifest/schema/index.ts'
import { planResources } from './plan.ts'

const r = (parent?: string) => ({ model: 'Employee', list: { path: '/x', records: '$', paginate: { type: 'none' } }, id: 'id', map: '{}', ...(parent ? { parent: { resource: parent } } : {}) })
const manifest = { id: 'demo', resources: { payrolls: r('companies'), employees: r('companies'), companies: r(), users: r() } } as unknown as ConnectorManifest

describe('planResources', () => {
  it.each([
    { name: 'everything, parents first, manifest order otherwise', requested: undefined, out: ['companies', 'users', 'payrolls', 'employees'] },
    { name: 'a child pulls in its parent', requested: ['employees'], out: ['companies', 'employees'] },
    { name: 'a root alone', requested: ['users'], out: ['users'] },
    { name: 'empty list means all', requested: [], out: ['companies', 'users', 'payrolls', 'employees'] },
  ])('$name', ({ requested, out }) => {
    expect(planResources(manifest, requested)).toEqual(out)
  })

  it('rejects an unknown resource with invalid_request', () => {
    expect(() => planResources(manifest, ['nope'])).toThrow(expect.objectContaining({ code: 'invalid_request' }))
  })

  it('rejects a parent cycle', () => {
    const cyclic = { id: 'c', resources: { a: r('b'), b: r('a') } } as unknown as ConnectorManifest
    expect(() => planResources(cyclic)).toThrow(expect.objectContaining({ code: 'manifest_invalid' }))
  })
})
