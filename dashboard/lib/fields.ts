/**
 * @module Connect-form fields from a connector's `connection` specs: checked in the browser before
 * anything is sent (the server checks again and its answer wins), and converted to the JSON it expects.
 */
import type { ConnectorField } from '../api/types.ts'

/** True when the admin must fill the field in. */
export const isRequired = (f: ConnectorField): boolean => !f.optional && f.default === undefined

/**
 * The problem with a value typed into a field, or undefined when it is fine. With `keepBlank` (editing
 * an existing connection) an empty value means "keep the current one".
 * @example
 * fieldProblem({ name: 'accountId', type: 'string', title: 'Account ID', pattern: '^[0-9]+$', secret: false, optional: false }, 'abc')
 * // 'Account ID must match the expected format.'
 */
export function fieldProblem(f: ConnectorField, raw: string, keepBlank = false): string | undefined {
  const value = raw.trim()
  if (value === '') return isRequired(f) && !keepBlank ? `${f.title} is required.` : undefined
  if (f.type === 'integer' && !/^-?\d+$/.test(value)) return `${f.title} must be a whole number.`
  if (f.type === 'number' && !Number.isFinite(Number(value))) return `${f.title} must be a number.`
  if (f.enum && !f.enum.map(String).includes(value)) return `${f.title} must be one of ${f.enum.join(', ')}.`
  if (f.pattern && f.type === 'string') {
    let re: RegExp | undefined
    // Manifest patterns are JSON Schema (ECMA-262) regexes; one the browser cannot compile is left to the server.
    try { re = new RegExp(f.pattern, 'u') } catch { re = undefined }
    if (re && !re.test(value)) return `${f.title} must match the expected format${f.placeholder ? ` (e.g. ${f.placeholder})` : ''}.`
  }
  return undefined
}

/** The JSON value of a typed-in field. */
export function fieldValue(f: ConnectorField, raw: string): string | number | boolean {
  const value = f.secret ? raw : raw.trim()
  if (f.type === 'integer' || f.type === 'number') return Number(value)
  if (f.type === 'boolean') return value === 'true'
  return value
}

/** The server's field path for a field: secrets travel in `credentials`, the rest in `config`. */
export const fieldPath = (f: ConnectorField): string => `/${f.secret ? 'credentials' : 'config'}/${f.name}`
