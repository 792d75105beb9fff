/**
 * @module Turns jsonata's error objects (and the compiled evaluator's equivalents) into
 * `expression_failed` MaestroErrors. Messages name the problem by code only: jsonata's own messages
 * may quote the offending value, and a value can be a credential.
 */
import { MaestroError } from '../errors.ts'

const DESCRIPTIONS: Record<string, string> = {
  S0101: 'a string literal is not terminated',
  S0102: 'a number is out of range',
  S0103: 'unsupported escape sequence',
  S0104: '\\u must be followed by 4 hex digits',
  S0105: 'a quoted property name is not terminated with a backquote',
  S0106: 'a comment is not closed',
  S0201: 'syntax error',
  S0202: 'unexpected token',
  S0203: 'the expression ends too early',
  S0204: 'unknown operator',
  S0205: 'unexpected token',
  S0207: 'unexpected end of expression',
  S0208: 'function parameters must be variable names',
  S0211: 'this symbol cannot be used as a unary operator',
  S0212: 'the left side of := must be a variable name',
  S0213: 'a literal value cannot be a step in a path',
  S0217: 'the parent of this expression cannot be derived',
  S0301: 'empty regular expression',
  S0302: 'unterminated regular expression',
  T0410: 'a function argument does not match the function signature',
  T0411: 'the context value does not fit the function argument',
  T0412: 'a function argument must be an array of one type',
  D1001: 'a number is out of range',
  D1002: 'cannot negate a non-numeric value',
  T1003: 'object keys must be strings',
  T1005: 'attempted to call a non-function (missing $?)',
  T1006: 'attempted to call a non-function',
  D1009: 'two object keys evaluate to the same key',
  T2001: 'the left side of an arithmetic operator is not a number',
  T2002: 'the right side of an arithmetic operator is not a number',
  T2003: 'the left side of the range operator is not an integer',
  T2004: 'the right side of the range operator is not an integer',
  T2006: 'the right side of ~> is not a function',
  T2009: 'the two sides of a comparison have different types',
  T2010: 'a comparison needs numbers or strings on both sides',
  D3001: 'cannot turn Infinity or NaN into a string',
  D3020: 'the limit of $split must be positive',
  D3030: 'the value cannot be cast to a number',
  D3110: 'the argument of $toMillis is not an ISO 8601 timestamp',
}

interface JsonataLike {
  code?: unknown
  position?: unknown
  token?: unknown
}

function fields(err: unknown): { code?: string; position?: number; token?: string } {
  if (err === null || typeof err !== 'object') return {}
  const e = err as JsonataLike
  return {
    code: typeof e.code === 'string' ? e.code : undefined,
    position: typeof e.position === 'number' ? e.position : undefined,
    token: typeof e.token === 'string' ? e.token : undefined,
  }
}

function describe(code: string | undefined, err: unknown): string {
  if (code !== undefined) return `${DESCRIPTIONS[code] ?? 'JSONata error'} (${code})`
  return err instanceof Error ? err.message : 'evaluation error'
}

/**
 * A syntax error in an expression; `details.position` is jsonata's character position in the source.
 * With `offset` (where the expression starts inside a template), the position is shifted by it and
 * `details.offset` is set.
 */
export function compileError(err: unknown, offset?: number): MaestroError {
  const { code, position, token } = fields(err)
  const at = position === undefined ? offset : position + (offset ?? 0)
  return new MaestroError('expression_failed', `Invalid JSONata expression: ${describe(code, err)}${at === undefined ? '' : ` at character ${at}`}.`, {
    cause: err,
    details: { code, position: at, token, ...(offset !== undefined && { offset }) },
  })
}

/** A runtime error of an expression, from jsonata or from its compiled form. */
export function evaluationError(err: unknown): MaestroError {
  if (err instanceof MaestroError) return err
  const { code, position, token } = fields(err)
  // set by compiled constructors: several members failed and jsonata might have reported another one
  const several = (err as { firstOfSeveral?: boolean } | null)?.firstOfSeveral === true
  return new MaestroError('expression_failed', `JSONata evaluation failed: ${describe(code, err)}${position === undefined ? '' : ` at character ${position}`}.`, {
    cause: err,
    details: { code, position, token, ...(several && { firstOfSeveral: true }) },
  })
}
