/**
 * @module Parse JSONata expressions and `{{ }}` templates for validation: the syntax tree of each
 * part, or the error with its character offset inside the text.
 */
import jsonata from 'jsonata'

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

// Same split as the runtime's templates: `{{`, the shortest text, `}}`.
const PART = /\{\{([\s\S]*?)\}\}/g

/**
 * Parse a bare expression.
 * @example
 * parseExpression('a +').error // { offset: 3, length: 0, message: 'Unexpected end of expression' }
 */
export function parseExpression(source: string, start = 0): ParsedPart {
  let parsed = cache.get(source)
  if (!parsed) {
    try {
      parsed = { ast: jsonata(source).ast() as Record<string, any> }
    } catch (err) {
      parsed = { error: problem(err, source, 0) }
    }
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(source, parsed)
  }
  if (parsed.ast) return { start, source, ast: parsed.ast }
  const error = parsed.error!
  return { start, source, error: { ...error, offset: error.offset + start } }
}

// Parsing is the costliest check (~0.3 ms per expression); editors and tests re-validate the same
// expressions over and over. Trees are only read, never changed, so sharing them is safe.
const CACHE_LIMIT = 5000
const cache = new Map<string, { ast?: Record<string, any>; error?: SyntaxProblem }>()

/** Parse each `{{ }}` part of a template; an unclosed `{{` is an error at its offset. */
export function parseTemplate(text: string): ParsedPart[] {
  const parts: ParsedPart[] = []
  let last = 0
  for (const m of text.matchAll(PART)) {
    const start = m.index + 2
    parts.push(m[1].trim() === ''
      ? { start, source: m[1], error: { offset: m.index, length: m[0].length, message: 'empty `{{ }}`: put an expression inside' } }
      : parseExpression(m[1], start))
    last = m.index + m[0].length
  }
  const open = text.indexOf('{{', last)
  if (open >= 0) parts.push({ start: open, source: text.slice(open), error: { offset: open, length: 2, message: 'unclosed `{{`: end the expression with `}}`' } })
  return parts
}

function problem(err: unknown, source: string, start: number): SyntaxProblem {
  const e = err as { position?: number; token?: unknown; message?: string }
  const end = typeof e.position === 'number' ? Math.max(0, Math.min(e.position, source.length)) : 0
  const at = tokenStart(source, end, e.token)
  return { offset: start + at, length: end - at, message: e.message ?? String(err) }
}

/** Where the token jsonata complains about begins; jsonata reports the offset just past it. */
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
