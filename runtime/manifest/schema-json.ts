/**
 * @module The connector schema as plain JSON for validation, read from the published
 * schemas/connector.schema.json. Building it from the TypeBox source would load TypeBox on every
 * `maestro validate` (a quarter of its start-up time); the published file is kept equal to the
 * source by runtime/published-schemas.test.ts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const FILE = join(import.meta.dirname, '..', '..', 'schemas', 'connector.schema.json')

let text: string | undefined
let schema: Record<string, any> | undefined

/** The published schema's text, as committed. */
export function connectorSchemaText(): string {
  text ??= readFileSync(FILE, 'utf8')
  return text
}

/** The published connector manifest schema (parsed once). */
export function connectorSchema(): Record<string, any> {
  schema ??= JSON.parse(connectorSchemaText()) as Record<string, any>
  return schema
}
