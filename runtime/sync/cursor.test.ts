import { describe, expect, it } from 'vitest'
import { cursorForRequest, cursorMs, formatCursor, maxCursor } from './cursor.ts'

const T = Date.parse('2024-01-15T12:30:00Z')

describe('cursorMs', () => {
  it.each([
    { name: 'iso string', value: '2024-01-15T12:30:00Z', format: 'iso', ms: T },
    { name: 'iso with offset', value: '2024-01-15T14:30:00+02:00', format: 'iso', ms: T },
    { name: 'unix seconds number', value: T / 1000, format: 'unix', ms: T },
    { name: 'unix seconds string', value: String(T / 1000), format: 'unix', ms: T },
    { name: 'unix ms', value: T, format: 'unix_ms', ms: T },
    { name: 'bare seconds under iso', value: T / 1000, format: 'iso', ms: T },
    { name: 'bare ms under iso', value: T, format: 'iso', ms: T },
    { name: 'plain date', value: '2024-01-15', format: 'date', ms: Date.parse('2024-01-15') },
    { name: 'garbage', value: 'soon', format: 'iso', ms: undefined },
    { name: 'null', value: null, format: 'iso', ms: undefined },
    { name: 'empty', value: '', format: 'iso', ms: undefined },
  ] as const)('$name', ({ value, format, ms }) => {
    expect(cursorMs(value, format)).toBe(ms)
  })
})

describe('formatCursor', () => {
  it.each([
    { format: 'iso', out: '2024-01-15T12:30:00Z' },
    { format: 'unix', out: String(T / 1000) },
    { format: 'unix_ms', out: String(T) },
    { format: 'date', out: '2024-01-15' },
  ] as const)('$format', ({ format, out }) => {
    expect(formatCursor(T, format)).toBe(out)
    expect(cursorMs(out, format)).toBe(format === 'date' ? Date.parse('2024-01-15') : T)
  })
})

describe('maxCursor', () => {
  it.each([
    { name: 'first value', candidate: null, value: '2024-01-15T12:30:00Z', out: '2024-01-15T12:30:00Z' },
    { name: 'larger wins', candidate: '2024-01-01T00:00:00Z', value: '2024-01-15T12:30:00Z', out: '2024-01-15T12:30:00Z' },
    { name: 'smaller ignored', candidate: '2024-02-01T00:00:00Z', value: '2024-01-15T12:30:00Z', out: '2024-02-01T00:00:00Z' },
    { name: 'unreadable ignored', candidate: '2024-02-01T00:00:00Z', value: 'n/a', out: '2024-02-01T00:00:00Z' },
    { name: 'unreadable first', candidate: null, value: undefined, out: null },
    { name: 'offsets compared as instants', candidate: '2024-01-15T12:00:00Z', value: '2024-01-15T13:30:00+02:00', out: '2024-01-15T12:00:00Z' },
  ])('$name', ({ candidate, value, out }) => {
    expect(maxCursor(candidate, value)).toBe(out)
  })
})

describe('cursorForRequest', () => {
  it.each([
    { name: 'no cursor on a first run', stored: null, lookback: 300_000, format: 'iso', out: undefined },
    { name: 'iso minus lookback', stored: '2024-01-15T12:30:00Z', lookback: 300_000, format: 'iso', out: '2024-01-15T12:25:00Z' },
    { name: 'unix minus lookback', stored: String(T / 1000), lookback: 60_000, format: 'unix', out: String(T / 1000 - 60) },
    { name: 'date crossing midnight', stored: '2024-01-15', lookback: 86_400_000, format: 'date', out: '2024-01-14' },
    { name: 'no lookback', stored: '2024-01-15T12:30:00Z', lookback: 0, format: 'iso', out: '2024-01-15T12:30:00Z' },
  ] as const)('$name', ({ stored, lookback, format, out }) => {
    expect(cursorForRequest(stored, lookback, format)).toBe(out)
  })
})
