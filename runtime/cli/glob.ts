/**
 * @module A small glob for CLI arguments (`*`, `**`, `?`, `{a,b}`), walking only below the
 * pattern's fixed prefix and never into node_modules or dot-folders.
 */
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

const SKIP = new Set(['node_modules', 'dist', 'data'])

/** Whether the text contains glob syntax. */
export const isGlob = (text: string): boolean => /[*?{]/.test(text)

/**
 * A regular expression for a glob over `/`-separated relative paths.
 * @example
 * globToRegExp('connectors/harvest/*.yaml').test('connectors/harvest/connector.yaml') // true
 */
export function globToRegExp(glob: string): RegExp {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/'
      out += slash ? '(?:[^/]*/)*' : '.*'
      i += slash ? 2 : 1
    } else if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else if (c === '{') {
      const end = glob.indexOf('}', i)
      if (end < 0) { out += '\\{'; continue }
      out += `(?:${glob.slice(i + 1, end).split(',').map((p) => p.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`
      i = end
    } else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${out}$`)
}

/** Files matching a glob relative to `cwd`, as `/`-separated relative paths, sorted. */
export async function glob(pattern: string, cwd = process.cwd()): Promise<string[]> {
  const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '')
  const parts = normalized.split('/')
  const fixed: string[] = []
  for (const part of parts) {
    if (isGlob(part)) break
    fixed.push(part)
  }
  const re = globToRegExp(normalized)
  const base = fixed.join('/')
  const out: string[] = []
  await walk(join(cwd, base), async (file) => {
    const rel = relative(cwd, file).split(sep).join('/')
    if (re.test(rel)) out.push(rel)
  })
  return out.sort()
}

/** Every file below `dir` (or `dir` itself when it is a file). */
export async function walk(dir: string, visit: (file: string) => Promise<void> | void): Promise<void> {
  const info = await stat(dir).catch(() => undefined)
  if (!info) return
  if (info.isFile()) { await visit(dir); return }
  if (!info.isDirectory()) return
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await walk(path, visit)
    else if (entry.isFile()) await visit(path)
  }
}
