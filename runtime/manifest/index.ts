/**
 * @module The connector manifest: load it with positions, validate it, and load connectors for the runtime.
 */
export * from './schema/index.ts'
export { loadManifest, analyzeManifest, looksLikeManifest, type LoadResult } from './load.ts'
export { validateManifestFile, checkManifestFile, type ValidateOptions, type FileReport } from './validate-file.ts'
export { loadConnector, loadConnectors, ManifestError, type Connector } from './connector.ts'
export { DIAGNOSTIC_CODES, diagnostic, sortDiagnostics, hasErrors, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostic.ts'
export { placeOf, CREDENTIAL_TOKEN_FIELDS, TEMPLATE_NAMES, EXPRESSION_VARIABLES } from './context.ts'
export type { Hooks } from './check-hooks.ts'
export type { Fixture } from './check-fixtures.ts'
