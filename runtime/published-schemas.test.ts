import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishedSchemas, schemaText } from './published-schemas.ts'

const root = join(import.meta.dirname, '..')

describe('published schemas', async () => {
  const files = Object.entries(await publishedSchemas())

  it('publishes the connector manifest schema', () => {
    expect(files.map(([f]) => f)).toContain('schemas/connector.schema.json')
  })

  it.each(files)('%s matches its source (run `npm run schemas` after changing it)', async (file, doc) => {
    const committed = await readFile(join(root, file), 'utf8').catch(() => '(missing)')
    expect(committed).toBe(schemaText(doc))
  })
})
