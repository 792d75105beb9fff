/**
 * @module Validate mapped data against a canonical model, with one readable error per field path.
 */
import type { TSchema } from '@sinclair/typebox'
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { MaestroError } from '../errors.ts'
import { MODEL_NAMES, isModelName, type ModelName } from './names.ts'
import { RecordEnvelope } from './record.ts'
import { MODELS } from './registry.ts'

/** One problem in a record: the JSON pointer of the field (`/workEmail`, `/earnings/0/amount`) and what is wrong. */
export interface FieldError {
  path: string
  message: string
}

/** Outcome of a validation; errors are listed only when it fails. */
export type ValidationResult = { ok: true } | { ok: false; errors: FieldError[] }

let ajv: Ajv | undefined
const compiled = new Map<TSchema, ValidateFunction>()

// One ajv instance and one compile per schema: compiling costs milliseconds, validating microseconds.
function validatorFor(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema)
  if (!fn) {
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: true }))
    fn = ajv.compile(schema)
    compiled.set(schema, fn)
  }
  return fn
}

function run(schema: TSchema, value: unknown): ValidationResult {
  const fn = validatorFor(schema)
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
  return run(MODELS[model], data)
}

/** Check a whole stored record envelope (not its `data`; use validateModel for that). */
export function validateRecord(record: unknown): ValidationResult {
  return run(RecordEnvelope, record)
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
