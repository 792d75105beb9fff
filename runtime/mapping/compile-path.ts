/**
 * @module Compiles JSONata location paths (`a.b.c`, `$var.a`, `items[0].name`, `data.{ … }`) and
 * predicates into closures. A path of plain names walks objects with property reads and drops into
 * jsonata's general map-and-flatten algorithm only when it meets an array.
 */
import { Unsupported, type AstNode, type Compile, type Env, type Evaluator } from './ast.ts'
import { createSequence, isArrayOfNumbers, isFunctionValue, isNumeric, isSequence, lookup, normalize, pushItems, toBoolean } from './values.ts'

const hasOwn = Object.prototype.hasOwnProperty

type StepEvaluator = (item: unknown, env: Env) => unknown

/** jsonata's `evaluateFilter`: a number literal indexes, any other predicate is evaluated per item. */
export function compileFilter(predicate: AstNode, compile: Compile): (input: unknown, env: Env) => unknown[] {
  if (predicate.type === 'number') {
    const literal = predicate.value as number
    return (input) => {
      const items = Array.isArray(input) ? input : createSequence(input)
      let index = Math.floor(literal)
      if (index < 0) index = items.length + index
      const item = items[index]
      if (item === undefined) return createSequence()
      return Array.isArray(item) ? item : createSequence(item)
    }
  }
  const test = compile(predicate)
  return (input, env) => {
    const results = createSequence()
    const items = Array.isArray(input) ? input : createSequence(input)
    for (let index = 0; index < items.length; index++) {
      const item = items[index]
      let res = test(item, env)
      if (isNumeric(res)) res = [res]
      if (isArrayOfNumbers(res)) {
        for (const n of res as number[]) {
          let i = Math.floor(n)
          if (i < 0) i = items.length + i
          if (i === index) results.push(item)
        }
      } else if (toBoolean(res)) {
        results.push(item)
      }
    }
    return results
  }
}

/** Apply a node's trailing predicates (`expr[…]`) and jsonata's result normalisation. */
export function withPredicates(node: AstNode, base: Evaluator, compile: Compile): Evaluator {
  const filters = (node.predicate ?? []).map((p) => {
    if (p.type !== 'filter') throw new Unsupported(`predicate of type ${p.type}`)
    return compileFilter(p.expr, compile)
  })
  const keep = node.keepArray === true
  if (filters.length === 0) return (input, env) => normalize(base(input, env), keep)
  return (input, env) => {
    let result = base(input, env)
    for (const filter of filters) result = filter(result, env)
    return normalize(result, keep)
  }
}

function compileStep(step: AstNode, index: number, last: boolean, compile: Compile): StepEvaluator {
  if (step.tuple || step.focus !== undefined || step.index !== undefined || step.ancestor !== undefined || step.group !== undefined) {
    throw new Unsupported('positional or focus binding in a path')
  }
  let base: StepEvaluator
  if (step.type === 'name') {
    if (step.predicate) throw new Unsupported('predicate on a name node')
    const name = String(step.value)
    const keep = step.keepArray === true
    base = (item) => normalize(lookup(item, name), keep)
  } else if ((step.type === 'variable' && index === 0) || step.type === 'function' || (step.type === 'unary' && step.value === '{' && last)) {
    base = compile(step)
  } else {
    throw new Unsupported(`${step.type} ${step.value ?? ''} as a path step`)
  }
  const stages = (step.stages ?? []).map((stage) => {
    if (stage.type !== 'filter') throw new Unsupported(`path stage ${stage.type}`)
    return compileFilter(stage.expr, compile)
  })
  if (stages.length === 0) return base
  return (item, env) => {
    let res = base(item, env)
    for (const stage of stages) res = stage(res, env)
    return res
  }
}

function evaluateStep(step: StepEvaluator, inputs: unknown[], env: Env, last: boolean): unknown[] {
  const results: unknown[] = []
  for (let i = 0; i < inputs.length; i++) {
    const res = step(inputs[i], env)
    if (res !== undefined) results.push(res)
  }
  // a lone array produced by the last step is returned as-is: jsonata keeps input arrays whole
  if (last && results.length === 1 && Array.isArray(results[0]) && !isSequence(results[0])) return results[0] as unknown[]
  const out = createSequence()
  for (const res of results) {
    if (!Array.isArray(res) || (res as { cons?: boolean }).cons) out.push(res)
    else pushItems(out, res)
  }
  return out
}

