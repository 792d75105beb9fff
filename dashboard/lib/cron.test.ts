import { describe, expect, it } from 'vitest'
import { describeCron, nextCronTime, parseCron } from './cron.ts'

// Local wall-clock times: cron schedules run in the server's (here: the test's) time zone.
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi)

describe('nextCronTime', () => {
  it.each([
    { name: 'every 6 hours', expr: '0 */6 * * *', from: at(2025, 1, 1, 7, 30), next: at(2025, 1, 1, 12, 0) },
    { name: 'never the same minute', expr: '0 * * * *', from: at(2025, 1, 1, 7, 0), next: at(2025, 1, 1, 8, 0) },
    { name: 'daily rolls to tomorrow', expr: '30 2 * * *', from: at(2025, 1, 1, 3, 0), next: at(2025, 1, 2, 2, 30) },
    { name: 'weekdays skip the weekend', expr: '0 2 * * 1-5', from: at(2025, 1, 3, 3, 0), next: at(2025, 1, 6, 2, 0) },
    { name: 'month names and lists', expr: '0 0 1 jan,jul *', from: at(2025, 2, 1), next: at(2025, 7, 1) },
    { name: 'day names', expr: '15 9 * * sun', from: at(2025, 1, 1), next: at(2025, 1, 5, 9, 15) },
    { name: 'Sunday as 7', expr: '0 0 * * 7', from: at(2025, 1, 1), next: at(2025, 1, 5) },
    { name: 'either day field when both are set', expr: '0 0 13 * 5', from: at(2025, 1, 1), next: at(2025, 1, 3) },
    { name: 'a six-field expression ignores seconds', expr: '0 0 */12 * * *', from: at(2025, 1, 1, 1), next: at(2025, 1, 1, 12) },
    { name: 'a macro', expr: '@daily', from: at(2025, 1, 1, 1), next: at(2025, 1, 2) },
    { name: 'a range with a step', expr: '10-50/20 * * * *', from: at(2025, 1, 1, 1, 31), next: at(2025, 1, 1, 1, 50) },
    { name: 'leap day', expr: '0 0 29 2 *', from: at(2025, 3, 1), next: at(2028, 2, 29) },
  ])('$name', ({ expr, from, next }) => {
    expect(nextCronTime(expr, from)?.getTime()).toBe(next.getTime())
  })

  it.each(['', '* * *', '60 * * * *', '* 24 * * *', '*/0 * * * *', '5-1 * * * *', 'a b c d e', '0 0 31 2 *'])('gives up on %j', (expr) => {
    expect(nextCronTime(expr, at(2025, 1, 1))).toBeUndefined()
  })

  it('parses only what it can compute', () => {
    expect(parseCron('*/15 * * * *')?.minute.values.size).toBe(4)
    expect(parseCron('0 0 1 13 *')).toBeUndefined()
  })
})

describe('describeCron', () => {
  it.each([
    ['*/15 * * * *', 'Every 15 minutes'],
    ['0 * * * *', 'Every hour'],
    ['5 * * * *', 'Every hour at :05'],
    ['0 */6 * * *', 'Every 6 hours'],
    ['30 2 * * *', 'Every day at 02:30'],
    ['0 2 * * 1-5', 'Weekdays at 02:00'],
    ['0 9 * * 1', 'Every Monday at 09:00'],
    ['@hourly', 'Every hour'],
    ['0 0 1 * *', '0 0 1 * *'],
  ])('%s → %s', (expr, words) => {
    expect(describeCron(expr)).toBe(words)
  })
})
