import { describe, expect, it } from 'vitest'
import { count, duration, plural, runDuration, timeAgo } from './format.ts'

const now = new Date('2025-01-01T12:00:00Z')

describe('timeAgo', () => {
  it.each([
    { name: 'seconds', at: '2025-01-01T11:59:40Z', text: 'just now' },
    { name: 'minutes', at: '2025-01-01T11:55:00Z', text: '5 minutes ago' },
    { name: 'hours ahead', at: '2025-01-01T15:00:00Z', text: 'in 3 hours' },
    { name: 'days', at: '2024-12-30T12:00:00Z', text: '2 days ago' },
    { name: 'garbage', at: 'not a date', text: '—' },
  ])('$name', ({ at, text }) => {
    expect(timeAgo(at, now)).toBe(text)
  })
})

describe('duration', () => {
  it.each([
    [850, '850 ms'], [1442, '1.4 s'], [42_000, '42 s'], [125_000, '2 min 5 s'], [120_000, '2 min'], [3_780_000, '1 h 3 min'], [undefined, '—'],
  ])('%s ms → %s', (ms, text) => {
    expect(duration(ms)).toBe(text)
  })

  it('derives a run\'s duration from its times when the run does not say', () => {
    expect(runDuration({ startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:02.500Z' })).toBe(2500)
    expect(runDuration({ startedAt: '2025-01-01T00:00:00Z', durationMs: 7 })).toBe(7)
    expect(runDuration({ startedAt: '2025-01-01T00:00:00Z' })).toBeUndefined()
  })
})

describe('counts', () => {
  it('pluralises and groups thousands', () => {
    expect(plural(1, 'record')).toBe('1 record')
    expect(plural(2, 'entry', 'entries')).toBe('2 entries')
    expect(count(1234567)).toMatch(/^1\D?234\D?567$/)
  })
})
