/**
 * @module The subset of QuickBooks' query language the simulator understands (quickbooks.md §3–§5):
 * `SELECT * | COUNT(*) FROM <Entity> [WHERE <cond> [AND <cond>]…] [ORDER BY <field> [ASC|DESC]]
 * [STARTPOSITION n] [MAXRESULTS m]`, conditions `<field> <op> <literal>` and `<field> IN (<literal>, …)`.
 * Anything else is refused with a message, so a connector that sends more than this is caught in tests.
 */

export type QboLiteral = string | number | boolean
export type QboCondition =
  | { field: string; op: '=' | '!=' | '<' | '>' | '<=' | '>='; value: QboLiteral }
  | { field: string; op: 'in'; values: QboLiteral[] }

/** A parsed statement. */
export interface QboQuery {
  entity: string
  count: boolean
  where: QboCondition[]
  orderBy?: { field: string; desc: boolean }
  /** 1-based (quickbooks.md §4). */
  startPosition: number
  maxResults: number
}

/** A statement the simulator refuses; the routes answer it with a ValidationFault. */
export class QboQueryError extends Error {}

/** MAXRESULTS when the statement has none, and its ceiling (both unverified in quickbooks.md §4). */
export const DEFAULT_MAX_RESULTS = 100
export const MAX_RESULTS_LIMIT = 1000

// §9.5: the timestamp literal needs an offset with a colon (Airbyte rewrites +0000 to +00:00). The simulator
// reads that strictly: a date-time literal must end in ±HH:MM; `Z` and `+0000` are refused.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(T|$)/
const TOKEN = /\s*(?:('(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_][\w.]*)|(<=|>=|!=|<>|[=<>(),*]))/y

type Token = { kind: 'string' | 'number' | 'word' | 'symbol'; text: string }

function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  let at = 0
  while (at < sql.length && sql.slice(at).trim() !== '') {
    TOKEN.lastIndex = at
    const m = TOKEN.exec(sql)
    if (!m) throw new QboQueryError(`QueryParserError: unexpected text at "${sql.slice(at).trim().slice(0, 20)}"`)
    if (m[1] !== undefined) tokens.push({ kind: 'string', text: m[1].slice(1, -1).replace(/\\(.)/g, '$1') })
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2] })
    else if (m[3] !== undefined) tokens.push({ kind: 'word', text: m[3] })
    else tokens.push({ kind: 'symbol', text: m[4] === '<>' ? '!=' : m[4] })
    at = TOKEN.lastIndex
  }
  return tokens
}

/**
 * Parse one statement.
 * @example
 * parseQboQuery("select * from Employee where Active IN (true,false) STARTPOSITION 1 MAXRESULTS 200").maxResults // 200
 */
