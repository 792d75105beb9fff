import { describe, expect, it } from 'vitest'
import type { RunError } from '../api/types.ts'
import { errorCount, firstError } from './runs.ts'

const err = (code: string, message = code): RunError => ({ code, message, at: '2025-01-01T00:00:00Z' })
const counts = (invalid: number) => ({ fetched: 10, added: 0, updated: 0, unchanged: 0, deleted: 0, invalid })

describe('a run\'s problems', () => {
  it.each([
    { name: 'none', errors: [], invalid: 0, total: 0, first: undefined },
    { name: 'invalid records, listed and counted, once each', errors: [err('mapping_invalid', 'a'), err('mapping_invalid', 'b')], invalid: 2, total: 2, first: 'a' },
    { name: 'more invalid records than listed', errors: [err('mapping_invalid', 'a'), err('mapping_invalid', '40 more…')], invalid: 41, total: 41, first: 'a' },
    { name: 'a failed resource before an invalid record', errors: [err('mapping_invalid', 'bad email'), err('provider_unreachable', 'down')], invalid: 1, total: 2, first: 'down' },
  ])('$name', ({ errors, invalid, total, first }) => {
    expect(errorCount({ errors, counts: counts(invalid) })).toBe(total)
    expect(firstError({ errors })?.message).toBe(first)
  })
})
