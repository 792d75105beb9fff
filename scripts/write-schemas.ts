// Writes every published JSON Schema from its source (npm run schemas).
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { publishedSchemas, schemaText } from '../runtime/published-schemas.ts'

const root = join(import.meta.dirname, '..')
for (const [file, doc] of Object.entries(await publishedSchemas())) {
  await mkdir(dirname(join(root, file)), { recursive: true })
  await writeFile(join(root, file), schemaText(doc))
  console.log(`wrote ${file}`)
}
