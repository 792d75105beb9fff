/**
 * @module Content hashing for change detection: the same canonical data always gives the same hash,
 * whatever the key order the mapping produced.
 */
import { createHash } from 'node:crypto'

/** Sorted keys (and their JSON-quoted forms) of recently seen object shapes. */
interface Shape {
  keys: string[]
  order: string[]
  quoted: string[]
}
const SHAPES = 16
const shapes: Shape[] = []

// Records of one resource share a few shapes, so comparing against recent key lists (the same interned
// strings, compared by identity) saves a sort and a quote per key on nearly every object.
function shapeOf(keys: string[]): Shape {
  outer: for (let s = 0; s < shapes.length; s++) {
    const known = shapes[s].keys
    if (known.length !== keys.length) continue
    for (let i = 0; i < keys.length; i++) if (known[i] !== keys[i]) continue outer
    return shapes[s]
  }
  const order = [...keys].sort()
  const shape = { keys, order, quoted: order.map((k) => JSON.stringify(k)) }
  if (shapes.length >= SHAPES) shapes.pop()
  shapes.unshift(shape)
  return shape
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  const s = JSON.stringify(value)
  return s === undefined ? 'null' : s
}

/**
 * JSON with object keys sorted at every level; `undefined` members are dropped as JSON.stringify does.
 * @example
 * stableStringify({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return scalar(value)
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      const v = value[i]
      out += v === undefined || typeof v === 'function' ? 'null' : stableStringify(v)
    }
    return out + ']'
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return stableStringify((value as { toJSON(): unknown }).toJSON())
  const shape = shapeOf(Object.keys(value))
  const obj = value as Record<string, unknown>
  let out = '{'
  let first = true
  for (let i = 0; i < shape.order.length; i++) {
    const v = obj[shape.order[i]]
    if (v === undefined || typeof v === 'function') continue
    if (!first) out += ','
    first = false
    out += shape.quoted[i] + ':' + (v === null || typeof v !== 'object' ? scalar(v) : stableStringify(v))
  }
  return out + '}'
}

/**
 * sha256 (hex) of the stable JSON of a record's canonical `data`.
 * @example
 * contentHash({ a: 1, b: 2 }) === contentHash({ b: 2, a: 1 }) // true
 */
export function contentHash(data: unknown): string {
  return createHash('sha256').update(stableStringify(data)).digest('hex')
}
