#!/usr/bin/env node
// `maestro validate` runs the bundle in dist/cli/ (built by `npm ci` through the `prepare` script)
// when it matches the sources byte for byte: loading the TypeScript through tsx costs more than the
// validation itself. Everything else, a missing or stale bundle, MAESTRO_CLI=source, and any run
// under vitest runs the sources through tsx (runtime/cli/bundle-state.ts decides).
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dir = join(root, 'dist', 'cli')
const args = process.argv.slice(2)

let cli
try {
  const { freshBundle } = await import(pathToFileURL(join(dir, 'state.mjs')).href)
  cli = await freshBundle({ root, dir, args, env: process.env })
} catch {
  cli = undefined // no bundle, or an unusable one: the sources always work
}
if (cli) {
  process.exitCode = await cli.run(args.slice(1))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../runtime/cli/main.ts')
}
