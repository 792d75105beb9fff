/**
 * @module Expressions read from a response: the body is the input, `$headers`/`$status`/`$response` are bound.
 */
import { compileExpression } from '../../http/expr.ts'
import type { HttpResponse } from '../../http/types.ts'

/** A compiled expression evaluated against a response. */
export type ResponseExpression = (response: HttpResponse) => Promise<unknown>

/**
 * Compile an expression over responses.
 * @example
 * const next = responseExpression('links.next')
 * await next(response) // 'https://api.harvestapp.com/v2/users?page=2'
 */
export function responseExpression(source: string): ResponseExpression {
  const expr = compileExpression(source)
  return (response) => {
    const bindings = { headers: response.headers, status: response.status, response }
    return expr.evaluate(response.body, bindings)
  }
}

/** Normalise an expression result to an array of records (JSONata unwraps single-item sequences). */
export function asRecords(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}