function runSteps(steps: StepEvaluator[], from: number, inputs: unknown[], env: Env): unknown[] {
  let result: unknown[] = inputs
  for (let i = from; i < steps.length; i++) {
    result = evaluateStep(steps[i], inputs, env, i === steps.length - 1)
    if (result.length === 0) break
    inputs = result
  }
  return result
}

/** Compile a `path` node; `compile` compiles the nodes inside it (steps, predicates). */
export function compilePath(node: AstNode, compile: Compile): Evaluator {
  if (node.tuple || node.group !== undefined || node.seekingParent !== undefined) throw new Unsupported('grouping or parent reference on a path')
  const stepNodes = node.steps ?? []
  if (stepNodes.length === 0) throw new Unsupported('empty path')
  const steps = stepNodes.map((s, i) => compileStep(s, i, i === stepNodes.length - 1, compile))
  const firstIsVariable = stepNodes[0].type === 'variable'
  const keepSingleton = node.keepSingletonArray === true
  const keep = node.keepArray === true

  const general: Evaluator = (input, env) => {
    const inputs = Array.isArray(input) && !firstIsVariable ? input : createSequence(input)
    const result = runSteps(steps, 0, inputs, env)
    if (keepSingleton && isSequence(result)) result.keepSingleton = true
    return normalize(result, keep)
  }

  const plain = stepNodes.every((s, i) => (s.type === 'name' || (i === 0 && s.type === 'variable' && !s.predicate)) && !s.stages && !s.keepArray)
  if (!plain || keepSingleton || keep) return general
  return compilePlainPath(stepNodes, steps, firstIsVariable, general)
}

/**
 * The common case, `a.b.c` or `$var.a.b`: while each step yields one non-array value, a step is one
 * own-property read; the first array met hands the rest of the path to the general algorithm.
 */
function compilePlainPath(stepNodes: AstNode[], steps: StepEvaluator[], firstIsVariable: boolean, general: Evaluator): Evaluator {
  const names = stepNodes.map((s) => String(s.value))
  const count = names.length
  const first = firstIsVariable ? steps[0] : undefined
  const start = firstIsVariable ? 1 : 0

  const spill = (value: unknown[], next: number, env: Env): unknown => {
    // jsonata flattens an array met mid-path into the sequence the next step maps over
    if (value.length === 0) return undefined
    const items = createSequence()
    pushItems(items, value)
    return normalize(runSteps(steps, next, items, env), false)
  }

  if (first === undefined && count === 1) {
    const name = names[0]
    return (input, env) => {
      if (typeof input !== 'object' || input === null) return undefined
      if (Array.isArray(input)) return general(input, env)
      if (!hasOwn.call(input, name) || isFunctionValue(input)) return undefined
      return (input as Record<string, unknown>)[name]
    }
  }
  if (first === undefined && count === 2) {
    const [outer, inner] = names
    return (input, env) => {
      if (typeof input !== 'object' || input === null) return undefined
      if (Array.isArray(input)) return general(input, env)
      if (!hasOwn.call(input, outer) || isFunctionValue(input)) return undefined
      const mid = (input as Record<string, unknown>)[outer]
      if (typeof mid !== 'object' || mid === null) return undefined
      if (Array.isArray(mid)) return spill(mid, 1, env)
      if (!hasOwn.call(mid, inner) || isFunctionValue(mid)) return undefined
      return (mid as Record<string, unknown>)[inner]
    }
  }
  return (input, env) => {
    let cur: unknown
    if (first !== undefined) {
      cur = first(input, env)
      if (cur === undefined) return undefined
      if (Array.isArray(cur)) {
        if (isSequence(cur)) return general(input, env)
        return count === 1 ? cur : spill(cur, 1, env)
      }
    } else {
      if (Array.isArray(input)) return general(input, env)
      cur = input
    }
    for (let i = start; i < count; i++) {
      if (typeof cur !== 'object' || cur === null || !hasOwn.call(cur, names[i]) || isFunctionValue(cur)) return undefined
      cur = (cur as Record<string, unknown>)[names[i]]
      if (cur === undefined) return undefined
      if (Array.isArray(cur)) {
        if (i === count - 1) return cur
        return spill(cur, i + 1, env)
      }
    }
    return cur
  }
}
