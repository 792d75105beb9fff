/**
 * @module JSONata 2.2's value semantics, reimplemented for compiled expressions: sequences,
 * truthiness, equality, string casting and property lookup. Every rule here mirrors what the
 * jsonata evaluator does, including its quirks, because compiled and interpreted results must match.
 */

/** A JSONata sequence: an array flagged the way jsonata flags its own result sequences. */
export type Sequence = unknown[] & { sequence: true; keepSingleton?: boolean; outerWrapper?: boolean }

/**
 * An error with a JSONata error code, thrown by compiled expressions where jsonata throws the same
 * code. The offending value is kept in `value` (as jsonata does), never in the message.
 */
export class JsonataError extends Error {
  readonly code: string
  position?: number
  token?: string
  readonly value?: unknown
  readonly index?: number

  constructor(code: string, message: string, extra: { value?: unknown; index?: number; position?: number; token?: string } = {}) {
    super(message)
    this.name = 'JsonataError'
    this.code = code
    this.value = extra.value
    this.index = extra.index
    this.position = extra.position
    this.token = extra.token
  }
}

const hasOwn = Object.prototype.hasOwnProperty

/** A new empty sequence, or a sequence of one item (which may be `undefined`, as in jsonata). */
export function createSequence(...items: unknown[]): Sequence {
  const seq = items as Sequence
  seq.sequence = true
  return seq
}

export function isSequence(value: unknown): value is Sequence {
  return Array.isArray(value) && (value as Sequence).sequence === true
}

/** jsonata treats JS functions and objects flagged `_jsonata_function` / `_jsonata_lambda` as functions. */
export function isFunctionValue(value: unknown): boolean {
  if (typeof value === 'function') return true
  if (typeof value !== 'object' || value === null) return false
  const v = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown }
  return v._jsonata_function === true || v._jsonata_lambda === true
}

/** True for finite numbers, false for NaN and non-numbers; infinite numbers raise D1001 as in jsonata. */
export function isNumeric(n: unknown): n is number {
  if (typeof n !== 'number') return false
  if (Number.isNaN(n)) return false
  if (!Number.isFinite(n)) throw new JsonataError('D1001', 'Number out of range', { value: n })
  return true
}

export function isArrayOfNumbers(value: unknown): boolean {
  if (!Array.isArray(value)) return false
  let all = true
  // every item is checked (no early exit) so an infinite number anywhere still raises D1001;
  // holes of sparse arrays are skipped, as Array.prototype.filter does in jsonata
  for (let i = 0; i < value.length; i++) if (i in value && !isNumeric(value[i])) all = false
  return all
}

/** JSONata's effective boolean value (`$boolean`); `undefined` stays `undefined`. */
export function toBoolean(arg: unknown): boolean | undefined {
  if (arg === undefined) return undefined
  if (Array.isArray(arg)) {
    if (arg.length === 1) return toBoolean(arg[0])
    let any = false
    for (const item of arg) if (toBoolean(item)) any = true
    return any
  }
  if (typeof arg === 'string') return arg.length > 0
  if (isNumeric(arg)) return arg !== 0
  if (arg !== null && typeof arg === 'object' && !isFunctionValue(arg)) return Object.keys(arg).length > 0
  return arg === true
}

/** `and` / `or` operands: the effective boolean value with `undefined` read as false. */
export function boolize(value: unknown): boolean {
  return toBoolean(value) ?? false
}

/** Deep equality as used by `=` and `!=`: own property names in any order, arrays item by item. */
export function deepEqual(lhs: unknown, rhs: unknown): boolean {
  if (lhs === rhs) return true
  if (typeof lhs !== 'object' || typeof rhs !== 'object' || lhs === null || rhs === null) return false
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    if (lhs.length !== rhs.length) return false
    for (let i = 0; i < lhs.length; i++) if (!deepEqual(lhs[i], rhs[i])) return false
    return true
  }
  const lkeys = Object.getOwnPropertyNames(lhs).sort()
  const rkeys = Object.getOwnPropertyNames(rhs).sort()
  if (lkeys.length !== rkeys.length) return false
  for (let i = 0; i < lkeys.length; i++) if (lkeys[i] !== rkeys[i]) return false
  for (const key of lkeys) {
    if (!deepEqual((lhs as Record<string, unknown>)[key], (rhs as Record<string, unknown>)[key])) return false
  }
  return true
}

function jsonReplacer(_key: string, val: unknown): unknown {
  if (val !== undefined && val !== null && isNumeric(val)) {
    // jsonata trims float noise to 15 significant digits when casting to string
    return Number.isInteger(val) ? val : Number(val.toPrecision(15))
  }
  return val && isFunctionValue(val) ? '' : val
}

