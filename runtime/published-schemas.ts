/**
 * @module Every JSON Schema Maestro publishes under schemas/, built from its source in code.
 */
import { connectorJsonSchema } from './manifest/schema/index.ts'

/** Relative path → JSON document, for every published schema. */
export async function publishedSchemas(): Promise<Record<string, object>> {
  const files: Record<string, object> = { 'schemas/connector.schema.json': connectorJsonSchema() }
  const model = await import('./model/index.ts').catch(() => undefined)
  if (model?.modelSchemaFiles) Object.assign(files, model.modelSchemaFiles())
  const api = await import('./server/api-schemas.ts').catch(() => undefined)
  if (api?.apiSchemaFiles) Object.assign(files, api.apiSchemaFiles())
  return files
}

/** The text a published schema file must hold: 2-space JSON with a trailing newline. */
export const schemaText = (doc: object): string => `${JSON.stringify(doc, null, 2)}\n`
