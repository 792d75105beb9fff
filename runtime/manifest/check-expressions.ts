/**
 * @module Every template and expression compiles, reads only context that exists where it sits
 * (see context.ts), and names only declared connection fields in `config.*` / `credentials.*`.
 */
import { CREDENTIAL_TOKEN_FIELDS, EXPRESSION_VARIABLES, TEMPLATE_NAMES, placeOf } from './context.ts'
import { diagnostic, type Diagnostic } from './diagnostic.ts'
import { JSONATA_FUNCTIONS, freeVariables, rootNames, type Ref } from './expression-refs.ts'
import { parseField, type ParsedPart } from './parse-jsonata.ts'
import { dotted, type Path, type Positions } from './positions.ts'
import { didYouMean } from './suggest.ts'
import { findStrings } from './walk.ts'

/** Names `config.*` and `credentials.*` may take in this manifest. */
export interface ConnectionNames {
  config: Set<string>
  credentials: Set<string>
}

/** Declared connection fields split by secrecy; oauth kinds add their token fields to credentials. */
export function connectionNames(doc: unknown): ConnectionNames {
  const m = (doc ?? {}) as { connection?: Record<string, { secret?: unknown }>; auth?: { type?: unknown; callbackParams?: unknown } }
  const config = new Set<string>()
  const credentials = new Set<string>()
  for (const [name, field] of Object.entries(isObject(m.connection) ? m.connection : {})) {
    ;(isObject(field) && field.secret === true ? credentials : config).add(name)
  }
  // Redirect parameters such as QuickBooks' realmId are captured into config at consent.
  if (isObject(m.auth) && Array.isArray(m.auth.callbackParams)) for (const p of m.auth.callbackParams) config.add(String(p))
  if (isObject(m.auth) && String(m.auth.type).startsWith('oauth2')) for (const f of CREDENTIAL_TOKEN_FIELDS) credentials.add(f)
  return { config, credentials }
}

/** Check every template and expression of a (possibly schema-invalid) document. */
export function checkExpressions(doc: unknown, positions: Positions, file: string): Diagnostic[] {
  const names = connectionNames(doc)
  const out: Diagnostic[] = []
  for (const found of findStrings(doc)) {
    const place = placeOf(found.path, doc)
    const allowed = found.kind === 'template' ? place.template : place.expression
    const { parts, variables } = parseField(found.source, found.kind)
    for (const part of parts) {
      if (!part.error) continue
      const what = found.kind === 'template' ? 'template' : 'expression'
      out.push(diagnostic(file, positions.innerSpan(found.path, part.error.offset, part.error.length), 'expression_syntax',
        `${what} syntax error in \`${dotted(found.path)}\`: ${part.error.message}`))
    }
    if (parts.some((p) => p.error)) continue
    // Which names are read is the runtime's call (referencedVariables); where they sit, ours.
    const located = parts.flatMap((part) => refsOf(part, found.kind).map((ref) => ({ ref, part })))
    for (const name of variables) {
      // A JSONata function passed as a value (`$map(xs, $string)`) is the function, not context.
      if (JSONATA_FUNCTIONS.has(name) && !allowed.has(name)) continue
      const hits = located.filter(({ ref }) => ref.name === name)
      if (hits.length === 0) hits.push({ ref: { name, start: 0, end: 0 }, part: parts[0] ?? { start: 0, source: found.source } })
      const shown = new Set<string>()
      for (const { ref, part } of hits) {
        for (const d of checkRef(ref, found.kind, allowed, names, found.path, part, positions, file)) {
          // One report per name (or per field of config/credentials), at its first use.
          if (!shown.has(d.message)) out.push(d)
          shown.add(d.message)
        }
      }
    }
  }
  return out
}

/** Names with positions: in templates both bare roots (`config.x`) and `$variables` read the context. */
function refsOf(part: ParsedPart, kind: 'template' | 'expression'): Ref[] {
  if (!part.ast) return []
  const vars = freeVariables(part.ast, part.source)
  return kind === 'template' ? [...rootNames(part.ast, part.source), ...vars] : vars
}

function checkRef(
  ref: Ref, kind: 'template' | 'expression', allowed: ReadonlySet<string>, names: ConnectionNames,
  path: Path, part: ParsedPart, positions: Positions, file: string,
): Diagnostic[] {
  const shown = kind === 'template' ? ref.name : `$${ref.name}`
  if (!allowed.has(ref.name)) {
    const table = kind === 'template' ? TEMPLATE_NAMES : EXPRESSION_VARIABLES
    const where = table[ref.name]
    const available = [...allowed].map((n) => (kind === 'template' ? n : `$${n}`))
    const hint = didYouMean(shown, available)
      ?? `Available here: ${available.join(', ')}${kind === 'expression' ? ' (and JSONata functions)' : ''}.`
    const message = where
      ? `\`${shown}\` is not available in \`${dotted(path)}\`: it exists only ${where}`
      : `unknown ${kind === 'template' ? 'name' : 'variable'} \`${shown}\` in \`${dotted(path)}\``
    return [diagnostic(file, positions.innerSpan(path, part.start + ref.start, ref.end - ref.start), 'unknown_variable', message, { hint })]
  }
  const set = ref.name === 'config' ? names.config : ref.name === 'credentials' && kind === 'template' ? names.credentials : undefined
  if (set && ref.field && !set.has(ref.field.name)) {
    const field = ref.field
    const other = ref.name === 'config' ? names.credentials : names.config
    const message = other.has(field.name)
      ? `\`${shown}.${field.name}\`: connection field \`${field.name}\` is ${ref.name === 'config' ? 'secret, read it as `credentials.' : 'not secret, read it as `config.'}${field.name}\``
      : `\`${shown}.${field.name}\` names no ${ref.name === 'config' ? 'non-secret' : 'secret'} connection field`
    const hint = didYouMean(field.name, [...set]) ?? (set.size ? `Declared: ${[...set].join(', ')}.` : undefined)
    return [diagnostic(file, positions.innerSpan(path, part.start + field.start, field.end - field.start), 'unknown_connection_field', message, hint ? { hint } : {})]
  }
  return []
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)
