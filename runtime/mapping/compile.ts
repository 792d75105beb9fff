/**
 * @module Compiles the subset of JSONata used in mappings into JavaScript closures. Each closure
 * returns exactly what jsonata 2.2's evaluator returns for the same node, or throws the same error
 * code; any node outside the subset raises `Unsupported` so the whole expression stays on jsonata.
 */
import { NeedsJsonata, Unsupported, type AstNode, type Compile, type Evaluator, type Usage } from './ast.ts'
import { compileArray, compileObject } from './compile-object.ts'
import { compilePath, withPredicates } from './compile-path.ts'
import { BUILTINS } from './functions.ts'
import { compileBinary } from './operators.ts'
import { createSequence, isNumeric, JsonataError, toBoolean, type Sequence } from './values.ts'

const hasOwn = Object.prototype.hasOwnProperty
const isEnumerable = Object.prototype.propertyIsEnumerable

/** A variable as jsonata resolves it: an own enumerable binding, otherwise nothing. */
function variable(name: string): Evaluator {
  return (_input, env) => {
    const b = env.bindings
    return b !== undefined && hasOwn.call(b, name) && isEnumerable.call(b, name) ? b[name] : undefined
  }
}

function compileVariable(node: AstNode, usage: Usage): Evaluator {
  const name = String(node.value)
  if (name === '') return (input) => (input && (input as Sequence).outerWrapper ? (input as unknown[])[0] : input)
  if (name === '$') return (_input, env) => env.root
  usage.variables.add(name)
  return variable(name)
}

function compileNegation(node: AstNode, compile: Compile): Evaluator {
  const operand = compile(node.expression!)
  const position = node.position
  return (input, env) => {
    const v = operand(input, env)
    if (v === undefined) return undefined
    if (isNumeric(v)) return -v
    throw new JsonataError('D1002', 'Cannot negate a non-numeric value', { value: v, position, token: '-' })
  }
}

function compileCall(node: AstNode, compile: Compile, usage: Usage): Evaluator {
  const proc = node.procedure
  if (proc?.type !== 'variable' || proc.predicate || proc.keepArray) throw new Unsupported('call of a computed function')
  const name = String(proc.value)
  const builtin = BUILTINS.get(name)
  if (builtin === undefined) throw new Unsupported(`function $${name}`)
  const argNodes = node.arguments ?? []
  if (builtin.maxArgs !== undefined && argNodes.length > builtin.maxArgs) throw new Unsupported(`$${name} with ${argNodes.length} arguments`)
  usage.calls.add(name)
  const args = argNodes.map(compile)
  const literal = argNodes.map((a) => (a.type === 'string' || a.type === 'number' || a.type === 'value') && !a.predicate && !a.keepArray)
  const constants = argNodes.map((a, i) => (literal[i] ? a.value : undefined))
  const count = args.length
  const position = node.position
  const { impl, signature } = builtin
  // scratch arrays are safe to reuse: a node is never evaluated again while its own arguments are
  const values = new Array<unknown>(count)
  const validated: unknown[] = []
  return (input, env) => {
    for (let i = 0; i < count; i++) values[i] = literal[i] ? constants[i] : args[i](input, env)
    try {
      const a = signature.validate(values, input, validated)
      return impl(a[0], a[1], a[2], a[3])
    } catch (err) {
      // jsonata stamps every error raised inside a function with the call's position and name
      if (err !== null && typeof err === 'object' && !(err instanceof NeedsJsonata)) {
        const e = err as { position?: number; token?: string }
        e.position = position
        if (e.token === undefined) e.token = name
      }
      throw err
    }
  }
}

function compileCondition(node: AstNode, compile: Compile): Evaluator {
  const test = compile(node.condition!)
  const then = compile(node.then!)
  const otherwise = node.else === undefined ? undefined : compile(node.else)
  return (input, env) => {
    if (toBoolean(test(input, env))) return then(input, env)
    return otherwise === undefined ? undefined : otherwise(input, env)
  }
}

function compileBlock(node: AstNode, compile: Compile): Evaluator {
  const parts = (node.expressions ?? []).map(compile)
  if (parts.length === 1) return parts[0]
  return (input, env) => {
    let result: unknown
    for (const part of parts) result = part(input, env)
    return result
  }
}

function compileBase(node: AstNode, compile: Compile, usage: Usage): Evaluator {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const value = node.value
      return () => value
    }
    case 'variable':
      return compileVariable(node, usage)
    case 'binary':
      return compileBinary(node, compile)
    case 'condition':
      return compileCondition(node, compile)
    case 'block':
      return compileBlock(node, compile)
    case 'function':
      return compileCall(node, compile, usage)
    case 'unary':
      if (node.value === '-') return compileNegation(node, compile)
      if (node.value === '[' && !node.consarray) return compileArray(node, compile)
      if (node.value === '{') return compileObject(node, compile)
      break
  }
  throw new Unsupported(`${node.type} ${node.value ?? ''}`.trim())
}

/**
 * Compile a processed jsonata AST into a closure, recording which built-ins it calls and which
 * variables it reads. Throws `Unsupported` for anything outside the compiled subset.
 */
export function compileAst(root: AstNode): { run: Evaluator; usage: Usage } {
  const usage: Usage = { calls: new Set(), variables: new Set() }
  const compile: Compile = (node) => {
    if (node.group !== undefined || node.tuple || node.seekingParent !== undefined) {
      throw new Unsupported('grouping, positional binding or parent reference')
    }
    if (node.type === 'path') return compilePath(node, compile)
    const base = compileBase(node, compile, usage)
    // every closure already returns a normalised value, and no node of the subset other than a
    // path creates a sequence, so only predicates and `[]` need jsonata's normalisation step here
    if (!node.predicate && !node.keepArray) return base
    return withPredicates(node, base, compile)
  }
  return { run: compile(root), usage }
}

/** Wrap a top-level array input the way jsonata does, so paths treat it as one item. */
export function wrapInput(input: unknown): unknown {
  if (!Array.isArray(input) || (input as Sequence).sequence === true) return input
  const wrapped = createSequence(input)
  wrapped.outerWrapper = true
  return wrapped
}

