/**
 * @module Compiled ajv validators cached on disk as ajv standalone code: the connector schema and
 * each canonical model (runtime/model/validate.ts). Compiling the connector schema costs ~200 ms,
 * loading its cached code ~10 ms, and `maestro validate` should answer well under a second. The cache lives in node_modules/.cache/maestro, keyed by a hash of the schema
 * text, the ajv version and the options; any failure falls back to compiling in memory.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import type Ajv from 'ajv'
import type { Options, ValidateFunction } from 'ajv'
import { connectorSchema, connectorSchemaText } from './schema-json.ts'

const require = createRequire(import.meta.url)

/** ajv options of the connector validator; errors carry `schema`, `parentSchema` and `data` for the diagnostics. */
const CONNECTOR_OPTIONS = { allErrors: true, strict: true, discriminator: true, keywords: ['x-maestro'], verbose: true }

/** The connector schema validator, from the on-disk cache when present, else compiled (and cached). */
export function loadValidator(): ValidateFunction {
  return cachedValidator('connector', connectorSchemaText(), () => connectorSchema(), CONNECTOR_OPTIONS)
}

/**
 * A validator for a schema (ajv-formats included), loaded from the cache or compiled and cached.
 * `text` identifies the schema for the cache key (its JSON text); `schema` is only built on a miss.
 * @example
 * const validate = cachedValidator('employee', text, () => JSON.parse(text), { allErrors: true, strict: true })
 */
export function cachedValidator(name: string, text: string, schema: () => object, options: Options): ValidateFunction {
  const file = cacheFile(name, text, options)
  if (file) {
    try {
      const mod = require(file) as ValidateFunction & { default?: ValidateFunction }
      return mod.default ?? mod
    } catch {
      // not cached yet (or unreadable): compile below
    }
  }
  // Required here, not imported at the top: with a warm cache ajv's compiler is never loaded.
  const { default: AjvClass, _ } = require('ajv') as typeof import('ajv')
  const addFormats = (require('ajv-formats') as { default: (ajv: Ajv) => Ajv }).default
  const ajv = new AjvClass({ ...options, code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } })
  addFormats(ajv)
  const validate = ajv.compile(schema())
  if (file) writeCache(file, ajv, validate)
  return validate
}

/** Where the cached validator lives, or undefined when it cannot be placed. */
function cacheFile(name: string, text: string, options: Options): string | undefined {
  try {
    const ajvDir = dirname(require.resolve('ajv/package.json'))
    const version = (require('ajv/package.json') as { version: string }).version
    const key = createHash('sha256').update(`${version}\n${JSON.stringify(options)}\n${text}`).digest('hex').slice(0, 16)
    return join(ajvDir, '..', '.cache', 'maestro', `${name}-validator-${key}.cjs`)
  } catch {
    return undefined
  }
}

function writeCache(file: string, ajv: Ajv, validate: ValidateFunction): void {
  try {
    const standalone = require('ajv/dist/standalone') as { default: (ajv: Ajv, v: ValidateFunction) => string }
    mkdirSync(dirname(file), { recursive: true })
    // Temp file + rename: a concurrent run sees no file or the whole file, never half of one.
    const temp = `${file}.${process.pid}.tmp`
    writeFileSync(temp, standalone.default(ajv, validate))
    renameSync(temp, file)
    // Older versions of the same schema will not be asked for again.
    const prefix = basename(file).replace(/-[0-9a-f]{16}\.cjs$/, '-')
    for (const old of readdirSync(dirname(file))) {
      if (old.startsWith(prefix) && old.endsWith('.cjs') && old !== basename(file)) rmSync(join(dirname(file), old), { force: true })
    }
  } catch {
    // A read-only install still validates; it just compiles each time.
  }
}
