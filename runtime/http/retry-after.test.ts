import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseResetHeader, parseRetryAfter } from './retry-after.ts'

const NOW = Date.parse('2026-01-15T12:00:00Z')

describe('parseRetryAfter', () => {
  it.each([
    { name: 'delay-seconds', value: '120', expected: 120_000 },
    { name: 'zero', value: '0', expected: 0 },
    { name: 'surrounding spaces', value: '  7 ', expected: 7000 },
    { name: 'fractional seconds round up', value: '1.5', expected: 1500 },
    { name: 'IMF-fixdate in the future', value: 'Thu, 15 Jan 2026 12:01:30 GMT', expected: 90_000 },
    { name: 'RFC 850 date', value: 'Thursday, 15-Jan-26 12:00:10 GMT', expected: 10_000 },
    { name: 'date in the past is no wait', value: 'Thu, 15 Jan 2026 11:00:00 GMT', expected: 0 },
    { name: 'missing', value: undefined, expected: undefined },
    { name: 'empty', value: '', expected: undefined },
    { name: 'negative number', value: '-5', expected: undefined },
    { name: 'garbage', value: 'soon', expected: undefined },
  ])('$name', ({ value, expected }) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })

  it('reads any whole number of seconds back exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (s) => {
      expect(parseRetryAfter(String(s), NOW)).toBe(s * 1000)
    }))
  })

  it('reads any future HTTP date as the milliseconds until it (second precision)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 86_400 * 365 }), (s) => {
      const date = new Date(NOW + s * 1000).toUTCString()
      expect(parseRetryAfter(date, NOW)).toBe(s * 1000)
    }))
  })

  it('never returns a negative or non-finite wait for any string', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const v = parseRetryAfter(text, NOW)
      if (v !== undefined) {
        expect(Number.isFinite(v)).toBe(true)
        expect(v).toBeGreaterThanOrEqual(0)
      }
    }))
  })
})

describe('parseResetHeader', () => {
  it.each([
    { name: 'seconds until reset (Toggl X-Toggl-Quota-Resets-In)', value: '30', expected: 30_000 },
    { name: 'an epoch timestamp in seconds', value: String(NOW / 1000 + 42), expected: 42_000 },
    { name: 'an epoch timestamp already past', value: String(NOW / 1000 - 42), expected: 0 },
    { name: 'an HTTP date', value: 'Thu, 15 Jan 2026 12:00:05 GMT', expected: 5000 },
    { name: 'missing', value: undefined, expected: undefined },
  ])('$name', ({ value, expected }) => {
    expect(parseResetHeader(value, NOW)).toBe(expected)
  })
})
