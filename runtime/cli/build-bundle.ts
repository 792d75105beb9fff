/**
 * @module Build the bundled `maestro validate` into dist/cli/ (run by `npm ci` through the
 * `prepare` script, see scripts/build-cli.ts). Loading ~60 TypeScript files through tsx costs more
 * than validating every shipped manifest; one ESM file with yaml and jsonata inlined loads in
 * ~30 ms. Files written:
 * - `validate.mjs`: runtime/cli/validate.ts and everything it imports;
 * - `ts-loader.mjs`: module hooks importing connector `hooks.ts` files (runtime/cli/ts-loader.ts);
 * - `state.mjs` and `inputs.json`: the freshness check bin/maestro.js runs before using the bundle.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import type { Plugin } from 'esbuild'
import { contentHash, fingerprint, INPUTS_FILE } from './bundle-state.ts'

/** Options of buildCli. */
export interface BuildOptions {
  /** Repository root (holds runtime/, schemas/, node_modules/). */
  root: string
  /** Output folder, replaced as a whole; bin/maestro.js looks in `<root>/dist/cli`. */
  outDir: string
}

/** The entries of the build: output name → source, relative to the root. */
export const ENTRIES = {
  validate: 'runtime/cli/validate.ts',
  'ts-loader': 'runtime/cli/ts-loader.ts',
  state: 'runtime/cli/bundle-state.ts',
} as const

const posix = (path: string) => path.split(sep).join('/')

/**
 * Reads every source outside node_modules for esbuild, recording the hash of the text it bundled.
 * With `rewrite`, also fixes import.meta: sources find files beside themselves
 * (`import.meta.dirname`, `createRequire(import.meta.url)`), but in the bundle import.meta is the
 * bundle's, so each use becomes the source file's own location, computed from the bundle's place so
 * the checkout can move.
 */
function sources(root: string, read: Record<string, string>, rewrite: boolean): Plugin {
  return {
    name: 'maestro-sources',
    setup(build) {
      build.onLoad({ filter: /\.(ts|mts|js|mjs|json)$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined
        const text = readFileSync(args.path, 'utf8')
        const file = posix(relative(root, args.path))
        read[file] = contentHash(text)
        const loader = args.path.endsWith('.json') ? 'json' : /\.m?ts$/.test(args.path) ? 'ts' : 'js'
        if (!rewrite || !text.includes('import.meta')) return { contents: text, loader }
        const dir = JSON.stringify(posix(relative(root, dirname(args.path))))
        const contents = text
          .replace(/\bimport\.meta\.dirname\b/g, `__maestroJoin(__maestroRoot, ${dir})`)
          .replace(/\bimport\.meta\.filename\b/g, `__maestroJoin(__maestroRoot, ${JSON.stringify(file)})`)
          .replace(/\bimport\.meta\.url\b/g, `__maestroPathToFileURL(__maestroJoin(__maestroRoot, ${JSON.stringify(file)})).href`)
        const left = /\bimport\.meta\b.{0,20}/.exec(contents)
        if (left) throw new Error(`${file}: \`${left[0]}\` has no equivalent in the bundle`)
        return { contents, loader }
      })
    },
  }
}

/**
 * Build the bundle into `outDir` (written beside it, then moved in place so a running CLI never
 * sees half a bundle). Returns the files written and the build time.
 * @example
 * await buildCli({ root: process.cwd(), outDir: join(process.cwd(), 'dist', 'cli') })
 */
export async function buildCli({ root, outDir }: BuildOptions): Promise<{ files: string[]; ms: number }> {
  const started = performance.now()
  const { build } = await import('esbuild')
  const temp = `${outDir}.${process.pid}.tmp`
  rmSync(temp, { recursive: true, force: true })
  mkdirSync(temp, { recursive: true })
  const common = { absWorkingDir: root, bundle: true, platform: 'node', format: 'esm', target: `node${process.versions.node}`, metafile: true, logLevel: 'silent' } as const
  const toRoot = JSON.stringify(posix(relative(outDir, root)) || '.')
  const read: Record<string, string> = {}
  const main = await build({
    ...common,
    entryPoints: [join(root, ENTRIES.validate)],
    outfile: join(temp, 'validate.mjs'),
    plugins: [sources(root, read, true)],
    // Inlined CommonJS packages call require(); ESM has none, so the bundle makes one.
    banner: {
      js: [
        "import { createRequire as __maestroCreateRequire } from 'node:module';",
        "import { fileURLToPath as __maestroFileURLToPath, pathToFileURL as __maestroPathToFileURL } from 'node:url';",
        "import { join as __maestroJoin } from 'node:path';",
        'const require = __maestroCreateRequire(import.meta.url);',
        `const __maestroRoot = __maestroJoin(__maestroFileURLToPath(new URL('.', import.meta.url)), ${toRoot});`,
      ].join('\n'),
    },
  })
  // These two run before (or beside) the bundle and import nothing of Maestro's; esbuild stays external.
  const helpers = await Promise.all((['ts-loader', 'state'] as const).map((name) => build({
    ...common, packages: 'external', entryPoints: [join(root, ENTRIES[name])], outfile: join(temp, `${name}.mjs`), plugins: [sources(root, read, false)],
  })))
  const inputs = [main, ...helpers].flatMap((r) => Object.keys(r.metafile.inputs))
  writeFileSync(join(temp, INPUTS_FILE), `${JSON.stringify(fingerprint(root, [...new Set(inputs)].sort(), read), null, 2)}\n`)
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(dirname(outDir), { recursive: true })
  renameSync(temp, outDir)
  return { files: ['validate.mjs', 'ts-loader.mjs', 'state.mjs', INPUTS_FILE].map((f) => join(outDir, f)), ms: Math.round(performance.now() - started) }
}
