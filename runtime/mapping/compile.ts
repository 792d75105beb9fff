/**
 * @module Compiles the subset of JSONata used in mappings into JavaScript closures. Each closure
 * returns exactly what jsonata 2.2's evaluator returns for the same node, or throws the same error
 * code; any node outside the subset raises `Unsupported` so the whole expression stays on jsonata.
 */
import { NeedsJsonata, Unsupported, type AstNode, type Compile, type Env, type Evaluator, type Usage } from './ast.ts'
import { compilePath, withPredicates } from './compile-path.ts'
import { BUILTINS } from './functions.ts'
import { compileBinary } from './operators.ts'
import { append, assignPlain, createSequence, isNumeric, JsonataError, stripSequence, toBoolean, type Sequence } from './values.ts'

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

/**
 * jsonata evaluates the members of an object or array constructor concurrently (Promise.all), so
 * when several fail, the error it reports is whichever rejects first, which depends on its internal
 * await depth. The compiled form reports the first member's error and flags it, so that `evaluate()`
 * can ask jsonata for the exact one.
 */
function concurrentFailure(err: unknown, count: number): unknown {
  if (count > 1 && err !== null && typeof err === 'object') (err as { firstOfSeveral?: boolean }).firstOfSeveral = true
  return err
}

function compileObject(node: AstNode, compile: Compile): Evaluator {
  const pairs = node.lhs as [AstNode, AstNode][]
  const seen = Object.create(null) as Record<string, number>
  pairs.forEach(([key], i) => {
    if (key.type !== 'string' || key.predicate || key.keepArray || key.group !== undefined) throw new Unsupported('computed object key')
    const k = String(key.value)
    if (k in seen) throw new Unsupported(`duplicate object key ${k}`)
    if (k === '_jsonata_lambda' || k === '_jsonata_function') throw new Unsupported(`reserved object key ${k}`)
    seen[k] = i
  })
  // jsonata fills its result in the key order of a dictionary: integer-like keys first
  const keys = Object.keys(seen)
  const values = keys.map((k) => compile(pairs[seen[k]][1]))
  const n = keys.length
  const build = objectBuilder(keys)
  const scratch = new Array<unknown>(n)
  return (input, env) => {
    let data: unknown = input
    if (Array.isArray(input)) {
      data = input[0]
      for (let i = 1; i < input.length; i++) data = append(data, input[i])
    }
    let failure: unknown
    let failures = 0
    for (let i = 0; i < n; i++) {
      let v: unknown
      try {
        v = values[i](data, env)
      } catch (err) {
        if (err instanceof NeedsJsonata) throw err
        if (failures++ === 0) failure = err
        continue
      }
      scratch[i] = Array.isArray(v) && (v as Sequence).sequence === true ? stripSequence(v) : v
    }
    if (failures > 0) throw concurrentFailure(failure, failures)
    return build(scratch)
  }
}

/**
 * Builds result objects with fast properties. Adding keys one by one regrows the property store
 * several times per object, so each combination of present keys gets a template (parsed from JSON,
 * which sizes it exactly) that is copied with spread and then filled in.
 */
function objectBuilder(keys: string[]): (values: unknown[]) => Record<string, unknown> {
  const n = keys.length
  const templates = new Map<number, object>()
  let lastMask = -1
  let lastTemplate: object = {}
  const slow = (values: unknown[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    for (let i = 0; i < n; i++) if (values[i] !== undefined) assignPlain(out, keys[i], values[i])
    return out
  }
  if (n > 30) return slow
  const template = (mask: number): object | undefined => {
    if (templates.size >= 64) return undefined
    const shape: Record<string, null> = {}
    for (let i = 0; i < n; i++) if (mask & (1 << i)) assignPlain(shape, keys[i], null)
    const made = JSON.parse(JSON.stringify(shape)) as Record<string, unknown>
    // store a number then null so every field accepts any value without changing the object's map later
    for (const key of Object.keys(made)) { made[key] = 0; made[key] = null }
    templates.set(mask, made)
    return made
  }
  return (values) => {
    let mask = 0
    for (let i = 0; i < n; i++) if (values[i] !== undefined) mask |= 1 << i
    let tpl: object | undefined = lastTemplate
    if (mask !== lastMask) {
      tpl = templates.get(mask) ?? template(mask)
      if (tpl === undefined) return slow(values)
      lastMask = mask
      lastTemplate = tpl
    }
    const out: Record<string, unknown> = { ...tpl }
    for (let i = 0; i < n; i++) if (mask & (1 << i)) out[keys[i]] = values[i]
    return out
  }
}

function compileArray(node: AstNode, compile: Compile): Evaluator {
  const items = (node.expressions ?? []).map((item) => ({ run: compile(item), nested: item.type === 'unary' && item.value === '[' }))
  return (input, env) => {
    let failure: unknown
    let failures = 0
    const values = items.map((item) => {
      try {
        return item.run(input, env)
      } catch (err) {
        if (err instanceof NeedsJsonata) throw err
        if (failures++ === 0) failure = err
        return undefined
      }
    })
    if (failures > 0) throw concurrentFailure(failure, failures)
    let result: unknown[] = []
    items.forEach((item, i) => {
      const v = values[i]
      if (v === undefined) return
      if (item.nested) result.push(v)
      else result = append(result, v) as unknown[]
    })
    return result
  }
}

function compileNegation(node: AstNode, compile: Compile): Evaluator {
  const operand = compile(node.expression!)
  const position = node.position
  return (input, env) => {
    const v = operand(input, env)
    if (v === undefined) return undefined
    if (isNumeric(v)) return -v
    throw new JsonataError('D1002', `Cannot negate a non-numeric value: ${JSON.stringify(v)}`, { value: v, position, token: '-' })
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
  const count = args.length
  const position = node.position
  const { impl, signature } = builtin
  // scratch arrays are safe to reuse: a node is never evaluated again while its own arguments are
  const values = new Array<unknown>(count)
  const validated: unknown[] = []
  return (input, env) => {
    for (let i = 0; i < count; i++) values[i] = args[i](input, env)
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

export type { Env }
