/**
 * @module Maestro's expression fields: JSONata compiled to JavaScript closures where the expression
 * stays inside the compiled subset, and evaluated by jsonata itself everywhere else. Both paths
 * return plain objects and arrays and raise `expression_failed`.
 */
import jsonata from 'jsonata'
import { MaestroError } from '../errors.ts'
import { NeedsJsonata, Unsupported, type Evaluator } from './ast.ts'
import { compileAst, wrapInput } from './compile.ts'
import { compileError, evaluationError } from './expression-error.ts'
import { JSONATA_FUNCTION_NAMES } from './functions.ts'
import { stripSequence, toPlainDeep } from './values.ts'

/** Context variables, visible in expressions as `$name` (`$config`, `$cursor`, `$now`…). */
export type Bindings = Record<string, unknown>

/** A compiled expression. */
export interface Expression {
  readonly source: string
  /** True when the whole expression runs as compiled JavaScript; false when jsonata evaluates it. */
  readonly fast: boolean
  /** Why the expression is not compiled (the first construct outside the subset), when `fast` is false. */
  readonly fallbackReason?: string
  evaluate(input: unknown, bindings?: Bindings): Promise<unknown>
  /**
   * Present iff `fast`. Throws `expression_failed` with `details.code: 'needs_jsonata'` when the bindings
   * make jsonata's own semantics necessary: a binding named like a built-in the expression calls
   * (`string`, `join`…), or a built-in name read as a variable (`$now`) that is not bound.
   */
  evaluateSync?: (input: unknown, bindings?: Bindings) => unknown
}

const hasOwn = Object.prototype.hasOwnProperty
const isEnumerable = Object.prototype.propertyIsEnumerable
/** jsonata binds exactly `Object.keys(bindings)`; hasOwnProperty first, as it is the cheaper test. */
const isBound = (b: Bindings, name: string): boolean => hasOwn.call(b, name) && isEnumerable.call(b, name)

function asBindings(bindings: unknown): Bindings | undefined {
  return typeof bindings === 'object' && bindings !== null ? (bindings as Bindings) : undefined
}

/** Why these bindings need jsonata, or undefined when the compiled form is exact for them. */
function bindingConflict(calls: string[], builtinReads: string[], b: Bindings | undefined): string | undefined {
  for (const name of calls) if (b !== undefined && isBound(b, name)) return `the binding $${name} shadows the built-in function $${name}()`
  for (const name of builtinReads) if (b === undefined || !isBound(b, name)) return `$${name} is not bound, so it names jsonata's built-in function`
  return undefined
}

function compiledExpression(source: string, run: Evaluator, calls: string[], builtinReads: string[], viaJsonata: Expression['evaluate']): Expression {
  const checked = calls.length > 0 || builtinReads.length > 0
  // one environment per expression, refilled per call: compiled evaluation is synchronous and never
  // re-enters the same expression, so nothing can observe the reuse (and a record costs no allocation)
  const env: { bindings: Bindings | undefined; root: unknown } = { bindings: undefined, root: undefined }
  const runWith = (input: unknown, b: Bindings | undefined): unknown => {
    env.bindings = b
    env.root = input
    try {
      return stripSequence(run(wrapInput(input), env))
    } finally {
      env.bindings = undefined
      env.root = undefined
    }
  }
  const evaluateSync = (input: unknown, bindings?: Bindings): unknown => {
    const b = asBindings(bindings)
    const conflict = checked ? bindingConflict(calls, builtinReads, b) : undefined
    if (conflict !== undefined) {
      throw new MaestroError('expression_failed', `This evaluation needs jsonata (${conflict}); call evaluate() instead of evaluateSync().`, {
        details: { code: 'needs_jsonata' },
      })
    }
    try {
      return runWith(input, b)
    } catch (err) {
      if (err instanceof NeedsJsonata) {
        throw new MaestroError('expression_failed', `This evaluation needs jsonata (${err.message}); call evaluate() instead of evaluateSync().`, {
          cause: err,
          details: { code: 'needs_jsonata' },
        })
      }
      throw evaluationError(err)
    }
  }
  return {
    source,
    fast: true,
    evaluateSync,
    async evaluate(input, bindings) {
      const b = asBindings(bindings)
      if (checked && bindingConflict(calls, builtinReads, b) !== undefined) return viaJsonata(input, bindings)
      try {
        return runWith(input, b)
      } catch (err) {
        if (err instanceof NeedsJsonata || (err as { firstOfSeveral?: boolean } | null)?.firstOfSeveral) return viaJsonata(input, bindings)
        throw evaluationError(err)
      }
    },
  }
}

/**
 * Compile a JSONata expression once; evaluate it many times. Syntax errors throw `expression_failed`
 * with `details: { code, position, token }`, `position` being jsonata's character position.
 * @example
 * const name = compileExpression('first_name & " " & last_name')
 * name.evaluateSync?.({ first_name: 'Ada', last_name: 'Lovelace' }) // 'Ada Lovelace'
 */
export function compileExpression(source: string): Expression {
  let parsed: jsonata.Expression
  try {
    parsed = jsonata(source)
  } catch (err) {
    throw compileError(err)
  }
  const viaJsonata: Expression['evaluate'] = async (input, bindings) => {
    try {
      return toPlainDeep(await parsed.evaluate(input, bindings))
    } catch (err) {
      throw evaluationError(err)
    }
  }
  try {
    const { run, usage } = compileAst(parsed.ast() as never)
    const builtinReads = [...usage.variables].filter((name) => JSONATA_FUNCTION_NAMES.has(name))
    return compiledExpression(source, run, [...usage.calls], builtinReads, viaJsonata)
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err
    return { source, fast: false, fallbackReason: err.message, evaluate: viaJsonata }
  }
}
