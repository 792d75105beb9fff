/**
 * @module Expression adapter for the HTTP layer: the one place that reaches the JSONata engine.
 *
 * Temporary: wraps `jsonata` directly until `runtime/mapping` exposes `compileExpression` /
 * `compileTemplate`; then this file only re-exports those, and no caller changes.
 */
import jsonata from 'jsonata'
import { MaestroError } from '../errors.ts'

/** A compiled bare expression, evaluated against a focus document. */
export interface CompiledExpression {
  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>
  evaluateSync?(input: unknown, bindings?: Record<string, unknown>): unknown
}

/** A compiled `{{ }}` template, evaluated with the context object as input. */
export interface CompiledTemplate {
  render(context: unknown): Promise<unknown>
  renderSync?(context: unknown): unknown
}

const PART = /\{\{([\s\S]*?)\}\}/g

/** Compile a JSONata expression once; evaluation errors become `expression_failed`. */
export function compileExpression(source: string): CompiledExpression {
  let compiled: ReturnType<typeof jsonata>
  try {
    compiled = jsonata(source)
  } catch (cause) {
    throw new MaestroError('expression_failed', `Cannot compile expression \`${source}\`: ${(cause as Error).message}`, { cause })
  }
  return {
    async evaluate(input, bindings) {
      try {
        return await compiled.evaluate(input as never, bindings)
      } catch (cause) {
        throw new MaestroError('expression_failed', `Expression \`${source}\` failed: ${(cause as Error).message}`, { cause })
      }
    },
  }
}

/** Compile a `{{ }}` template; exactly one `{{ expr }}` yields the raw value, undefined parts yield undefined. */
export function compileTemplate(text: string): CompiledTemplate {
  const parts = splitTemplate(text)
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const literal = parts[0]
    return { render: async () => literal, renderSync: () => literal }
  }
  const compiled = parts.map((p) => (typeof p === 'string' ? p : compileExpression(p.expr)))
  if (compiled.length === 1) {
    const only = compiled[0] as CompiledExpression
    return { render: (ctx) => only.evaluate(ctx) }
  }
  return {
    async render(ctx) {
      let out = ''
      for (const part of compiled) {
        if (typeof part === 'string') { out += part; continue }
        const value = await part.evaluate(ctx)
        if (value === undefined) return undefined
        out += typeof value === 'string' ? value : JSON.stringify(value)
      }
      return out
    },
  }
}

/** Split a template into literal text and `{{ expr }}` parts. */
export function splitTemplate(text: string): Array<string | { expr: string }> {
  const parts: Array<string | { expr: string }> = []
  let last = 0
  for (const m of text.matchAll(PART)) {
    if (m.index > last) parts.push(text.slice(last, m.index))
    parts.push({ expr: m[1].trim() })
    last = m.index + m[0].length
  }
  if (last < text.length || parts.length === 0) parts.push(text.slice(last))
  return parts
}
