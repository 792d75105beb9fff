/**
 * @module The compiled ajv validator of the connector schema, cached on disk as ajv standalone
 * code. Compiling the schema costs ~200 ms, loading the cached code ~10 ms, and `maestro validate`
 * should answer well under a second. The cache lives in node_modules/.cache/maestro, keyed by a
 * hash of the schema, the ajv version and the options; any failure falls back to compiling.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type Ajv from 'ajv'
import type { ValidateFunction } from 'ajv'
import { connectorSchema, connectorSchemaText } from './schema-json.ts'

const require = createRequire(import.meta.url)
const OPTIONS = { allErrors: true, strict: true, discriminator: true, keywords: ['x-maestro'], verbose: true } as const

/** Where the cached validator for the current schema lives, or undefined when it cannot be placed. */
function cacheFile(): string | undefined {
  try {
    const ajvDir = dirname(require.resolve('ajv/package.json'))
    const version = (require('ajv/package.json') as { version: string }).version
    const key = createHash('sha256').update(`${version}\n${JSON.stringify(OPTIONS)}\n${connectorSchemaText()}`).digest('hex').slice(0, 16)
    return join(ajvDir, '..', '.cache', 'maestro', `connector-validator-${key}.cjs`)
  } catch {
    return undefined
  }
}

/**
 * The connector schema validator: from the on-disk cache when present, else compiled (and cached).
 * Errors carry `schema`, `parentSchema` and `data` (ajv's `verbose`), which the diagnostics use.
 */
export function loadValidator(): ValidateFunction {
  const file = cacheFile()
  if (file) {
    try {
      const mod = require(file) as ValidateFunction & { default?: ValidateFunction }
      return mod.default ?? mod
    } catch {
      // not cached yet (or unreadable): compile below
    }
  }
  // Required here, not imported at the top: with a warm cache ajv's compiler is never needed.
  const { default: AjvClass, _ } = require('ajv') as typeof import('ajv')
  const addFormats = (require('ajv-formats') as { default: (ajv: Ajv) => Ajv }).default
  const ajv = new AjvClass({ ...OPTIONS, keywords: [...OPTIONS.keywords], code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } })
  addFormats(ajv)
  const validate = ajv.compile(connectorSchema())
  if (file) writeCache(file, ajv, validate)
  return validate
}

function writeCache(file: string, ajv: Ajv, validate: ValidateFunction): void {
  try {
    const standalone = require('ajv/dist/standalone') as { default: (ajv: Ajv, v: ValidateFunction) => string }
    mkdirSync(dirname(file), { recursive: true })
    // Temp file + rename: a concurrent run sees the old state or the whole file, never half of it.
    const temp = `${file}.${process.pid}.tmp`
    writeFileSync(temp, standalone.default(ajv, validate))
    renameSync(temp, file)
  } catch {
    // A read-only install still validates; it just compiles each time.
  }
}
