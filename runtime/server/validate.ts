/**
 * @module Request validation: JSON bodies and query strings checked with ajv against the API's TypeBox
 * schemas, every problem reported as `{ path, message }` under one `invalid_request` error.
 */
import type { Static, TSchema } from '@sinclair/typebox'
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { Context } from 'hono'
import { MaestroError } from '../errors.ts'

/** One problem with the request: the JSON pointer of the value and what is wrong with it. */
export interface FieldProblem {
  path: string
  message: string
}

// Bodies are JSON and must carry real types; query strings are all text, so they are coerced.
const strict = addFormats(new Ajv({ allErrors: true, strict: false }))
const coercing = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: true }))
const caches = new Map<Ajv, WeakMap<object, ValidateFunction>>([[strict, new WeakMap()], [coercing, new WeakMap()]])

// One compile per schema and instance: compiling costs milliseconds, validating microseconds.
function compile(ajv: Ajv, schema: TSchema): ValidateFunction {
  const cache = caches.get(ajv)!
  let fn = cache.get(schema)
  if (!fn) cache.set(schema, (fn = ajv.compile(schema)))
  return fn
}

/** ajv's errors as one `{ path, message }` per problem, under `prefix` (e.g. `/config`). */
export function toProblems(errors: ErrorObject[], prefix = ''): FieldProblem[] {
  const seen = new Set<string>()
  const out: FieldProblem[] = []
  for (const e of errors) {
    let path = `${prefix}${e.instancePath}`
    let message = e.message ?? 'is invalid'
    if (e.keyword === 'required') path = `${path}/${(e.params as { missingProperty: string }).missingProperty}`, message = 'is required'
    else if (e.keyword === 'additionalProperties') path = `${path}/${(e.params as { additionalProperty: string }).additionalProperty}`, message = 'is not a known field'
    // A union's alternatives each complain; the caller needs one line per value.
    if (e.keyword === 'anyOf' || seen.has(path)) continue
    seen.add(path)
    out.push({ path: path || '/', message })
  }
  return out
}

/** Every problem of `value` against `schema` (none when valid); `coerce` converts text to the schema's types in place. */
export function problems(schema: TSchema, value: unknown, options: { coerce?: boolean; prefix?: string } = {}): FieldProblem[] {
  const fn = compile(options.coerce ? coercing : strict, schema)
  return fn(value) ? [] : toProblems(fn.errors ?? [], options.prefix)
}

/** The `invalid_request` error listing `details`. */
export function invalid(details: FieldProblem[], what = 'request body'): MaestroError {
  return new MaestroError('invalid_request', `The ${what} is invalid: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`, { details })
}

/**
 * Validate `value` and return it typed, or throw `invalid_request` listing every problem.
 * @example
 * const body = check(SyncRequest, await c.req.json()) // throws on { full: 'yes' }
 */
export function check<T extends TSchema>(schema: T, value: unknown, options: { coerce?: boolean; prefix?: string; what?: string } = {}): Static<T> {
  const found = problems(schema, value, options)
  if (found.length > 0) throw invalid(found, options.what)
  return value as Static<T>
}

/** Parse and validate the JSON body; an empty body counts as `{}`. */
export async function readBody<T extends TSchema>(c: Context, schema: T): Promise<Static<T>> {
  const text = await c.req.text()
  let value: unknown = {}
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text)
    } catch {
      throw new MaestroError('invalid_request', 'The request body is not valid JSON.', { details: [{ path: '/', message: 'is not valid JSON' }] })
    }
  }
  return check(schema, value)
}

/** Validate the query string (values coerced to the schema's types). */
export function readQuery<T extends TSchema>(c: Context, schema: T): Static<T> {
  return check(schema, { ...c.req.query() }, { coerce: true, what: 'query string' })
}
