/**
 * @module Load a manifest from YAML text: parse with source positions, validate against the schema,
 * then run the semantic checks. Never throws: every problem is a positioned diagnostic.
 */
import { parseDocument, type Document } from 'yaml'
import type { ConnectorManifest } from './schema/index.ts'
import { checkDuplicateKeys } from './check-duplicates.ts'
import { checkExpressions } from './check-expressions.ts'
import { checkPaginate } from './check-paginate.ts'
import { checkReferences } from './check-references.ts'
import { checkSchema } from './check-schema.ts'
import { checkUrls } from './check-urls.ts'
import { diagnostic, sortDiagnostics, type Diagnostic } from './diagnostic.ts'
import { Positions } from './positions.ts'

/** What loading a manifest gives: the manifest when it has no errors, and every diagnostic. */
export interface LoadResult {
  manifest?: ConnectorManifest
  diagnostics: Diagnostic[]
}

/** The full outcome of the synchronous checks, for callers that go on to check hooks and fixtures. */
export interface Analysis extends LoadResult {
  /** The parsed document when the schema accepted it (semantic errors may remain). */
  schemaValid?: ConnectorManifest
  positions: Positions
}

/**
 * Parse and check one manifest's text. `file` only labels the diagnostics.
 * @example
 * const { manifest, diagnostics } = loadManifest(await readFile(path, 'utf8'), path)
 */
export function loadManifest(text: string, file = '<manifest>'): LoadResult {
  const { manifest, diagnostics } = analyzeManifest(text, file)
  return manifest ? { manifest, diagnostics } : { diagnostics }
}

/** loadManifest, also returning the positions and the schema-valid document for further checks. */
export function analyzeManifest(text: string, file = '<manifest>'): Analysis {
  let positions = new Positions(text, undefined)
  try {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false })
    positions = new Positions(text, doc)
    const diagnostics = run(doc, text, positions, file)
    const schemaValid = diagnostics.schemaValid
    const list = sortDiagnostics(diagnostics.list)
    const clean = schemaValid && !list.some((d) => d.severity === 'error')
    return { ...(clean ? { manifest: schemaValid } : {}), ...(schemaValid ? { schemaValid } : {}), diagnostics: list, positions }
  } catch (err) {
    // A bug in a check must not take the validator down with it; report it where it can be seen.
    return { diagnostics: [diagnostic(file, positions.span(0), 'internal_error', `validator error: ${(err as Error)?.message ?? String(err)}`)], positions }
  }
}

function run(doc: Document, text: string, positions: Positions, file: string): { list: Diagnostic[]; schemaValid?: ConnectorManifest } {
  // After one YAML error the parser's further complaints are mostly echoes of it: report the first.
  const yamlProblems = doc.errors.length > 0
    ? [{ e: doc.errors[0], severity: 'error' as const }]
    : doc.warnings.map((e) => ({ e, severity: 'warning' as const }))
  const list = yamlProblems.map(({ e, severity }) =>
    diagnostic(file, positions.span(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)), 'yaml_syntax', firstLine(e.message), { severity }))
  if (doc.errors.length > 0) return { list }

  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 100 })
  } catch (err) {
    return { list: [...list, diagnostic(file, positions.span(0), 'yaml_syntax', firstLine((err as Error).message))] }
  }
  list.push(...checkDuplicateKeys(doc, positions, file))
  const schema = checkSchema(value, positions, file)
  list.push(...schema, ...checkExpressions(value, positions, file))
  if (schema.length > 0) return { list }
  const manifest = value as ConnectorManifest
  list.push(...checkReferences(manifest, positions, file), ...checkUrls(manifest, positions, file), ...checkPaginate(manifest, positions, file))
  return { list, schemaValid: manifest }
}

const firstLine = (message: string) => message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')

/** Whether YAML text is meant as a connector manifest: a `$schema` naming the connector schema, or a top-level `resources` key. */
export function looksLikeManifest(text: string): boolean {
  return /^\s*#\s*yaml-language-server:\s*\$schema=\S*connector\.schema\.json/m.test(text)
    || /^\$schema:\s*\S*connector\.schema\.json/m.test(text)
    || /^resources\s*:/m.test(text)
}
