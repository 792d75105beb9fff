import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ConnectorManifest, validateManifestFile } from '../runtime/manifest/index.ts'

const root = join(import.meta.dirname, '..')
const file = join(root, 'examples', 'manifests', 'complete.yaml')

type Schema = Record<string, any>

/**
 * Every place of the language, keyed by schema node so that a part shared by several parents
 * (the `stop` rules of `page` and `offset`) counts once: each property of each object schema,
 * each entry of a map, each member of a discriminated union. Values are readable paths such as
 * `.resources.*.list.paginate(type=page).stop(type=short_page)`. With `doc`, only the places
 * the document fills.
 */
function places(schema: Schema, doc?: unknown, at = '', out = new Map<string, string>()): Map<string, string> {
  const walking = doc !== undefined
  const add = (key: string, path: string) => { if (!out.has(key)) out.set(key, path) }
  if (Array.isArray(schema.oneOf) && schema.discriminator) {
    const tag = schema.discriminator.propertyName as string
    for (const member of schema.oneOf as Schema[]) {
      const value = member.properties[tag].const
      if (walking && (doc as Record<string, unknown>)?.[tag] !== value) continue
      const here = `${at}(${tag}=${value})`
      add(`${idOf(schema)}(${value})`, here)
      places(member, doc, here, out)
    }
    return out
  }
  for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const value = walking ? (doc as Record<string, unknown>)?.[key] : undefined
    if (walking && value === undefined) continue
    add(`${idOf(schema)}.${key}`, `${at}.${key}`)
    places(sub, value, `${at}.${key}`, out)
  }
  const entry = schema.patternProperties ? Object.values(schema.patternProperties)[0] as Schema : undefined
  if (entry) {
    const values = walking ? Object.values((doc ?? {}) as Record<string, unknown>) : [undefined]
    for (const v of values) places(entry, v, `${at}.*`, out)
  }
  if (schema.items) {
    const items = walking ? (Array.isArray(doc) ? doc : []) : [undefined]
    for (const item of items) places(schema.items, item, `${at}[]`, out)
  }
  return out
}

const ids = new WeakMap<object, number>()
let nextId = 1
const idOf = (schema: object) => {
  if (!ids.has(schema)) ids.set(schema, nextId++)
  return ids.get(schema)
}

// One manifest holds one auth kind and one verify scheme; the others cannot appear beside them.
const OTHER_MEMBERS = [/^\.auth\(type=(?!oauth2\))/, /^\.webhooks\.verify\(scheme=(?!hmac-sha256\))/]

describe('examples/manifests/complete.yaml', () => {
  it('validates clean, fixtures and hooks included', async () => {
    expect(await validateManifestFile(file)).toEqual([])
  })

  it('uses every part of the manifest language', () => {
    // The TypeBox source, not the published JSON: it shares one object for a part used in several places.
    const schema = ConnectorManifest as unknown as Schema
    const all = places(schema)
    const used = places(schema, parse(readFileSync(file, 'utf8')))
    const missing = [...all].filter(([key, path]) => !used.has(key) && !OTHER_MEMBERS.some((re) => re.test(path))).map(([, path]) => path)
    expect(missing, 'parts of the language complete.yaml does not show').toEqual([])
    expect(all.size).toBeGreaterThan(100)
  })
})
