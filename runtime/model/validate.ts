/**
 * @module Validate mapped data against a canonical model, with one readable error per field path.
 *
 * Validators are compiled from the published JSON Schemas under schemas/model/, not from the
 * TypeBox source: loading TypeBox and compiling a model costs ~0.5 s, a cached compiled validator
 * a few milliseconds (see runtime/manifest/validator-cache.ts), and `maestro validate` runs this on
 * every fixture. runtime/published-schemas.test.ts keeps the JSON equal to the TypeBox source.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { MaestroError } from '../errors.ts'
import { cachedValidator } from '../manifest/validator-cache.ts'
import { MODEL_NAMES, isModelName, type ModelName } from './names.ts'

/** One problem in a record: the JSON pointer of the field (`/workEmail`, `/earnings/0/amount`) and what is wrong. */
export interface FieldError {
  path: string
  message: string
}

/** Outcome of a validation; errors are listed only when it fails. */
export type ValidationResult = { ok: true } | { ok: false; errors: FieldError[] }

const SCHEMA_DIR = join(import.meta.dirname, '..', '..', 'schemas', 'model')
const OPTIONS = { allErrors: true, strict: true }
const compiled = new Map<string, ValidateFunction>()

/** `PayrollRun` → `payroll-run`, the name of its published file. */
const fileName = (name: string) => name.replace(/[a-z0-9][A-Z]/g, (m) => `${m[0]}-${m[1]}`).toLowerCase()

// One compile (or cache load) per schema and process: compiling costs milliseconds, validating microseconds.
function validatorFor(name: string): ValidateFunction {
  let fn = compiled.get(name)
  if (!fn) {
    const text = readFileSync(join(SCHEMA_DIR, `${fileName(name)}.json`), 'utf8')
    fn = cachedValidator(`model-${fileName(name)}`, text, () => JSON.parse(text) as object, OPTIONS)
    compiled.set(name, fn)
  }
  return fn
}

function run(name: string, value: unknown): ValidationResult {
  const fn = validatorFor(name)
  return fn(value) ? { ok: true } : { ok: false, errors: toFieldErrors(fn.errors ?? []) }
}

/**
 * Check mapped `data` against a canonical model.
 * @example
 * validateModel('Employee', { frstName: 'Ada' }) // { ok: false, errors: [{ path: '/frstName', message: 'is not a known field' }] }
 */
export function validateModel(model: ModelName, data: unknown): ValidationResult {
  // Callers pass names read from YAML; an unknown one is a manifest bug, not a bad record.
  if (!isModelName(model)) throw new MaestroError('manifest_invalid', `Unknown model "${String(model)}"; expected one of ${MODEL_NAMES.join(', ')}.`)
  return run(model, data)
}

/** Check a whole stored record envelope (not its `data`; use validateModel for that). */
export function validateRecord(record: unknown): ValidationResult {
  return run('Record', record)
}

/**
 * Turn ajv's errors into one message per problem. Nullable fields are `anyOf [T, null]`, so a bad
 * value yields the real complaint plus "must be null" and "must match a schema in anyOf"; only the
 * real complaint is kept.
 */
export function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  const kept: ErrorObject[] = []
  for (const err of errors) {
    if (err.keyword !== 'anyOf') { kept.push(err); continue }
    // ajv reports a branch's errors before the anyOf itself, so inner anyOfs are already folded.
    const prefix = `${err.schemaPath}/`
    const branch = kept.filter((e) => e.schemaPath.startsWith(prefix))
    const rest = kept.filter((e) => !e.schemaPath.startsWith(prefix))
    const wrongType = (e: ErrorObject) => e.keyword === 'type' && e.instancePath === err.instancePath
    if (branch.length > 0 && branch.every(wrongType)) {
      const types = [...new Set(branch.map((e) => String(e.params.type)))]
      rest.push({ ...err, keyword: 'type', message: `must be ${types.join(' or ')}` })
    } else {
      rest.push(...branch.filter((e) => !wrongType(e)))
    }
    kept.splice(0, kept.length, ...rest)
  }
  return kept.map(toFieldError)
}

function toFieldError(err: ErrorObject): FieldError {
  switch (err.keyword) {
    case 'additionalProperties':
      return { path: `${err.instancePath}/${pointerToken(err.params.additionalProperty)}`, message: 'is not a known field' }
    case 'required':
      return { path: `${err.instancePath}/${pointerToken(err.params.missingProperty)}`, message: 'is required' }
    case 'enum':
      return { path: err.instancePath, message: `must be one of ${(err.params.allowedValues as unknown[]).join(', ')}` }
    default:
      return { path: err.instancePath, message: err.message ?? `fails ${err.keyword}` }
  }
}

const pointerToken = (key: unknown) => String(key).replace(/~/g, '~0').replace(/\//g, '~1')
