/**
 * @module The JSONata built-in functions that compiled expressions may call, with jsonata's
 * signatures. Each implementation follows jsonata 2.2's behaviour, edge cases included; a function
 * that is not listed here (or a call form it does not support) keeps the expression on jsonata.
 */
import { NeedsJsonata } from './ast.ts'
import { parseSignature, type Signature } from './signature.ts'
import { castString, JsonataError, toBoolean } from './values.ts'

/** A built-in: its signature, its implementation, and the most arguments the compiled form accepts. */
export interface Builtin {
  readonly signature: Signature
  readonly impl: (...args: any[]) => unknown
  readonly maxArgs?: number
}


const chars = (str: string): string[] => Array.from(str)

/** Whether `str` has a UTF-16 surrogate among its first `limit` code units. */
function surrogateBefore(str: string, limit: number): boolean {
  const end = Math.min(str.length, limit)
  for (let i = 0; i < end; i++) {
    const c = str.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdfff) return true
  }
  return false
}

function substring(str: string | undefined, start: number, length?: number): string | undefined {
  if (str === undefined) return undefined
  // indexes count code points; where no surrogate pair can shift them, the string's own indexes are the same
  const scan = start >= 0 && length !== undefined && length > 0 ? start + length : Infinity
  const all: string | string[] = surrogateBefore(str, scan) ? chars(str) : str
  if (all.length + start < 0) start = 0
  let part: string | string[]
  if (length !== undefined) {
    if (length <= 0) return ''
    const end = start >= 0 ? start + length : all.length + start + length
    part = all.slice(start, end)
  } else {
    part = all.slice(start)
  }
  return typeof part === 'string' ? part : part.join('')
}

function trim(str: string | undefined): string | undefined {
  if (str === undefined) return undefined
  let out = str.replace(/[ \t\n\r]+/gm, ' ')
  if (out.charAt(0) === ' ') out = out.substring(1)
  if (out.charAt(out.length - 1) === ' ') out = out.substring(0, out.length - 1)
  return out
}

const NUMERIC_STRING = /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/
const RADIX_STRING = /^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/

function toNumber(arg: unknown): number | undefined {
  if (arg === undefined) return undefined
  if (typeof arg === 'number') return arg
  if (typeof arg === 'string' && NUMERIC_STRING.test(arg) && !Number.isNaN(parseFloat(arg)) && Number.isFinite(Number(arg))) return parseFloat(arg)
  if (typeof arg === 'string' && RADIX_STRING.test(arg)) return Number(arg)
  if (arg === true) return 1
  if (arg === false) return 0
  throw new JsonataError('D3030', 'Unable to cast the value to a number', { value: arg, index: 1 })
}

function round(arg: number | undefined, precision?: number): number | undefined {
  if (arg === undefined) return undefined
  let value = arg
  // shifting the decimal point through the string form avoids binary floating-point drift
  if (precision) {
    const [mantissa, exp] = value.toString().split('e')
    value = +(mantissa + 'e' + (exp ? +exp + precision : precision))
  }
  let result = Math.round(value)
  if (Math.abs(result - value) === 0.5 && Math.abs(result % 2) === 1) result = result - 1
  if (precision) {
    const [mantissa, exp] = result.toString().split('e')
    result = +(mantissa + 'e' + (exp ? +exp - precision : -precision))
  }
  return Object.is(result, -0) ? 0 : result
}

function contains(str: string | undefined, token: unknown): boolean | undefined {
  if (str === undefined || token === undefined) return undefined
  if (typeof token !== 'string') throw new NeedsJsonata('$contains with a matcher function')
  return str.indexOf(token) !== -1
}

function split(str: string | undefined, separator: unknown, limit?: number): string[] | undefined {
  if (str === undefined) return undefined
  if ((limit as number) < 0) throw new JsonataError('D3020', 'Third argument of split function must evaluate to a positive number', { value: limit, index: 3 })
  if (limit !== undefined && !(limit > 0)) return []
  // jsonata calls a non-string separator as a matcher function; undefined makes that a TypeError
  if (separator === undefined) throw new TypeError('$split: the separator is undefined')
  if (typeof separator !== 'string') throw new NeedsJsonata('$split with a matcher function')
  return str.split(separator, limit)
}

