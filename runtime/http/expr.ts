/**
 * @module Expression adapter for the HTTP layer: the one place that reaches the expression engine.
 *
 * Temporary: wraps `jsonata` directly with the same shapes as `runtime/mapping`'s
 * `compileExpression` / `compileTemplate`; once that module is in the tree this file only
 * re-exports it, and no caller changes.
 */
import jsonata from 'jsonata'
import { MaestroError } from '../errors.ts'

/** A compiled bare expression, evaluated against a focus document. */
export interface Expression {
  readonly source: string
  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>
}

/** A piece of a template: literal text, or a compiled expression. */
export type TemplatePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'expression'; readonly source: string; readonly expression: Expression }

/** A compiled `{{ }}` template, evaluated with the context object as input and as bindings. */
export interface Template {
  readonly source: string
  readonly parts: readonly TemplatePart[]
  render(context: Record<string, unknown>): Promise<unknown>
}

/** Compile a JSONata expression once; failures become `expression_failed`. */
export function compileExpression(source: string): Expression {
  let compiled: ReturnType<typeof jsonata>
  try {
    compiled = jsonata(source)
  } catch (cause) {
    throw new MaestroError('expression_failed', `Cannot compile expression \`${source}\`: ${(cause as Error).message}`, { cause })
  }
  return {
    source,
    async evaluate(input, bindings) {
      try {
        return await compiled.evaluate(input as never, bindings)
      } catch (cause) {
        throw new MaestroError('expression_failed', `Expression \`${source}\` failed: ${(cause as Error).message}`, { cause })
      }
    },
  }
}

/**
 * Compile a `{{ }}` template: no `{{` renders the text; exactly one `{{ expr }}` renders the raw
 * value; mixed text renders a string, or undefined when any value is undefined or null.
 */
export function compileTemplate(text: string): Template {
  const parts: TemplatePart[] = []
  let at = 0
  for (const m of text.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    if (m.index > at) parts.push({ kind: 'text', text: text.slice(at, m.index) })
    parts.push({ kind: 'expression', source: m[1], expression: compileExpression(m[1]) })
    at = m.index + m[0].length
  }
  if (at < text.length || parts.length === 0) parts.push({ kind: 'text', text: text.slice(at) })
  const render = async (context: Record<string, unknown>): Promise<unknown> => {
    if (parts.length === 1) {
      const only = parts[0]
      return only.kind === 'text' ? only.text : only.expression.evaluate(context, context)
    }
    let out = ''
    for (const part of parts) {
      if (part.kind === 'text') { out += part.text; continue }
      const value = await part.expression.evaluate(context, context)
      if (value === undefined || value === null) return undefined
      out += typeof value === 'string' ? value : JSON.stringify(value)
    }
    return out
  }
  return { source: text, parts, render }
}
