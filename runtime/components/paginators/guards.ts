/**
 * @module Loop guards shared by the strategies: a walk never asks for the same thing twice.
 */
import { MaestroError } from '../../errors.ts'
import { redactUrl } from '../../http/redact.ts'

/** Loop guard over the cursors (or URLs, or hook requests) of one walk. */
export interface SeenGuard {
  /** Record a value already used (the page a resumed walk starts from). */
  remember(value: string): void
  /** Throw `pagination_loop` if the value was seen before in this walk; remember it otherwise. */
  check(value: string): void
}

/** Remembers the cursors (or URLs, or hook requests) of one walk; the second sighting of one throws. */
export function seenGuard(resource: string, what: string): SeenGuard {
  const seen = new Set<string>()
  const remember = (value: string) => { seen.add(value) }
  return { remember, check: (value) => {
    if (seen.has(value)) {
      const shown = what === 'URL' ? redactUrl(value, []) : value.length > 200 ? `${value.slice(0, 200)}…` : value
      throw new MaestroError('pagination_loop', `Resource "${resource}": the provider returned the same next-page ${what} twice (${shown}); stopping instead of looping.`, { details: { resource, [what.toLowerCase()]: shown } })
    }
    seen.add(value)
  } }
}

/** Whether two JSON values are structurally equal; stops at the first difference, so distinct pages cost almost nothing. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    if (a.length !== bb.length) return false
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], bb[i])) return false
    return true
  }
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka) if (!sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  return true
}

/** Throws `pagination_loop` when a non-empty page is identical to the previous one. */
export function repeatedPageGuard(resource: string, recordKey?: (record: unknown) => string) {
  let previous: unknown[] | undefined
  let previousKeys: string[] | undefined
  return (records: unknown[], pageIndex: number, size?: number): void => {
    const full = records.length > 0 && (size === undefined || records.length >= size)
    const keys = recordKey ? records.map(recordKey) : undefined
    if (full && previous && previous.length === records.length) {
      const repeated = keys ? keys.every((k, i) => k === previousKeys![i]) : sameJson(records, previous)
      if (repeated) {
        const first = keys ? `; first id ${keys[0]}` : ''
        throw new MaestroError('pagination_loop', `Resource "${resource}": page ${pageIndex + 1} repeats page ${pageIndex} exactly (${records.length} records${first}); the provider is ignoring the page parameter.`, { details: { resource, pageIndex, records: records.length } })
      }
    }
    previous = records
    previousKeys = keys
  }
}