/** JSONata's string cast (`$string`, `&`). */
export function castString(arg: unknown, prettify = false): string | undefined {
  if (arg === undefined) return undefined
  if (typeof arg === 'string') return arg
  // JSON.stringify of a finite number, a boolean or null is its String() form
  if (typeof arg === 'number' && Number.isFinite(arg)) return String(Number.isInteger(arg) ? arg : Number(arg.toPrecision(15)))
  if (typeof arg === 'boolean' || arg === null) return String(arg)
  if (isFunctionValue(arg)) return ''
  if (typeof arg === 'number' && !Number.isFinite(arg)) {
    throw new JsonataError('D3001', 'Attempting to invoke string function on Infinity or NaN', { value: arg })
  }
  const value = Array.isArray(arg) && (arg as Sequence).outerWrapper ? arg[0] : arg
  return JSON.stringify(value, jsonReplacer, prettify ? 2 : 0)
}

/** Append the items of `from` to `to`, skipping holes like jsonata's `forEach` does. */
export function pushItems(to: unknown[], from: unknown[]): void {
  for (let i = 0; i < from.length; i++) if (i in from) to.push(from[i])
}

/** Property lookup (`evaluateName`): own properties of objects; arrays map and flatten one level. */
export function lookup(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const result = createSequence()
    for (const item of input) {
      const res = lookup(item, key)
      if (res === undefined) continue
      if (Array.isArray(res)) pushItems(result, res)
      else result.push(res)
    }
    return result
  }
  if (input !== null && typeof input === 'object' && hasOwn.call(input, key) && !isFunctionValue(input)) {
    return (input as Record<string, unknown>)[key]
  }
  return undefined
}

/** `$append` semantics: undefined operands vanish, scalars become one-item arrays, arrays concatenate. */
export function append(arg1: unknown, arg2: unknown): unknown {
  if (arg1 === undefined) return arg2
  if (arg2 === undefined) return arg1
  const left = Array.isArray(arg1) ? arg1 : createSequence(arg1)
  const right = Array.isArray(arg2) ? arg2 : [arg2]
  return left.concat(right)
}

/** The last step of jsonata's `evaluate()`: empty sequences vanish, singletons unwrap unless kept. */
export function normalize(result: unknown, keepArray: boolean): unknown {
  if (!result || !isSequence(result)) return result
  if (keepArray) result.keepSingleton = true
  if (result.length === 0) return undefined
  if (result.length === 1) return result.keepSingleton ? result : result[0]
  return result
}

/** A plain array copy of a sequence (jsonata's flags dropped); other values pass through. */
export function stripSequence(value: unknown): unknown {
  if (!isSequence(value)) return value
  const out = new Array(value.length)
  for (let i = 0; i < value.length; i++) out[i] = stripSequence(value[i])
  return out
}

function setPlain(target: Record<string, unknown>, key: string, value: unknown): void {
  // an own "__proto__" key must stay data, not become the prototype
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

type Flagged = { sequence?: unknown; keepSingleton?: unknown; outerWrapper?: unknown; tupleStream?: unknown; cons?: unknown }

/**
 * jsonata's results as plain data: its null-prototype dictionaries become object literals and its
 * flagged arrays (sequences) become plain arrays. Copy-on-write: a part of the input returned
 * unchanged (e.g. `$` or `response.body`) is returned as the same object, not copied.
 */
export function toPlainDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    const f = value as Flagged
    let changed = f.sequence !== undefined || f.keepSingleton !== undefined || f.outerWrapper !== undefined || f.tupleStream !== undefined || f.cons !== undefined
    const items = value.map((item) => {
      const plain = toPlainDeep(item)
      if (plain !== item) changed = true
      return plain
    })
    return changed ? items : value
  }
  if (value === null || typeof value !== 'object' || isFunctionValue(value)) return value
  const proto = Object.getPrototypeOf(value)
  if (proto !== null && proto !== Object.prototype) return value
  let changed = proto === null
  const keys = Object.keys(value)
  const values = keys.map((key) => {
    const item = (value as Record<string, unknown>)[key]
    const plain = toPlainDeep(item)
    if (plain !== item) changed = true
    return plain
  })
  if (!changed) return value
  const out: Record<string, unknown> = {}
  keys.forEach((key, i) => setPlain(out, key, values[i]))
  return out
}

/** Assign `key` on a plain object, keeping `__proto__` an ordinary data property. */
export const assignPlain = setPlain
