/**
 * @module `{{ expr }}` templates in manifest strings (`"https://{{ config.subdomain }}.bamboohr.com"`).
 * Each `{{ }}` holds a JSONata expression evaluated with the context object as its input (so
 * `config.subdomain` works bare) and as its bindings (so `$config.subdomain` works too).
 */
import { MaestroError } from '../errors.ts'
import { compileExpression, type Expression } from './expression.ts'
import { evaluationError } from './expression-error.ts'
import { castString } from './values.ts'

/** A piece of a template: literal text, or an expression with its character offset in the template. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly source: string; readonly offset: number; readonly expression: Expression }

/** Options for rendering; `encode` is applied to each interpolated value of a template that has text. */
export interface RenderOptions {
  encode?: (value: string) => string
}

/**
 * A compiled template. Rendering rules:
 * - no `{{` at all: the text is a constant and renders as itself;
 * - exactly one `{{ expr }}` and nothing else (not even spaces): the raw value (number, object, undefined…);
 * - text mixed with expressions: a string, each value cast as JSONata's `$string` does; if any
 *   expression yields `undefined` or `null` the whole template renders `undefined`, so a caller can
 *   drop the query parameter or header rather than send "undefined".
 */
export interface Template {
  readonly source: string
  readonly parts: readonly TemplatePart[]
  readonly expressions: readonly Expression[]
  render(context: Record<string, unknown>, options?: RenderOptions): Promise<unknown>
  /** Present iff every expression is compiled (`fast`). */
  renderSync?: (context: Record<string, unknown>, options?: RenderOptions) => unknown
}

/**
 * Whether a string contains a `{{ }}` expression (a string without one is a constant).
 * @example
 * isTemplate('/users/{{ id }}') // true
 */
export function isTemplate(text: string): boolean {
  return text.includes('{{')
}

/** Index of the `}}` closing an expression that starts at `from`, skipping strings, comments and nested braces. */
function closingBraces(text: string, from: number): number {
  let depth = 0
  for (let i = from; i < text.length; i++) {
    const c = text[i]
    if (c === '"' || c === "'" || c === '`') {
      i++
      while (i < text.length && text[i] !== c) i += c !== '`' && text[i] === '\\' ? 2 : 1
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      if (end === -1) return -1
      i = end + 1
    } else if (c === '{') {
      depth++
    } else if (c === '}') {
      if (depth === 0 && text[i + 1] === '}') return i
      if (depth > 0) depth--
    }
  }
  return -1
}

/**
 * Split a template into text and expression sources with their offsets; throws on an unclosed `{{`.
 * @example
 * splitTemplate('a{{ b }}') // [{ kind: 'text', text: 'a' }, { kind: 'expression', source: ' b ', offset: 3 }]
 */
export function splitTemplate(text: string): ({ kind: 'text'; text: string } | { kind: 'expression'; source: string; offset: number })[] {
  const parts: ({ kind: 'text'; text: string } | { kind: 'expression'; source: string; offset: number })[] = []
  let at = 0
  for (;;) {
    const open = text.indexOf('{{', at)
    if (open === -1) break
    if (open > at) parts.push({ kind: 'text', text: text.slice(at, open) })
    const close = closingBraces(text, open + 2)
    if (close === -1) {
      throw new MaestroError('expression_failed', `Unclosed "{{" at character ${open} of a template.`, {
        details: { code: 'template_unclosed', offset: open, position: open },
      })
    }
    parts.push({ kind: 'expression', source: text.slice(open + 2, close), offset: open + 2 })
    at = close + 2
  }
  if (at < text.length || parts.length === 0) parts.push({ kind: 'text', text: text.slice(at) })
  return parts
}

/** Re-anchor an expression error's position from the expression source to the template string. */
function anchored(err: unknown, offset: number): MaestroError {
  const e = evaluationError(err)
  const details = (e.details ?? {}) as { position?: number }
  const position = typeof details.position === 'number' ? details.position + offset : offset
  const message = e.message.replace(/ at character \d+\.$/, '.') + ` (template character ${position})`
  return new MaestroError('expression_failed', message, { cause: e, details: { ...details, offset, position } })
}

function compilePart(source: string, offset: number): Expression {
  try {
    return compileExpression(source)
  } catch (err) {
    throw anchored(err, offset)
  }
}

/**
 * Compile a template once. Syntax errors throw `expression_failed` whose `details.offset` is the
 * index in `text` where the failing expression starts and `details.position` the index of the error.
 * @example
 * const url = compileTemplate('https://{{ config.subdomain }}.bamboohr.com/api/v1')
 * url.renderSync?.({ config: { subdomain: 'acme' } }) // 'https://acme.bamboohr.com/api/v1'
 */
export function compileTemplate(text: string): Template {
  const parts: TemplatePart[] = splitTemplate(text).map((p) =>
    p.kind === 'text' ? p : { ...p, expression: compilePart(p.source, p.offset) },
  )
  const exprParts = parts.filter((p): p is Extract<TemplatePart, { kind: 'expression' }> => p.kind === 'expression')
  const expressions = exprParts.map((p) => p.expression)
  const base = { source: text, parts, expressions }

  if (exprParts.length === 0) {
    return { ...base, render: async () => text, renderSync: () => text }
  }
  if (parts.length === 1) {
    const only = exprParts[0]
    const renderSync = only.expression.evaluateSync
    return {
      ...base,
      async render(context) {
        try {
          return await only.expression.evaluate(context, context)
        } catch (err) {
          throw anchored(err, only.offset)
        }
      },
      ...(renderSync && {
        renderSync(context: Record<string, unknown>) {
          try {
            return renderSync(context, context)
          } catch (err) {
            throw anchored(err, only.offset)
          }
        },
      }),
    }
  }

  const join = (values: unknown[], options?: RenderOptions): string | undefined => {
    let out = ''
    let next = 0
    for (const part of parts) {
      if (part.kind === 'text') {
        out += part.text
        continue
      }
      const value = values[next++]
      if (value === undefined || value === null) return undefined
      let str: string
      try {
        str = castString(value)!
      } catch (err) {
        throw anchored(err, part.offset)
      }
      out += options?.encode ? options.encode(str) : str
    }
    return out
  }
  const allFast = expressions.every((e) => e.evaluateSync !== undefined)
  return {
    ...base,
    async render(context, options) {
      const values: unknown[] = []
      for (const part of exprParts) {
        try {
          values.push(await part.expression.evaluate(context, context))
        } catch (err) {
          throw anchored(err, part.offset)
        }
      }
      return join(values, options)
    },
    ...(allFast && {
      renderSync(context: Record<string, unknown>, options?: RenderOptions) {
        const values = exprParts.map((part) => {
          try {
            return part.expression.evaluateSync!(context, context)
          } catch (err) {
            throw anchored(err, part.offset)
          }
        })
        return join(values, options)
      },
    }),
  }
}
