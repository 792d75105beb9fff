/**
 * @module File and cursor encodings of the lowdb store: ids become safe path segments, positions
 * become opaque cursors.
 */
import { MaestroError } from '../errors.ts'

/**
 * Encodes an id as one path segment: reversible, and never `.`, `..` or anything containing a separator.
 * @example
 * encodeSegment('con/1') // 'con%2F1'
 */
export function encodeSegment(id: string): string {
  if (id === '') throw new MaestroError('internal', 'An empty id cannot name a store file.')
  return encodeURIComponent(id).replace(/[.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** Inverse of {@link encodeSegment}. */
export function decodeSegment(segment: string): string {
  return decodeURIComponent(segment)
}

/** A zero-padded sequence number, so that file names sort like the numbers they hold. */
export function sequenceName(n: number, ext: string): string {
  return `${String(n).padStart(6, '0')}${ext}`
}

/** Parses a name written by {@link sequenceName}; undefined for any other file (temp files, strays). */
export function parseSequenceName(name: string, ext: string): number | undefined {
  if (!name.endsWith(ext)) return undefined
  const digits = name.slice(0, -ext.length)
  return /^\d+$/.test(digits) ? Number(digits) : undefined
}

/** Opaque cursor for a position made of strings and numbers. */
export function encodeCursor(position: Array<string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')
}

/** Decodes a cursor of the given shape (`'s'` string, `'n'` number per element) or raises `invalid_request`. */
export function decodeCursor(cursor: string, shape: string): Array<string | number> {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    value = undefined
  }
  const valid =
    Array.isArray(value) &&
    value.length === shape.length &&
    value.every((v, i) => (shape[i] === 's' ? typeof v === 'string' : Number.isInteger(v)))
  if (!valid) throw new MaestroError('invalid_request', 'The cursor is not one this server issued.', { hint: 'Pass back the `next` value of the previous page unchanged.' })
  return value as Array<string | number>
}

/** Clamps a requested page size to 1..max, `fallback` when absent. */
export function pageSize(requested: number | undefined, fallback: number, max: number): number {
  if (requested === undefined || !Number.isFinite(requested)) return fallback
  return Math.min(max, Math.max(1, Math.floor(requested)))
}
