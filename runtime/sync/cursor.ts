/**
 * @module Incremental cursors: read a record's cursor value, keep the largest committed one, and render the
 * next run's `{{ cursor }}` in the manifest's format with the lookback window subtracted.
 */

/** How a cursor is written: ISO-8601 date-time, Unix seconds, Unix milliseconds or a plain date. */
export type CursorFormat = 'iso' | 'unix' | 'unix_ms' | 'date'

const NUMERIC = /^-?[0-9]+(\.[0-9]+)?$/

/**
 * Epoch milliseconds of a cursor value (a record's field or a stored cursor), or undefined when unreadable.
 * Bare numbers are read in the declared unit; for `iso`/`date` a bare number is taken as seconds below 1e11
 * and milliseconds above (the two cannot be confused for dates after 1973).
 * @example
 * cursorMs('2024-01-15T12:30:00Z', 'iso') // 1705321800000
 * cursorMs(1705321800, 'unix')            // 1705321800000
 */
export function cursorMs(value: unknown, format: CursorFormat = 'iso'): number | undefined {
  let n: number | undefined
  if (typeof value === 'number') n = value
  else if (typeof value === 'string' && NUMERIC.test(value.trim())) n = Number(value)
  if (n !== undefined) {
    if (!Number.isFinite(n)) return undefined
    if (format === 'unix') return n * 1000
    if (format === 'unix_ms') return n
    return Math.abs(n) < 1e11 ? n * 1000 : n
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime()
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * Render epoch milliseconds in a cursor format.
 * @example
 * formatCursor(1705321800000, 'iso')  // '2024-01-15T12:30:00Z'
 * formatCursor(1705321800000, 'date') // '2024-01-15'
 */
export function formatCursor(ms: number, format: CursorFormat = 'iso'): string {
  switch (format) {
    case 'unix': return String(Math.floor(ms / 1000))
    case 'unix_ms': return String(Math.floor(ms))
    case 'date': return new Date(ms).toISOString().slice(0, 10)
    default: return new Date(ms).toISOString().replace('.000Z', 'Z')
  }
}

/**
 * The larger of a running candidate and a record's cursor value, as a formatted cursor.
 * Unreadable values are ignored, so one bad record never moves or blocks the cursor.
 * @example
 * maxCursor('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z') // '2024-02-01T00:00:00Z'
 */
export function maxCursor(candidate: string | null | undefined, value: unknown, format: CursorFormat = 'iso'): string | null {
  const v = cursorMs(value, format)
  const c = candidate == null ? undefined : cursorMs(candidate, format)
  if (v === undefined) return candidate ?? null
  if (c !== undefined && c >= v) return candidate ?? null
  return formatCursor(v, format)
}

/**
 * The `{{ cursor }}` value of a run: the stored cursor minus the lookback window, or undefined on a
 * first or full run (so the query parameter that carries it is left out).
 * @example
 * cursorForRequest('2024-01-15T12:30:00Z', 300_000) // '2024-01-15T12:25:00Z'
 */
export function cursorForRequest(stored: string | null | undefined, lookbackMs = 0, format: CursorFormat = 'iso'): string | undefined {
  if (stored == null) return undefined
  const ms = cursorMs(stored, format)
  if (ms === undefined) return undefined
  return formatCursor(ms - lookbackMs, format)
}
