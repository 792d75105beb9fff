import { describe, expect, it } from 'vitest'
import type { ConnectorField } from '../api/types.ts'
import { fieldPath, fieldProblem, fieldValue } from './fields.ts'

const field = (over: Partial<ConnectorField>): ConnectorField => ({ name: 'accountId', type: 'string', title: 'Account ID', secret: false, optional: false, ...over })

describe('fieldProblem', () => {
  it.each([
    { name: 'required and empty', f: field({}), value: '  ', problem: 'Account ID is required.' },
    { name: 'optional and empty', f: field({ optional: true }), value: '', problem: undefined },
    { name: 'defaulted and empty', f: field({ default: 'USD' }), value: '', problem: undefined },
    { name: 'pattern mismatch, with the example', f: field({ pattern: '^[0-9]+$', placeholder: '1234567' }), value: '12a', problem: 'Account ID must match the expected format (e.g. 1234567).' },
    { name: 'pattern match', f: field({ pattern: '^[0-9]+$' }), value: '123', problem: undefined },
    { name: 'a pattern the browser cannot compile is left to the server', f: field({ pattern: '(?<' }), value: 'x', problem: undefined },
    { name: 'integer', f: field({ type: 'integer' }), value: '1.5', problem: 'Account ID must be a whole number.' },
    { name: 'number', f: field({ type: 'number' }), value: 'abc', problem: 'Account ID must be a number.' },
    { name: 'enum', f: field({ enum: ['us', 'eu'] }), value: 'uk', problem: 'Account ID must be one of us, eu.' },
  ])('$name', ({ f, value, problem }) => {
    expect(fieldProblem(f, value)).toBe(problem)
  })

  it('lets an edit keep a value by leaving it blank', () => {
    expect(fieldProblem(field({}), '', true)).toBeUndefined()
  })
})

describe('fieldValue and fieldPath', () => {
  it('converts by type and keeps secrets exactly as typed', () => {
    expect(fieldValue(field({ type: 'integer' }), ' 42 ')).toBe(42)
    expect(fieldValue(field({ type: 'boolean' }), 'true')).toBe(true)
    expect(fieldValue(field({}), ' acme ')).toBe('acme')
    expect(fieldValue(field({ secret: true }), ' key ')).toBe(' key ')
  })

  it('puts secrets under credentials', () => {
    expect(fieldPath(field({}))).toBe('/config/accountId')
    expect(fieldPath(field({ name: 'apiKey', secret: true }))).toBe('/credentials/apiKey')
  })
})
