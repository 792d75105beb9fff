/**
 * @module Validate one manifest file: the synchronous checks of loadManifest, then the checks that
 * need the file system: the folder name, the hooks module and the fixtures.
 */
import { readFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { checkFixtures } from './check-fixtures.ts'
import { loadHooks, type Hooks } from './check-hooks.ts'
import { diagnostic, sortDiagnostics, type Diagnostic } from './diagnostic.ts'
import { analyzeManifest } from './load.ts'
import type { ConnectorManifest } from './schema/index.ts'

/** Options of validateManifestFile. */
export interface ValidateOptions {
  /** Run each resource's map over `fixtures/<resource>.json` (default true). */
  fixtures?: boolean
}

/** Everything known about one manifest file after validation. */
export interface FileReport {
  diagnostics: Diagnostic[]
  /** The manifest, when it has no errors. */
  manifest?: ConnectorManifest
  hooks: Hooks
}

/**
 * Every diagnostic of one manifest file, sorted by position.
 * @example
 * const diagnostics = await validateManifestFile('connectors/harvest/connector.yaml')
 */
export async function validateManifestFile(path: string, options: ValidateOptions = {}): Promise<Diagnostic[]> {
  return (await checkManifestFile(path, options)).diagnostics
}

/** validateManifestFile, also returning the manifest and its imported hooks. */
export async function checkManifestFile(path: string, options: ValidateOptions = {}): Promise<FileReport> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message
    return { diagnostics: [diagnostic(path, { line: 1, column: 1 }, 'file_unreadable', `cannot read ${path}: ${reason}`)], hooks: {} }
  }
  const analysis = analyzeManifest(text, path)
  const diagnostics = [...analysis.diagnostics]
  const m = analysis.schemaValid
  let hooks: Hooks = {}
  if (m) {
    const folder = basename(dirname(path))
    if (basename(path) === 'connector.yaml' && basename(dirname(dirname(path))) === 'connectors' && m.id !== folder) {
      diagnostics.push(diagnostic(path, analysis.positions.valueSpan(['id']), 'id_mismatch', `id \`${m.id}\` differs from its folder \`connectors/${folder}\``))
    }
    const loaded = await loadHooks(path, m, analysis.positions)
    hooks = loaded.hooks
    diagnostics.push(...loaded.diagnostics)
    if (options.fixtures !== false) diagnostics.push(...await checkFixtures(path, m, analysis.positions))
  }
  const sorted = sortDiagnostics(diagnostics)
  const clean = m && !sorted.some((d) => d.severity === 'error')
  return { diagnostics: sorted, hooks, ...(clean ? { manifest: m } : {}) }
}
