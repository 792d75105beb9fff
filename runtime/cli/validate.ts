/**
 * @module `maestro validate [paths or globs]`: check connector manifests and report every problem
 * with its line and column. Exit 0 when clean, 1 on errors (or warnings with --strict), 2 on usage errors.
 */
import { readFile, stat } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { FORMATS, render, type Format } from './format.ts'
import { glob, isGlob, walk } from './glob.ts'

/** One line for `maestro --help`. */
export const summary = 'Check connector manifests: schema, expressions, references, hooks and fixtures.'

const DEFAULT_TARGETS = ['connectors/*/connector.yaml', 'examples/**/*.{yaml,yml}']

export const usage = `Usage: maestro validate [options] [paths or globs…]

Checks connector manifests against the manifest language: schema, JSONata expressions and
templates, context variables, references between resources, hooks, and each resource's map
over connectors/<id>/fixtures/<resource>.json.

Without paths: every connectors/*/connector.yaml and the manifests under examples/.
A directory or glob selects the YAML files in it that are connector manifests (a top-level
\`resources\` key or a \`$schema\` naming connector.schema.json); a file path is always checked.

Options:
  --format <text|json|github>  output format (default text; github prints workflow annotations)
  --strict                     fail on warnings too
  --no-fixtures                skip running maps over fixtures
  -h, --help                   show this help

Exit status: 0 valid, 1 problems found, 2 usage error.
`

/**
 * Run the command; returns the exit status.
 * @example
 * process.exitCode = await run(['--format', 'github', 'connectors/harvest/connector.yaml'])
 */
export async function run(args: string[]): Promise<number> {
  let values: { format?: string; strict?: boolean; 'no-fixtures'?: boolean; help?: boolean }
  let positionals: string[]
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        strict: { type: 'boolean' },
        'no-fixtures': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (err) {
    process.stderr.write(`maestro validate: ${(err as Error).message}\n\n${usage}`)
    return 2
  }
  if (values.help) {
    process.stdout.write(usage)
    return 0
  }
  const format = (values.format ?? 'text') as Format
  if (!FORMATS.includes(format)) {
    process.stderr.write(`maestro validate: unknown format \`${values.format}\`, expected one of ${FORMATS.join(', ')}\n`)
    return 2
  }
  const targets = await resolveTargets(positionals)
  if (typeof targets === 'string') {
    process.stderr.write(`maestro validate: ${targets}\n`)
    return 2
  }
  // Loaded here, not at the top: `maestro --help` should not pay for ajv and jsonata.
  const { validateManifestFile } = await import('../manifest/validate-file.ts')
  const { sortDiagnostics, hasErrors } = await import('../manifest/diagnostic.ts')
  const results = await Promise.all(targets.map((file) => validateManifestFile(file, { fixtures: !values['no-fixtures'] })))
  const diagnostics = sortDiagnostics(results.flat())
  process.stdout.write(render(format, { files: targets, diagnostics }))
  return hasErrors(diagnostics, values.strict) ? 1 : 0
}

/** The manifest files named by the arguments, or a usage error. */
async function resolveTargets(args: string[]): Promise<string[] | string> {
  const { looksLikeManifest } = await import('../manifest/load.ts')
  const isManifest = async (file: string) => /\.ya?ml$/.test(file) && looksLikeManifest(await readFile(file, 'utf8').catch(() => ''))
  const found = new Set<string>()
  if (args.length === 0) {
    for (const pattern of DEFAULT_TARGETS) for (const file of await glob(pattern)) if (await isManifest(file)) found.add(file)
    return [...found]
  }
  for (const arg of args) {
    if (isGlob(arg)) {
      const files = await glob(arg)
      if (files.length === 0) return `no files match ${arg}`
      for (const file of files) if (await isManifest(file)) found.add(file)
      continue
    }
    const info = await stat(arg).catch(() => undefined)
    if (info?.isDirectory()) {
      const files: string[] = []
      await walk(arg, (file) => { files.push(file) })
      for (const file of files.sort()) if (await isManifest(file)) found.add(file)
    } else {
      found.add(arg) // a named file is always checked; a missing one is reported as file_unreadable
    }
  }
  return [...found]
}
