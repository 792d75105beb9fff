/**
 * @module JSONata's binary operators for compiled expressions: arithmetic, comparison, equality,
 * `&`, `in`, `and`, `or`. Operand order, type errors (T2001, T2002, T2009, T2010) and the position
 * stamped on them follow jsonata's `evaluateBinary`.
 */
import { NeedsJsonata, Unsupported, type AstNode, type Compile, type Evaluator } from './ast.ts'
import { boolize, castString, deepEqual, isNumeric, JsonataError } from './values.ts'

type Operator = (lhs: unknown, rhs: unknown) => unknown

function numeric(compute: (l: number, r: number) => number, op: string): Operator {
  return (l, r) => {
    if (l !== undefined && !isNumeric(l)) throw new JsonataError('T2001', `The left side of the ${op} operator must evaluate to a number`, { value: l })
    if (r !== undefined && !isNumeric(r)) throw new JsonataError('T2002', `The right side of the ${op} operator must evaluate to a number`, { value: r })
    if (l === undefined || r === undefined) return undefined
    return compute(l as number, r as number)
  }
}

function comparison(compare: (l: string | number, r: string | number) => boolean, op: string): Operator {
  return (l, r) => {
    const lt = typeof l
    const rt = typeof r
    const lok = lt === 'undefined' || lt === 'string' || lt === 'number'
    const rok = rt === 'undefined' || rt === 'string' || rt === 'number'
    if (!lok || !rok) {
      const value = lt === 'string' || lt === 'number' ? r : l
      throw new JsonataError('T2010', `The expressions either side of operator ${op} must evaluate to numeric or string values`, { value })
    }
    if (lt === 'undefined' || rt === 'undefined') return undefined
    if (lt !== rt) throw new JsonataError('T2009', `The values either side of operator ${op} must be of the same data type`, { value: l })
    return compare(l as string | number, r as string | number)
  }
}

const OPERATORS: Record<string, Operator> = {
  '+': numeric((l, r) => l + r, '+'),
  '-': numeric((l, r) => l - r, '-'),
  '*': numeric((l, r) => l * r, '*'),
  '/': numeric((l, r) => l / r, '/'),
  '%': numeric((l, r) => l % r, '%'),
  '=': (l, r) => l !== undefined && r !== undefined && deepEqual(l, r),
  '!=': (l, r) => l !== undefined && r !== undefined && !deepEqual(l, r),
  '<': comparison((l, r) => l < r, '<'),
  '<=': comparison((l, r) => l <= r, '<='),
  '>': comparison((l, r) => l > r, '>'),
  '>=': comparison((l, r) => l >= r, '>='),
  '&': (l, r) => (l === undefined ? '' : castString(l)!) + (r === undefined ? '' : castString(r)!),
  in: (l, r) => {
    if (l === undefined || r === undefined) return false
    const items = Array.isArray(r) ? r : [r]
    for (const item of items) if (item === l) return true
    return false
  },
}

function stamp(err: unknown, position: number | undefined, token: string): void {
  if (err !== null && typeof err === 'object' && !(err instanceof NeedsJsonata)) {
    const e = err as { position?: number; token?: string }
    e.position = position
    e.token = token
  }
}

/** Compile a `binary` node; `..` (range) is outside the subset. */
export function compileBinary(node: AstNode, compile: Compile): Evaluator {
  const op = String(node.value)
  const lhs = compile(node.lhs as AstNode)
  const rhs = compile(node.rhs!)
  const position = node.position
  if (op === 'and' || op === 'or') {
    const isAnd = op === 'and'
    return (input, env) => {
      const l = lhs(input, env)
      // jsonata evaluates the right side inside the operator's error scope, so its errors carry and/or's position
      try {
        const lb = boolize(l)
        if (isAnd) return lb && boolize(rhs(input, env))
        return lb || boolize(rhs(input, env))
      } catch (err) {
        stamp(err, position, op)
        throw err
      }
    }
  }
  if (op === '&') {
    // the commonest operator in mappings gets its own closure (no table dispatch)
    return (input, env) => {
      const l = lhs(input, env)
      const r = rhs(input, env)
      try {
        return (l === undefined ? '' : typeof l === 'string' ? l : castString(l)!) + (r === undefined ? '' : typeof r === 'string' ? r : castString(r)!)
      } catch (err) {
        stamp(err, position, op)
        throw err
      }
    }
  }
  const apply = OPERATORS[op]
  if (apply === undefined) throw new Unsupported(`operator ${op}`)
  return (input, env) => {
    const l = lhs(input, env)
    const r = rhs(input, env)
    try {
      return apply(l, r)
    } catch (err) {
      stamp(err, position, op)
      throw err
    }
  }
}
