/**
 * @module Every JSON Schema Maestro publishes under schemas/, built from its source in code.
 */
import { connectorJsonSchema } from './manifest/schema/index.ts'

/** Relative path → JSON document, for every published schema. */
export async function publishedSchemas(): Promise<Record<string, object>> {
  const files: Record<string, object> = { 'schemas/connector.schema.json': connectorJsonSchema() }
  const model = await import('./model/index.ts').catch(() => undefined)
  if (model?.modelSchemaFiles) Object.assign(files, model.modelSchemaFiles())
  // The API schemas arrive with the server; a variable specifier keeps the type checker from requiring them.
  const apiModule = './server/api-schemas.ts'
  const api = await import(apiModule).catch(() => undefined)
  if (api?.apiSchemaFiles) Object.assign(files, api.apiSchemaFiles())
  return files
}

/** The text a published schema file must hold: 2-space JSON with a trailing newline. */
export const schemaText = (doc: object): string => `${JSON.stringify(doc, null, 2)}\n`
