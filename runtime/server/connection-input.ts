/**
 * @module Connection values an admin submits, checked against the connector's `connection` field specs
 * (type, pattern, enum, required) and split into plain config and secrets to seal.
 */
import type { TSchema } from '@sinclair/typebox'
import type { ConnectionFieldSpec, ConnectorManifest } from '../manifest/schema/index.ts'
import { invalid, problems, type FieldProblem } from './validate.ts'

type Values = Record<string, unknown>

/** Config values to store in clear and secret values to seal. */
export interface ConnectionValues {
  config: Values
  secrets: Values
  /** Fields cleared with an empty string (updates only). */
  cleared: string[]
}

const fieldsOf = (manifest: ConnectorManifest): Array<[string, ConnectionFieldSpec]> => Object.entries(manifest.connection ?? {})

/** Names of the connector's secret fields. */
export const secretFields = (manifest: ConnectorManifest): Set<string> =>
  new Set(fieldsOf(manifest).filter(([, f]) => f.secret).map(([n]) => n))

const required = (f: ConnectionFieldSpec): boolean => !f.optional && f.default === undefined

function valueSchema(f: ConnectionFieldSpec): TSchema {
  return {
    type: f.type,
    ...(f.type === 'string' && f.pattern ? { pattern: f.pattern } : {}),
    ...(f.type === 'string' ? { minLength: 1 } : {}),
    ...(f.enum ? { enum: f.enum } : {}),
  } as unknown as TSchema
}

// Compiled schemas are cached per manifest object: loaded manifests are read-only at runtime.
const schemas = new WeakMap<ConnectorManifest, Record<string, TSchema>>()

function schemaFor(manifest: ConnectorManifest, secret: boolean, partial: boolean): TSchema {
  const key = `${secret}:${partial}`
  const cached = schemas.get(manifest)?.[key]
  if (cached) return cached
  const fields = fieldsOf(manifest).filter(([, f]) => Boolean(f.secret) === secret)
  const schema = {
    type: 'object',
    properties: Object.fromEntries(fields.map(([n, f]) => [n, valueSchema(f)])),
    required: partial ? [] : fields.filter(([, f]) => required(f)).map(([n]) => n),
  } as unknown as TSchema
  schemas.set(manifest, { ...schemas.get(manifest), [key]: schema })
  return schema
}

/** Split a submitted object: empty strings mean "not given" (forms send them for untouched inputs). */
function split(values: Values | undefined): { given: Values; cleared: string[] } {
  const given: Values = {}
  const cleared: string[] = []
  for (const [k, v] of Object.entries(values ?? {})) {
    if (v === '') cleared.push(k)
    else given[k] = v
  }
  return { given, cleared }
}

/**
 * Check submitted values against the connector's field specs. `partial` (updates) skips the required
 * check. Throws `invalid_request` with one `{ path, message }` per problem, e.g. `/config/accountId`.
 * @example
 * const { config, secrets } = checkConnectionValues(manifest, { config: { accountId: '42' }, credentials: { accessToken: 't' } })
 */
export function checkConnectionValues(manifest: ConnectorManifest, input: { config?: Values; credentials?: Values }, partial = false): ConnectionValues {
  const specs = new Map(fieldsOf(manifest))
  const config = split(input.config)
  const secrets = split(input.credentials)
  const found: FieldProblem[] = []
  const misplaced = (where: 'config' | 'credentials', values: Values, cleared: string[]) => {
    for (const name of [...Object.keys(values), ...cleared]) {
      const spec = specs.get(name)
      if (!spec) found.push({ path: `/${where}/${name}`, message: `is not a connection field of ${manifest.id}` })
      else if (Boolean(spec.secret) !== (where === 'credentials')) {
        found.push({ path: `/${where}/${name}`, message: spec.secret ? 'is a secret field: send it in credentials' : 'is not secret: send it in config' })
      }
    }
  }
  misplaced('config', config.given, config.cleared)
  misplaced('credentials', secrets.given, secrets.cleared)
  if (partial) {
    for (const name of [...config.cleared, ...secrets.cleared]) {
      const f = specs.get(name)!
      if (required(f)) found.push({ path: `/${f.secret ? 'credentials' : 'config'}/${name}`, message: 'is required and cannot be cleared' })
    }
  }
  if (found.length > 0) throw invalid(found)
  if (!partial) {
    for (const [name, f] of specs) if (!f.secret && f.default !== undefined && config.given[name] === undefined) config.given[name] = f.default
  }
  found.push(
    ...problems(schemaFor(manifest, false, partial), config.given, { coerce: true, prefix: '/config' }),
    ...problems(schemaFor(manifest, true, partial), secrets.given, { coerce: true, prefix: '/credentials' }),
  )
  if (found.length > 0) throw invalid(found)
  return { config: config.given, secrets: secrets.given, cleared: [...config.cleared, ...secrets.cleared] }
}
