/**
 * @module Schema validation of a parsed manifest with ajv, turned into one human diagnostic per
 * problem: branch noise of unions collapsed, discriminator misses named, typos suggested.
 */
import type { ErrorObject, ValidateFunction } from 'ajv'
import { loadValidator } from './validator-cache.ts'
import { diagnostic, type Diagnostic, type DiagnosticCode } from './diagnostic.ts'
import { dotted, type Path, type Positions } from './positions.ts'
import { didYouMean } from './suggest.ts'

type Schema = Record<string, any>

let validator: ValidateFunction | undefined

/** The compiled manifest validator, loaded once per process. */
export function manifestValidator(): ValidateFunction {
  validator ??= loadValidator()
  return validator
}

/** Validate `doc` against the connector schema; every problem becomes a positioned diagnostic. */
export function checkSchema(doc: unknown, positions: Positions, file: string): Diagnostic[] {
  const validate = manifestValidator()
  if (validate(doc)) return []
  return collapseUnions(validate.errors ?? []).map((err) => toDiagnostic(err, positions, file))
}

/** Parse an ajv instance path (`/resources/employees/list`) into path segments. */
export function pointerPath(pointer: string): Path {
  if (pointer === '') return []
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

type Collapsed = ErrorObject & { union?: { values: unknown[]; types: string[] } }

/**
 * ajv reports every failed branch of an `anyOf`, then the `anyOf` itself. Keep the branch errors
 * only when the value has the shape of exactly one branch (its errors are then the real ones);
 * otherwise replace them with one "must be one of …" error.
 */
function collapseUnions(errors: ErrorObject[]): Collapsed[] {
  const kept: Collapsed[] = []
  for (const err of errors) {
    if (err.keyword !== 'anyOf') { kept.push(err); continue }
    const prefix = `${err.schemaPath}/`
    const inside = kept.filter((e) => e.schemaPath.startsWith(prefix))
    const rest = kept.filter((e) => !e.schemaPath.startsWith(prefix))
    const branches: Schema[] = (err.schema as Schema[]) ?? []
    const shaped = branches.map((b, i) => ({ b, i })).filter(({ b }) => sameShape(b, err.data))
    const deeper = shaped.length === 1 ? inside.filter((e) => e.schemaPath.startsWith(`${prefix}${shaped[0].i}/`)) : []
    if (deeper.length > 0 && shaped[0].b.type === 'object') rest.push(...deeper)
    else rest.push({ ...err, union: describeUnion(branches) })
    kept.splice(0, kept.length, ...rest)
  }
  return kept
}

function sameShape(schema: Schema, value: unknown): boolean {
  const t = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  return schema.type === t || (schema.type === 'integer' && t === 'number')
}

function describeUnion(branches: Schema[]): { values: unknown[]; types: string[] } {
  const values: unknown[] = []
  const types: string[] = []
  for (const b of branches) {
    if (Array.isArray(b.anyOf)) {
      const inner = describeUnion(b.anyOf)
      values.push(...inner.values)
      types.push(...inner.types)
    } else if ('const' in b) values.push(b.const)
    else if (Array.isArray(b.enum)) values.push(...b.enum)
    else if (typeof b.type === 'string') types.push(b.type)
  }
  return { values, types }
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`)
// Values are quoted in messages, shortened: a misplaced block of JSONata should not fill the screen.
const short = (text: string) => (text.length > 60 ? `${text.slice(0, 57).replace(/\s+/g, ' ')}…` : text.replace(/\s+/g, ' '))
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : typeof v === 'string' ? `the string \`${short(v)}\`` : `${typeof v} \`${short(String(v))}\``)
const list = (xs: unknown[]) => xs.map(String).join(', ')

function toDiagnostic(err: Collapsed, positions: Positions, file: string): Diagnostic {
  const path = pointerPath(err.instancePath)
  const where = dotted(path) || 'the manifest'
  const name = String([...path].reverse().find((s) => !/^\d+$/.test(String(s))) ?? 'manifest')
  const at = (code: DiagnosticCode, message: string, span = positions.valueSpan(path), hint?: string) =>
    diagnostic(file, span, code, message, hint ? { hint } : {})
  const params = err.params as Record<string, any>
  const parent = (err.parentSchema ?? {}) as Schema

  if (err.union) {
    const { values, types } = err.union
    if (values.length > 0 && types.length === 0) {
      const code = name === 'model' ? 'unknown_model' : 'schema_enum'
      const what = name === 'model' && typeof err.data === 'string' ? `unknown model \`${err.data}\`` : `\`${where}\` is ${kind(err.data)}`
      return at(code, `${what}, expected one of ${list(values)}`, undefined, typeof err.data === 'string' ? didYouMean(err.data, values.map(String)) : undefined)
    }
    const accepted = [...types.map(article), ...values.map((v) => `\`${String(v)}\``)]
    return at('schema_type', `\`${where}\` must be ${accepted.slice(0, -1).join(', ')}${accepted.length > 1 ? ' or ' : ''}${accepted.at(-1)}, not ${kind(err.data)}`)
  }

  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty)
      const span = positions.keySpan([...path, key])
      if (!parent.properties && parent.patternProperties) {
        const pattern = Object.keys(parent.patternProperties)[0]
        const noun = name === 'resources' ? 'resource name' : name === 'connection' ? 'connection field name' : `key in \`${where}\``
        return at('invalid_name', `\`${key}\` is not a valid ${noun}: it must match ${pattern}`, span,
          name === 'resources' ? 'Resource names are camelCase: a lower-case letter, then letters and digits.' : undefined)
      }
      const known = Object.keys(parent.properties ?? {})
      return at('schema_unknown_property', path.length ? `unknown property \`${key}\` in \`${where}\`` : `unknown top-level property \`${key}\``, span,
        didYouMean(key, known) ?? `Allowed here: ${known.join(', ')}.`)
    }
    case 'required': {
      const missing = String(params.missingProperty)
      const span = path.length === 0 ? positions.span(0) : positions.keySpan(path)
      if (missing === 'stop' && name === 'paginate') {
        const type = (err.data as Record<string, unknown>)?.type
        return at('missing_stop_rule', `\`${type}\` pagination in \`${where}\` needs a \`stop\` rule: short_page, empty_page, total_pages or has_more`, span)
      }
      return at('schema_required', `${path.length ? `\`${where}\`` : 'the manifest'} is missing the required property \`${missing}\``, span)
    }
    case 'discriminator': {
      const tag = String(params.tag)
      const expected = (parent.oneOf as Schema[] ?? []).map((m) => m.properties?.[tag]?.const).filter((v) => v !== undefined).map(String)
      const value = (err.data as Record<string, unknown>)?.[tag]
      if (params.error === 'mapping' && typeof value === 'string') {
        return at('unknown_type', `unknown ${name} ${tag} \`${value}\`, expected one of ${expected.join(', ')}`,
          positions.valueSpan([...path, tag]), didYouMean(value, expected) ?? `Use one of ${expected.join(', ')}.`)
      }
      if (value === undefined) {
        return at('schema_required', `\`${where}\` needs a \`${tag}\`: one of ${expected.join(', ')}`, path.length ? positions.keySpan(path) : positions.span(0))
      }
      return at('schema_type', `\`${where}.${tag}\` must be a string, one of ${expected.join(', ')}`, positions.valueSpan([...path, tag]))
    }
    case 'type': {
      if (path.length === 0) return at('schema_type', `a connector manifest must be a mapping of keys (id, name, auth, http, resources…), not ${kind(err.data)}`, positions.span(0))
      return at('schema_type', `\`${where}\` must be ${article(String(params.type))}, not ${kind(err.data)}`)
    }
    case 'const':
      return at('schema_enum', `\`${where}\` must be \`${String(params.allowedValue)}\`, not ${kind(err.data)}`)
    case 'enum':
      return at('schema_enum', `\`${where}\` is ${kind(err.data)}, expected one of ${list(params.allowedValues)}`, undefined,
        typeof err.data === 'string' ? didYouMean(err.data, params.allowedValues.map(String)) : undefined)
    case 'pattern':
      return patternDiagnostic(String(params.pattern), err.data, where, at)
    case 'format':
      return at('schema_format', `\`${where}\` must be a valid ${params.format}, not ${kind(err.data)}`)
    case 'minLength':
      return at('schema_range', params.limit === 1 ? `\`${where}\` must not be empty` : `\`${where}\` must be at least ${params.limit} characters long`)
    case 'minItems':
      return at('schema_range', `\`${where}\` needs at least ${params.limit} item${params.limit === 1 ? '' : 's'}`)
    case 'minProperties':
      return at('schema_range', `\`${where}\` needs at least ${params.limit} entr${params.limit === 1 ? 'y' : 'ies'}`)
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return at('schema_range', `\`${where}\` must be ${params.comparison} ${params.limit}, not ${String(err.data)}`)
    default:
      return at('schema_invalid', `\`${where}\` ${err.message ?? 'is invalid'}`)
  }
}

function patternDiagnostic(pattern: string, value: unknown, where: string, at: (code: DiagnosticCode, message: string) => Diagnostic): Diagnostic {
  const shown = `\`${short(String(value))}\``
  if (pattern.includes('(ms|s|m|h|d)')) return at('schema_pattern', `\`${where}\` is ${shown}, not a duration: write a whole number and a unit (ms, s, m, h, d), e.g. 15s`)
  if (pattern.startsWith('^\\./')) return at('schema_pattern', `\`${where}\` is ${shown}: write a module path beside the manifest, e.g. ./hooks.ts`)
  if (where === 'id') return at('schema_pattern', `\`id\` is ${shown}: use lower-case letters, digits and dashes, starting with a letter`)
  return at('schema_pattern', `\`${where}\` is ${shown}, which does not match ${pattern}`)
}
