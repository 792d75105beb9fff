/**
 * @module Find every template and expression in a manifest by walking the schema alongside the
 * document: a string is a template or an expression because its schema says so (`x-maestro`), so
 * no list of field names needs to be kept in step with the language.
 */
import { connectorSchema } from './schema-json.ts'
import type { Path } from './positions.ts'

/** The two kinds of JSONata-bearing strings. */
export type StringKind = 'template' | 'expression'

/** One template or expression found in the document. */
export interface FoundString {
  path: Path
  kind: StringKind
  source: string
}

type Schema = Record<string, any>

let root: Schema | undefined

/**
 * Every template and expression string in `doc`, with its path. Tolerates documents that do not
 * match the schema: parts whose shape is wrong are skipped.
 * @example
 * findStrings({ http: { baseUrl: 'https://{{ config.host }}' } }) // [{ path: ['http', 'baseUrl'], kind: 'template', … }]
 */
export function findStrings(doc: unknown): FoundString[] {
  root ??= connectorSchema()
  const out: FoundString[] = []
  walk(root, doc, [], out)
  return out
}

function walk(schema: Schema | undefined, value: unknown, path: Path, out: FoundString[]): void {
  if (!schema || value === undefined || value === null) return
  const kind = schema['x-maestro'] as StringKind | undefined
  if (kind && schema.type === undefined) {
    // A schema-less value marked as a template (a request body): every string leaf is one.
    leaves(value, path, kind, out)
    return
  }
  if (typeof value === 'string') {
    if (kind) out.push({ path, kind, source: value })
    else if (Array.isArray(schema.anyOf)) walk(schema.anyOf.find((b: Schema) => b.type === 'string'), value, path, out)
    return
  }
  if (Array.isArray(schema.oneOf) && schema.discriminator && isObject(value)) {
    const tag = schema.discriminator.propertyName as string
    walk(schema.oneOf.find((m: Schema) => m.properties?.[tag]?.const === value[tag]), value, path, out)
    return
  }
  if (Array.isArray(schema.anyOf)) {
    const type = Array.isArray(value) ? 'array' : typeof value
    walk(schema.anyOf.find((b: Schema) => b.type === type), value, path, out)
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(schema.items, item, [...path, i], out))
    return
  }
  if (!isObject(value)) return
  for (const [key, child] of Object.entries(value)) {
    const sub = schema.properties?.[key]
      ?? Object.entries(schema.patternProperties ?? {}).find(([p]) => new RegExp(p).test(key))?.[1]
      ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined)
    walk(sub, child, [...path, key], out)
  }
}

function leaves(value: unknown, path: Path, kind: StringKind, out: FoundString[]): void {
  if (typeof value === 'string') out.push({ path, kind, source: value })
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], kind, out))
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], kind, out)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
