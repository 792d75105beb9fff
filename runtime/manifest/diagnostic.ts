/**
 * @module Diagnostics: what `maestro validate` reports about a manifest, one problem per entry, each
 * anchored at a line and column of the file.
 */

/** How bad a problem is: errors fail validation, warnings only with `--strict`. */
export type Severity = 'error' | 'warning'

/**
 * Every diagnostic code, with its default hint. Codes are stable snake_case: CI scripts and editors
 * may match on them, so rename none; add new ones at the end of their group.
 */
export const DIAGNOSTIC_CODES = {
  // reading the file
  file_unreadable: 'Check the path and the file permissions.',
  yaml_syntax: 'Fix the YAML syntax first; nothing else is checked until the file parses.',
  duplicate_key: 'A key may appear once per mapping; the later value would silently win.',
  duplicate_resource: 'Each resource needs a unique name; rename or merge the two.',
  // the schema (schemas/connector.schema.json)
  schema_unknown_property: 'Remove the property or fix its spelling; see schemas/connector.schema.json.',
  schema_required: 'Add the missing property; see schemas/connector.schema.json.',
  schema_type: 'Change the value to the expected type.',
  schema_enum: 'Use one of the listed values.',
  schema_pattern: 'Change the value to match the expected form.',
  schema_format: 'Change the value to the expected format.',
  schema_range: 'Change the value to be within the allowed range.',
  schema_invalid: 'See schemas/connector.schema.json for what this property accepts.',
  invalid_name: 'Rename the key to match the expected form.',
  unknown_type: 'Use one of the listed kinds.',
  unknown_model: 'Use one of the canonical models under schemas/model/.',
  missing_stop_rule: 'Declare when the last page is reached, or the walk relies on the maxPages guard alone.',
  // expressions and templates
  expression_syntax: 'Fix the JSONata syntax; try the expression at https://try.jsonata.org.',
  unknown_variable: 'Only the context listed for this place exists at run time; see runtime/manifest/context.ts.',
  unknown_connection_field: 'Declare the field under `connection` (secret: true for credentials) or fix its name.',
  // references between parts
  unknown_resource: 'Name a resource declared under `resources`.',
  parent_cycle: 'A resource cannot be its own ancestor; break the chain of `parent` references.',
  missing_get: 'Add a `get` request to the resource, or use `action: sync`.',
  invalid_base_url: 'Give an absolute http(s) URL; templates may fill in parts such as a subdomain.',
  invalid_url: 'Give an absolute http(s) URL.',
  id_mismatch: 'The manifest id must equal its folder name under connectors/.',
  // hooks
  hooks_missing: 'Create the hooks module beside the manifest and export the hook as a named function.',
  hooks_unknown_export: 'Export only hook functions with a known name; move helpers to another module.',
  hooks_load_failed: 'The hooks module throws when imported; run it with `npx tsx` to see why.',
  // fixtures
  fixture_invalid: 'A fixture is `{ "records": [...] }` or a recorded page `{ "body": ... }`; see runtime/manifest/check-fixtures.ts.',
  mapping_failed: 'The map expression threw on a fixture record; try it at https://try.jsonata.org.',
  mapping_invalid: 'Fix the resource\'s map so its output matches the canonical model.',
  mapping_unread_field: 'The provider sends fields no expression reads; map them if the model has a place for them.',
  // the validator itself
  internal_error: 'The validator failed on this input; please report it with the file attached.',
} as const

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES

/** One problem in one file. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface Diagnostic {
  file: string
  line: number
  column: number
  endLine?: number
  endColumn?: number
  severity: Severity
  code: DiagnosticCode
  message: string
  hint: string
}

/** A place in a file, 1-based. */
export interface Span {
  line: number
  column: number
  endLine?: number
  endColumn?: number
}

/**
 * Build a diagnostic with the code's default hint unless one is given.
 * @example
 * diagnostic('x.yaml', { line: 3, column: 5 }, 'schema_type', 'must be a string')
 */
export function diagnostic(
  file: string, span: Span, code: DiagnosticCode, message: string,
  options: { hint?: string; severity?: Severity } = {},
): Diagnostic {
  return {
    file,
    ...span,
    severity: options.severity ?? (code === 'mapping_unread_field' ? 'warning' : 'error'),
    code,
    message,
    hint: options.hint ?? DIAGNOSTIC_CODES[code],
  }
}

/** Order diagnostics by file, position, then code, so output is stable. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  // Plain code-unit order: stable across locales, and localeCompare is slow to load.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)
  return [...list].sort((a, b) =>
    cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.code, b.code) || cmp(a.message, b.message))
}

/** True when any diagnostic is an error (or, with `strict`, any at all). */
export const hasErrors = (list: Diagnostic[], strict = false): boolean =>
  list.some((d) => strict || d.severity === 'error')
