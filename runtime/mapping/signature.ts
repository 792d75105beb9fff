/**
 * @module Argument validation for built-in functions, driven by JSONata's signature strings
 * (`<s-nn?:s>`). It reproduces jsonata's rules: context substitution for `-`, singleton arrays for
 * `a`, and the T0410 / T0411 / T0412 errors with the same argument index.
 */
import { isFunctionValue, JsonataError } from './values.ts'

interface Param {
  regex: string
  type: string
  context?: boolean
  contextRegex?: RegExp
  subtype?: string
}

/** A parsed signature: `validate` returns the arguments to call the implementation with, or throws. */
export interface Signature {
  readonly definition: string
  /** The arguments to call the implementation with (written into `out` when given), or a T04xx error. */
  validate(args: unknown[], context: unknown, out?: unknown[]): unknown[]
}

const TYPE_NAMES: Record<string, string> = { a: 'arrays', b: 'booleans', f: 'functions', n: 'numbers', o: 'objects', s: 'strings' }

/** The one-letter type jsonata assigns to a value; `m` (missing) for undefined. */
export function typeSymbol(value: unknown): string {
  if (isFunctionValue(value)) return 'f'
  switch (typeof value) {
    case 'string': return 's'
    case 'number': return 'n'
    case 'boolean': return 'b'
    case 'object':
      if (value === null) return 'l'
      return Array.isArray(value) ? 'a' : 'o'
    default: return 'm'
  }
}

function closing(text: string, start: number, open: string, close: string): number {
  let depth = 1
  let pos = start
  while (pos < text.length) {
    pos++
    const ch = text.charAt(pos)
    if (ch === close && --depth === 0) break
    if (ch === open) depth++
  }
  return pos
}

function parseParams(definition: string): Param[] {
  const params: Param[] = []
  let prev: Param | undefined
  for (let pos = 1; pos < definition.length; pos++) {
    const ch = definition.charAt(pos)
    if (ch === ':') break
    const push = (param: Param): void => { params.push(param); prev = param }
    switch (ch) {
      case 's': case 'n': case 'b': case 'l': case 'o':
        push({ regex: `[${ch}m]`, type: ch })
        break
      case 'a': case 'x':
        push({ regex: '[asnblfom]', type: ch })
        break
      case 'f':
        push({ regex: 'f', type: ch })
        break
      case 'j':
        push({ regex: '[asnblom]', type: ch })
        break
      case '-':
        prev!.context = true
        prev!.contextRegex = new RegExp(prev!.regex)
        prev!.regex += '?'
        break
      case '?': case '+':
        prev!.regex += ch
        break
      case '(': {
        const end = closing(definition, pos, '(', ')')
        const choice = definition.substring(pos + 1, end)
        push({ regex: `[${choice}m]`, type: `(${choice})` })
        pos = end
        break
      }
      case '<': {
        const end = closing(definition, pos, '<', '>')
        prev!.subtype = definition.substring(pos + 1, end)
        pos = end
        break
      }
    }
  }
  return params
}

/** How to build the validated arguments for one combination of argument types, or the T0410 it raises. */
type Plan = { mismatchAt: number } | { steps: Step[]; identity: boolean }

type Step =
  | { kind: 'context'; allowed: RegExp; index: number }
  | { kind: 'arg'; from: number }
  | { kind: 'array'; from: number; single: string; match: string; subtype?: string; index: number }

function mismatchIndex(params: Param[], supplied: string): number {
  // the first parameter whose pattern stops matching points at the culprit argument
  let pattern = '^'
  let goodTo = 0
  for (const param of params) {
    pattern += param.regex
    const m = supplied.match(pattern)
    if (m === null) break
    goodTo = m[0].length
  }
  return goodTo
}

function buildPlan(params: Param[], regex: RegExp, supplied: string): Plan {
  const matched = regex.exec(supplied)
  if (matched === null) return { mismatchAt: mismatchIndex(params, supplied) }
  const steps: Step[] = []
  let argIndex = 0
  params.forEach((param, i) => {
    const match = matched[i + 1]
    if (match === '') {
      if (param.context && param.contextRegex) steps.push({ kind: 'context', allowed: param.contextRegex, index: argIndex + 1 })
      else steps.push({ kind: 'arg', from: argIndex++ })
      return
    }
    for (const single of match) {
      if (param.type === 'a') steps.push({ kind: 'array', from: argIndex, single, match, subtype: param.subtype, index: argIndex + 1 })
      else steps.push({ kind: 'arg', from: argIndex })
      argIndex++
    }
  })
  // the arguments pass through unchanged: no context substitution, no array wrapping, none missing
  const identity = steps.length === supplied.length && steps.every((step, i) => step.kind === 'arg' && step.from === i)
  return { steps, identity }
}

function arrayArgument(step: Extract<Step, { kind: 'array' }>, arg: unknown): unknown {
  const { single, match, subtype, index } = step
  if (single === 'm') return undefined
  let ok = true
  if (subtype !== undefined) {
    if (single !== 'a' && match !== subtype) ok = false
    else if (single === 'a' && (arg as unknown[]).length > 0) {
      const items = arg as unknown[]
      const itemType = typeSymbol(items[0])
      ok = itemType === subtype.charAt(0) && items.every((v) => typeSymbol(v) === itemType)
    }
  }
  if (!ok) throw new JsonataError('T0412', `Argument ${index} must be an array of ${TYPE_NAMES[subtype!]}`, { value: arg, index })
  return single === 'a' ? arg : [arg]
}

/** A number per type symbol, to key the plan cache without building strings. */
function typeCode(value: unknown): number {
  switch (typeof value) {
    case 'string': return 1
    case 'number': return 2
    case 'boolean': return 3
    case 'undefined': return 0
    case 'object':
      if (value === null) return 4
      if (isFunctionValue(value)) return 7
      return Array.isArray(value) ? 5 : 6
    default: return typeof value === 'function' ? 7 : 0
  }
}

/** Parse a jsonata signature string into a validator. */
export function parseSignature(definition: string): Signature {
  const params = parseParams(definition)
  const regex = new RegExp('^' + params.map((p) => `(${p.regex})`).join('') + '$')
  // the outcome of jsonata's regex match depends only on the argument types, so it is computed once per combination
  const plans = new Map<number, Plan>()
  let lastKey = -1
  let lastPlan: Plan = { mismatchAt: 0 }
  return {
    definition,
    validate(args, context, out = []) {
      let key = args.length
      for (let i = 0; i < args.length; i++) key = key * 8 + typeCode(args[i])
      let plan = lastPlan
      if (key !== lastKey) {
        plan = plans.get(key) ?? buildPlan(params, regex, Array.from(args, typeSymbol).join(''))
        plans.set(key, plan)
        lastKey = key
        lastPlan = plan
      }
      if ('mismatchAt' in plan) {
        const at = plan.mismatchAt
        throw new JsonataError('T0410', `Argument ${at + 1} does not match the function signature`, { value: args[at], index: at + 1 })
      }
      if (plan.identity) return args
      const steps = plan.steps
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]
        if (step.kind === 'arg') {
          out[i] = args[step.from]
        } else if (step.kind === 'array') {
          out[i] = arrayArgument(step, args[step.from])
        } else {
          if (!step.allowed.test(typeSymbol(context))) {
            throw new JsonataError('T0411', `The context value is not a compatible type with argument ${step.index}`, { value: context, index: step.index })
          }
          out[i] = context
        }
      }
      if (out.length !== steps.length) out.length = steps.length
      return out
    },
  }
}
