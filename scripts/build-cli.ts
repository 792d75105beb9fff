/**
 * @module `npm run prepare` (run by `npm ci` and `npm install`): bundle `maestro validate` into
 * dist/cli/ so it starts without tsx. Never fails the install: without the bundle (esbuild missing
 * in a production install, a read-only checkout) bin/maestro.js runs the TypeScript sources.
 */
import { join } from 'node:path'
import { buildCli } from '../runtime/cli/build-bundle.ts'

const root = join(import.meta.dirname, '..')
try {
  const { files, ms } = await buildCli({ root, outDir: join(root, 'dist', 'cli') })
  console.log(`maestro CLI bundled in ${ms} ms → ${files.map((f) => f.slice(root.length + 1)).join(', ')}`)
} catch (err) {
  console.warn(`maestro: CLI bundle not built (${(err as Error).message.split('\n')[0]}); \`maestro\` will run the TypeScript sources through tsx.`)
}
