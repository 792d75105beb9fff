/**
 * @module Parse JSONata expressions and `{{ }}` templates for validation, with the runtime's own
 * compiler (runtime/mapping): what validates here is what the runtime will run. Each part comes
 * with its syntax tree (for positions of the names it reads) or its error's offset in the text.
 */
import jsonata from 'jsonata'
import { compileExpression, referencedVariables, splitTemplate } from '../mapping/index.ts'

/** A syntax error at a character offset of the parsed text. */
export interface SyntaxProblem {
  offset: number
  length: number
  message: string
}

/** One parsed expression (a whole expression field, or one `{{ }}` part of a template). */
export interface ParsedPart {
  /** Offset of the expression inside the field's text. */
  start: number
  source: string
  ast?: Record<string, any>
  error?: SyntaxProblem
}

/** A parsed field: its parts and the context names it reads (by the runtime's definition). */
export interface ParsedField {
  parts: ParsedPart[]
  variables: Set<string>
}

// Parsing is the costliest check (~0.3 ms per expression); editors and tests re-validate the same
// expressions over and over. Results are only read, never changed, so sharing them is safe.
const CACHE_LIMIT = 5000
const cache = new Map<string, ParsedField>()

/**
 * Parse a whole expression or template field.
 * @example
 * parseField('a +', 'expression').parts[0].error // { offset: 3, length: 0, message: 'Unexpected end of expression' }
 */
export function parseField(text: string, kind: 'template' | 'expression'): ParsedField {
  const key = `${kind}\u0000${text}`
  let parsed = cache.get(key)
  if (!parsed) {
    const parts = kind === 'template' ? templateParts(text) : [expressionPart(text, 0)]
    let variables = new Set<string>()
    if (!parts.some((p) => p.error)) {
      try {
        variables = referencedVariables(text, kind)
      } catch {
        // every part compiled, so this cannot fail; if it does, the parts' own checks still run
      }
    }
    parsed = { parts, variables }
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(key, parsed)
  }
  return parsed
}

function expressionPart(source: string, start: number): ParsedPart {
  if (source.trim() === '') return { start, source, error: { offset: Math.max(0, start - 2), length: source.length + 4, message: 'empty `{{ }}`: put an expression inside' } }
  try {
    compileExpression(source)
    return { start, source, ast: jsonata(source).ast() as Record<string, any> }
  } catch (err) {
    return { start, source, error: problem(err, source, start) }
  }
}

function templateParts(text: string): ParsedPart[] {
  let split: ReturnType<typeof splitTemplate>
  try {
    split = splitTemplate(text)
  } catch (err) {
    const offset = Number((err as { details?: { offset?: number } }).details?.offset ?? 0)
    return [{ start: offset, source: text.slice(offset), error: { offset, length: 2, message: 'unclosed `{{`: end the expression with `}}`' } }]
  }
  return split.flatMap((p) => (p.kind === 'expression' ? [expressionPart(p.source, p.offset)] : []))
}

/** The error's offset in the field: the runtime reports jsonata's position just past the bad token. */
function problem(err: unknown, source: string, start: number): SyntaxProblem {
  // jsonata's own error (the cause) keeps its message and token; the runtime's wrapper only the code.
  const cause = ((err as { cause?: unknown }).cause ?? err) as { message?: unknown; position?: unknown; token?: unknown }
  const message = typeof cause.message === 'string' ? cause.message : String((err as Error)?.message ?? err)
  const end = typeof cause.position === 'number' ? Math.max(0, Math.min(cause.position, source.length)) : 0
  const at = tokenStart(source, end, cause.token)
  return { offset: start + at, length: end - at, message }
}

function tokenStart(source: string, end: number, token: unknown): number {
  if (token === undefined || token === '(end)') return end
  const last = source[end - 1]
  if (last === '"' || last === "'" || last === '`') {
    // A quoted token: jsonata gives its unquoted value, so find the opening quote instead.
    const open = source.lastIndexOf(last, end - 2)
    return open >= 0 ? open : end
  }
  return Math.max(0, end - String(token).length)
}
