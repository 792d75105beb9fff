/**
 * @module Object and array constructors (`{ "k": expr }`, `[a, b]`) for compiled expressions. Objects
 * come out as plain literals with fast properties (jsonata's are null-prototype dictionaries); keys
 * whose value is undefined are left out, exactly as jsonata does.
 */
import { NeedsJsonata, Unsupported, type AstNode, type Compile, type Evaluator } from './ast.ts'
import { append, assignPlain, isFunctionValue, stripSequence, type Sequence } from './values.ts'

const hasOwn = Object.prototype.hasOwnProperty

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

/** The names when a node is a bare path of one or two plain steps (`first_name`, `location.city`). */
function shortPath(node: AstNode): string[] | undefined {
  const steps = node.steps
  if (node.type !== 'path' || steps === undefined || steps.length > 2 || node.keepArray || node.keepSingletonArray || node.group !== undefined || node.tuple) return undefined
  const plain = steps.every((step) => step.type === 'name' && !step.stages && !step.predicate && !step.keepArray && step.group === undefined && !step.tuple && step.focus === undefined && step.index === undefined)
  return plain ? steps.map((step) => String(step.value)) : undefined
}

/** A non-array object jsonata would look properties up in. */
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !isFunctionValue(v)

/** Compile an object constructor whose keys are string literals (others are outside the subset). */
export function compileObject(node: AstNode, compile: Compile): Evaluator {
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
  const direct = keys.map((k) => shortPath(pairs[seen[k]][1]))
  const n = keys.length
  const build = objectBuilder(keys)
  const scratch = new Array<unknown>(n)
  return (input, env) => {
    let data: unknown = input
    if (Array.isArray(input)) {
      data = input[0]
      for (let i = 1; i < input.length; i++) data = append(data, input[i])
    }
    // fields that are one or two plain names read the record directly: the common mapping case.
    // Same result as the path's closure, which still handles an array met on the way.
    const record = isRecord(data)
    let failure: unknown
    let failures = 0
    for (let i = 0; i < n; i++) {
      const names = direct[i]
      if (record && names !== undefined) {
        const first = hasOwn.call(data, names[0]) ? (data as Record<string, unknown>)[names[0]] : undefined
        if (names.length === 1) {
          scratch[i] = first
          continue
        }
        if (!Array.isArray(first)) {
          scratch[i] = isRecord(first) && hasOwn.call(first, names[1]) ? first[names[1]] : undefined
          continue
        }
      }
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

/** Compile an array constructor that is not a path step. */
export function compileArray(node: AstNode, compile: Compile): Evaluator {
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