const ISO_8601 = /^\d{4}(-[01]\d)?(-[0-3]\d)?(T[0-2]\d:[0-5]\d:[0-5]\d)?(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$/

function toMillis(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined) return undefined
  if (!ISO_8601.test(timestamp)) {
    throw new JsonataError('D3110', 'The argument of the toMillis function must be an ISO 8601 formatted timestamp', { value: timestamp })
  }
  return Date.parse(timestamp)
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

function fromMillis(millis: number | undefined): string | undefined {
  if (millis === undefined) return undefined
  const d = new Date(millis)
  if (Number.isNaN(d.getTime())) return '0NaN-NaN-NaNTNaN:NaN:NaN.NaNZ'
  // jsonata's default picture [Y0001] keeps the last four digits of the year, sign in front
  const year = d.getUTCFullYear() % 10000
  const y = year < 0 ? '-' + pad(-year, 4) : pad(year, 4)
  return `${y}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}Z`
}

function numbersOnly(args: number[] | undefined, reduce: (nums: number[]) => number | undefined): number | undefined {
  return args === undefined ? undefined : reduce(args)
}

const def = (signature: string, impl: (...args: any[]) => unknown, maxArgs?: number): Builtin => ({ signature: parseSignature(signature), impl, maxArgs })

/** The built-ins compiled expressions can call, keyed by name (without `$`). */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map([
  ['sum', def('<a<n>:n>', (a?: number[]) => numbersOnly(a, (n) => n.reduce((t, v) => t + v, 0)))],
  ['count', def('<a:n>', (a?: unknown[]) => (a === undefined ? 0 : a.length))],
  ['max', def('<a<n>:n>', (a?: number[]) => numbersOnly(a, (n) => (n.length === 0 ? undefined : Math.max(...n))))],
  ['min', def('<a<n>:n>', (a?: number[]) => numbersOnly(a, (n) => (n.length === 0 ? undefined : Math.min(...n))))],
  ['average', def('<a<n>:n>', (a?: number[]) => numbersOnly(a, (n) => (n.length === 0 ? undefined : n.reduce((t, v) => t + v, 0) / n.length)))],
  ['string', def('<x-b?:s>', (arg: unknown, prettify?: boolean) => castString(arg, prettify))],
  ['substring', def('<s-nn?:s>', substring)],
  ['substringBefore', def('<s-s:s>', (s?: string, c?: string) => (s === undefined ? undefined : s.indexOf(c as string) > -1 ? s.substr(0, s.indexOf(c as string)) : s))],
  ['substringAfter', def('<s-s:s>', (s?: string, c?: string) => (s === undefined ? undefined : s.indexOf(c as string) > -1 ? s.substr(s.indexOf(c as string) + (c as string).length) : s))],
  ['lowercase', def('<s-:s>', (s?: string) => s?.toLowerCase())],
  ['uppercase', def('<s-:s>', (s?: string) => s?.toUpperCase())],
  ['length', def('<s-:n>', (s?: string) => (s === undefined ? undefined : chars(s).length))],
  ['trim', def('<s-:s>', trim)],
  ['contains', def('<s-(sf):b>', contains)],
  ['split', def('<s-(sf)n?:a<s>>', split)],
  ['join', def('<a<s>s?:s>', (strs?: string[], sep?: string) => strs?.join(sep ?? ''))],
  ['number', def('<(nsb)-:n>', toNumber)],
  ['floor', def('<n-:n>', (n?: number) => (n === undefined ? undefined : Math.floor(n)))],
  ['ceil', def('<n-:n>', (n?: number) => (n === undefined ? undefined : Math.ceil(n)))],
  ['round', def('<n-n?:n>', round)],
  ['abs', def('<n-:n>', (n?: number) => (n === undefined ? undefined : Math.abs(n)))],
  ['boolean', def('<x-:b>', toBoolean)],
  ['not', def('<x-:b>', (v: unknown) => (v === undefined ? undefined : !toBoolean(v)))],
  ['exists', def('<x:b>', (v: unknown) => v !== undefined)],
  ['toMillis', def('<s-s?:n>', toMillis, 1)],
  ['fromMillis', def('<n-s?s?:s>', fromMillis, 1)],
])

/** Every name jsonata binds to a function by default, including `$now` and `$millis`. */
export const JSONATA_FUNCTION_NAMES: ReadonlySet<string> = new Set([
  'sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'substringBefore', 'substringAfter', 'lowercase',
  'uppercase', 'length', 'trim', 'pad', 'match', 'contains', 'replace', 'split', 'join', 'formatNumber', 'formatBase',
  'formatInteger', 'parseInteger', 'number', 'floor', 'ceil', 'round', 'abs', 'sqrt', 'power', 'random', 'boolean',
  'not', 'map', 'zip', 'filter', 'single', 'reduce', 'sift', 'keys', 'lookup', 'append', 'exists', 'spread', 'merge',
  'reverse', 'each', 'error', 'assert', 'type', 'sort', 'shuffle', 'distinct', 'base64encode', 'base64decode',
  'encodeUrlComponent', 'encodeUrl', 'decodeUrlComponent', 'decodeUrl', 'eval', 'toMillis', 'fromMillis', 'clone',
  'now', 'millis',
])