export function parseQboQuery(sql: string): QboQuery {
  const t = tokenize(sql)
  let i = 0
  const peekWord = (...words: string[]) => t[i]?.kind === 'word' && words.includes(t[i].text.toUpperCase())
  const word = (...words: string[]) => {
    if (!peekWord(...words)) throw new QboQueryError(`QueryParserError: expected ${words.join(' or ')} near "${t[i]?.text ?? 'the end'}"`)
    return t[i++].text.toUpperCase()
  }
  const symbol = (s: string) => {
    if (t[i]?.kind !== 'symbol' || t[i].text !== s) throw new QboQueryError(`QueryParserError: expected "${s}" near "${t[i]?.text ?? 'the end'}"`)
    i++
  }
  const integer = (what: string) => {
    const tok = t[i++]
    const n = Number(tok?.text)
    if (tok?.kind !== 'number' || !Number.isInteger(n) || n < 1) throw new QboQueryError(`QueryValidationError: ${what} must be a positive integer`)
    return n
  }
  const literal = (): QboLiteral => {
    const tok = t[i++]
    if (tok?.kind === 'string') {
      if (DATE_LIKE.test(tok.text) && tok.text.includes('T') && !DATE_TIME.test(tok.text)) {
        throw new QboQueryError(`QueryValidationError: invalid date-time literal '${tok.text}' (expected an offset such as -08:00)`)
      }
      return tok.text
    }
    if (tok?.kind === 'number') return Number(tok.text)
    if (tok?.kind === 'word' && /^(true|false)$/i.test(tok.text)) return tok.text.toLowerCase() === 'true'
    throw new QboQueryError(`QueryParserError: expected a value near "${tok?.text ?? 'the end'}"`)
  }
  const field = () => {
    const tok = t[i++]
    if (tok?.kind !== 'word') throw new QboQueryError(`QueryParserError: expected a field near "${tok?.text ?? 'the end'}"`)
    return tok.text
  }

  word('SELECT')
  let count = false
  if (peekWord('COUNT')) {
    i++
    symbol('(')
    symbol('*')
    symbol(')')
    count = true
  } else {
    symbol('*')
  }
  word('FROM')
  const entity = field()
  const where: QboCondition[] = []
  if (peekWord('WHERE')) {
    i++
    for (;;) {
      const f = field()
      if (peekWord('IN')) {
        i++
        symbol('(')
        const values = [literal()]
        while (t[i]?.text === ',') { i++; values.push(literal()) }
        symbol(')')
        where.push({ field: f, op: 'in', values })
      } else {
        const op = t[i++]
        if (op?.kind !== 'symbol' || !['=', '!=', '<', '>', '<=', '>='].includes(op.text)) throw new QboQueryError(`QueryParserError: unsupported operator "${op?.text ?? 'the end'}"`)
        where.push({ field: f, op: op.text as '=', value: literal() })
      }
      if (!peekWord('AND')) break
      i++
    }
    if (peekWord('OR')) throw new QboQueryError('QueryParserError: OR is not supported')
  }
  let orderBy: QboQuery['orderBy']
  if (peekWord('ORDER', 'ORDERBY')) {
    if (word('ORDER', 'ORDERBY') === 'ORDER') word('BY')
    const f = field()
    const dir = peekWord('ASC', 'DESC') ? t[i++].text.toUpperCase() : 'ASC'
    orderBy = { field: f, desc: dir === 'DESC' }
  }
  let startPosition = 1
  let maxResults = DEFAULT_MAX_RESULTS
  while (peekWord('STARTPOSITION', 'MAXRESULTS')) {
    if (t[i++].text.toUpperCase() === 'STARTPOSITION') startPosition = integer('STARTPOSITION')
    else maxResults = Math.min(integer('MAXRESULTS'), MAX_RESULTS_LIMIT)
  }
  if (i < t.length) throw new QboQueryError(`QueryParserError: unexpected "${t[i].text}"`)
  return { entity, count, where, ...(orderBy ? { orderBy } : {}), startPosition, maxResults }
}

/** Read a dotted field with QuickBooks' case-insensitive names (`Metadata.LastUpdatedTime` reads `MetaData`). */
export function readField(record: object, path: string): unknown {
  let value: unknown = record
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined
    const key = Object.keys(value).find((k) => k.toLowerCase() === part.toLowerCase())
    value = key === undefined ? undefined : (value as Record<string, unknown>)[key]
  }
  return value
}

function compare(a: unknown, b: QboLiteral): number | undefined {
  if (a === undefined || a === null) return undefined
  if (typeof b === 'string' && typeof a === 'string' && DATE_LIKE.test(b) && DATE_LIKE.test(a)) return Date.parse(a) - Date.parse(b)
  if (typeof b === 'number') return Number(a) - b
  if (typeof b === 'boolean') return a === b ? 0 : undefined
  const x = String(a)
  return x === b ? 0 : x < b ? -1 : 1
}

function matches(record: object, c: QboCondition): boolean {
  const value = readField(record, c.field)
  if (c.op === 'in') return c.values.some((v) => compare(value, v) === 0)
  const d = compare(value, c.value)
  if (d === undefined) return c.op === '!='
  return { '=': d === 0, '!=': d !== 0, '<': d < 0, '>': d > 0, '<=': d <= 0, '>=': d >= 0 }[c.op]
}

/**
 * Filter, order and page `records`. `activeOnly` applies QuickBooks' list-entity default: without a
 * condition on `Active`, inactive rows are left out (quickbooks.md §5).
 */
export function runQboQuery<T extends object>(q: QboQuery, records: Iterable<T>, options: { activeOnly: boolean }): { rows: T[]; total: number } {
  const mentionsActive = q.where.some((c) => c.field.toLowerCase() === 'active')
  let rows = [...records].filter((r) => q.where.every((c) => matches(r, c)))
  if (options.activeOnly && !mentionsActive) rows = rows.filter((r) => readField(r, 'Active') !== false)
  const byId = (a: T, b: T) => Number(readField(a, 'Id')) - Number(readField(b, 'Id'))
  rows.sort((a, b) => {
    if (!q.orderBy) return byId(a, b)
    const va = readField(a, q.orderBy.field)
    const vb = readField(b, q.orderBy.field)
    const d = typeof va === 'string' && typeof vb === 'string' && DATE_LIKE.test(va) ? Date.parse(va) - Date.parse(vb) : va === vb ? 0 : String(va) < String(vb) ? -1 : 1
    return (q.orderBy.desc ? -d : d) || byId(a, b)
  })
  return { rows: rows.slice(q.startPosition - 1, q.startPosition - 1 + q.maxResults), total: rows.length }
}
