/**
 * @module Content hashing for change detection: the same canonical data always gives the same hash,
 * whatever the key order the mapping produced.
 */
import { createHash } from 'node:crypto'

/**
 * JSON with object keys sorted at every level; `undefined` members are dropped as JSON.stringify does.
 * @example
 * stableStringify({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value)
    return s === undefined ? 'null' : s
  }
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
  const keys = Object.keys(value).sort()
  let out = '{'
  let first = true
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k]
    if (v === undefined || typeof v === 'function') continue
    if (!first) out += ','
    first = false
    out += JSON.stringify(k) + ':' + stableStringify(v)
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
