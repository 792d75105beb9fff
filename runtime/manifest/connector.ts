/**
 * @module Load connectors for the runtime: a manifest that validates, with its hooks imported.
 */
import { readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { MaestroError } from '../errors.ts'
import type { Hooks } from './check-hooks.ts'
import type { Diagnostic } from './diagnostic.ts'
import type { ConnectorManifest } from './schema/index.ts'
import { checkManifestFile } from './validate-file.ts'

/** A loaded connector: its manifest, where it lives, and its hook functions. */
export interface Connector {
  id: string
  manifest: ConnectorManifest
  /** Path of connector.yaml, as given. */
  file: string
  /** Folder holding the manifest (hooks and fixtures sit beside it). */
  dir: string
  hooks: Hooks
}

/**
 * A manifest that does not validate. `file`, `line` and `column` locate the first error; every
 * diagnostic is in `details.diagnostics`.
 */
export class ManifestError extends MaestroError {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly diagnostics: Diagnostic[]

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error')
    const first = errors[0] ?? diagnostics[0]
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : ''
    super('manifest_invalid', `${first.file}:${first.line}:${first.column} ${first.message}${more}`, {
      details: { file: first.file, line: first.line, column: first.column, diagnostics },
    })
    this.name = 'ManifestError'
    this.file = first.file
    this.line = first.line
    this.column = first.column
    this.diagnostics = diagnostics
  }
}

/**
 * Load and validate one connector (fixtures are not run: that is `maestro validate`'s job).
 * @example
 * const harvest = await loadConnector('connectors/harvest/connector.yaml')
 * harvest.manifest.resources.employees.model // 'Employee'
 */
export async function loadConnector(path: string): Promise<Connector> {
  const report = await checkManifestFile(path, { fixtures: false })
  if (report.diagnostics.length === 1 && report.diagnostics[0].code === 'file_unreadable') {
    throw new MaestroError('manifest_not_found', report.diagnostics[0].message, { details: { file: path } })
  }
  if (!report.manifest) throw new ManifestError(report.diagnostics)
  return { id: report.manifest.id, manifest: report.manifest, file: path, dir: dirname(path), hooks: report.hooks }
}

/**
 * Load every `<dir>/<id>/connector.yaml`, keyed by id. Throws a ManifestError carrying the
 * diagnostics of every invalid connector when any fails: a runtime with a broken connector should
 * not start half-configured.
 */
export async function loadConnectors(dir = 'connectors'): Promise<Map<string, Connector>> {
  let entries: string[]
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
  } catch (err) {
    throw new MaestroError('manifest_not_found', `cannot read the connectors folder ${dir}`, { cause: err, details: { dir } })
  }
  const files: string[] = []
  for (const name of entries) {
    const file = join(dir, name, 'connector.yaml')
    if (await readdir(join(dir, name)).then((names) => names.includes('connector.yaml'), () => false)) files.push(file)
  }
  const results = await Promise.allSettled(files.map(loadConnector))
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
  if (failed.length > 0) {
    const invalid = failed.filter((e): e is ManifestError => e instanceof ManifestError)
    if (invalid.length !== failed.length) throw failed.find((e) => !(e instanceof ManifestError))
    throw new ManifestError(invalid.flatMap((e) => e.diagnostics))
  }
  const connectors = new Map<string, Connector>()
  for (const r of results) if (r.status === 'fulfilled') connectors.set(r.value.id, r.value)
  return connectors
}
