/**
 * @module Every template and expression compiles, reads only context that exists where it sits
 * (see context.ts), and names only declared connection fields in `config.*` / `credentials.*`.
 */
import { CREDENTIAL_TOKEN_FIELDS, EXPRESSION_VARIABLES, TEMPLATE_NAMES, placeOf } from './context.ts'
import { diagnostic, type Diagnostic } from './diagnostic.ts'
import { freeVariables, rootNames, type Ref } from './expression-refs.ts'
import { parseExpression, parseTemplate, type ParsedPart } from './parse-jsonata.ts'
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
    const parts = found.kind === 'template' ? parseTemplate(found.source) : [parseExpression(found.source)]
    for (const part of parts) {
      if (part.error) {
        const what = found.kind === 'template' ? 'template' : 'expression'
        out.push(diagnostic(file, positions.innerSpan(found.path, part.error.offset, part.error.length), 'expression_syntax',
          `${what} syntax error in \`${dotted(found.path)}\`: ${part.error.message}`))
        continue
      }
      const refs = found.kind === 'template' ? rootNames(part.ast!, part.source) : freeVariables(part.ast!, part.source)
      const allowed = found.kind === 'template' ? place.template : place.expression
      for (const ref of refs) out.push(...checkRef(ref, found.kind, allowed, names, found.path, part, positions, file))
    }
  }
  return out
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
