/**
 * @module How times, durations and counts read on screen: short, relative where that helps, in the
 * browser's own locale.
 */

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' })
const numbers = new Intl.NumberFormat()
const dateTimes = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000], ['month', 30 * 86_400_000], ['week', 7 * 86_400_000],
  ['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000],
]

/**
 * "5 minutes ago", "in 3 hours", "just now".
 * @example
 * timeAgo('2025-01-01T10:00:00Z', new Date('2025-01-01T10:05:00Z')) // '5 minutes ago'
 */
export function timeAgo(iso: string | Date, now: Date = new Date()): string {
  const diff = new Date(iso).getTime() - now.getTime()
  if (Number.isNaN(diff)) return '—'
  if (Math.abs(diff) < 45_000) return 'just now'
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'minute') return relative.format(Math.round(diff / ms), unit)
  }
  return 'just now'
}

/**
 * "850 ms", "1.4 s", "2 min 5 s", "1 h 3 min".
 * @example
 * duration(1442) // '1.4 s'
 */
export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
  const s = Math.round(ms / 1000)
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`
  const m = Math.round(s / 60)
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`
}

/** Duration of a run from its fields. */
export function runDuration(run: { durationMs?: number; startedAt: string; finishedAt?: string }): number | undefined {
  if (run.durationMs !== undefined) return run.durationMs
  if (!run.finishedAt) return undefined
  return new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()
}

/** A count with thousands separators. */
export const count = (n: number): string => numbers.format(n)

/** A local date and time. */
export const dateTime = (iso: string): string => {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateTimes.format(d)
}

/** `n thing` / `n things`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`
