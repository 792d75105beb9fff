/**
 * @module The API's published schemas: `schemas/api/openapi.json` and one standalone JSON Schema per
 * named shape, all built from the TypeBox source (runtime/published-schemas.ts collects them).
 */
import { buildOpenApi, COMPONENTS } from './openapi.ts'
import type { Operation } from './operation.ts'
import { ROUTE_MODULES } from './routes/index.ts'
import { VERSION } from './version.ts'

const API_BASE = 'https://maestro.dev/schemas/api/'

const kebab = (name: string): string => name.replace(/[A-Z]/g, (ch, i: number) => `${i > 0 ? '-' : ''}${ch.toLowerCase()}`)

/** Every operation of every route module. */
export const apiOperations = (): Operation[] => ROUTE_MODULES.flatMap((m) => m.operations)

/** The OpenAPI document of the whole API. */
export const openApiDocument = (): Record<string, unknown> => buildOpenApi(apiOperations(), VERSION)

/** Relative path → JSON document for every API schema file. */
export function apiSchemaFiles(): Record<string, object> {
  const files: Record<string, object> = { 'schemas/api/openapi.json': openApiDocument() }
  for (const [name, schema] of Object.entries(COMPONENTS)) {
    const file = `${kebab(name)}.schema.json`
    // Through JSON: TypeBox's symbol keys drop out, and an embedded model schema loses its own id.
    const { $id: _id, $schema: _s, ...body } = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>
    files[`schemas/api/${file}`] = { $schema: 'http://json-schema.org/draft-07/schema#', $id: API_BASE + file, title: name, ...body }
  }
  return files
}
