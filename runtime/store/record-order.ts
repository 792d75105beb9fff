/**
 * @module The order records are listed in, (modifiedAt, id) ascending, and the positions a cursor names.
 */

/** Anything ordered like a record: a stored record or its index entry. */
export interface Ordered {
  modifiedAt: string
  id: string
}

/** A position in (modifiedAt, id) order; `id: null` means after every id at that instant. */
export interface Position {
  at: string
  id: string | null
}

/** Orders a record against a position: negative before, positive after. */
export function compareToPosition(r: Ordered, p: Position): number {
  if (r.modifiedAt !== p.at) return r.modifiedAt < p.at ? -1 : 1
  if (p.id === null) return -1
  return r.id === p.id ? 0 : r.id < p.id ? -1 : 1
}

/** (modifiedAt, id) ascending. */
export function compareRecords(a: Ordered, b: Ordered): number {
  return compareToPosition(a, { at: b.modifiedAt, id: b.id })
}

// A batch stamps all its records with one `now`, so most checks repeat the previous one.
let lastCanonical = ''

/** True when `value` is a timestamp in `Date#toISOString()` form, the one form whose string order is time order. */
export function isCanonicalTime(value: unknown): boolean {
  if (typeof value !== 'string') return false
  if (value === lastCanonical) return true
  const time = Date.parse(value)
  if (Number.isNaN(time) || new Date(time).toISOString() !== value) return false
  lastCanonical = value
  return true
}
