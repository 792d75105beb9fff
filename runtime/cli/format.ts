/**
 * @module Print diagnostics for people (`text`), programs (`json`) or GitHub Actions annotations (`github`).
 */
import type { Diagnostic } from '../manifest/diagnostic.ts'

/** Output formats of `maestro validate`. */
export const FORMATS = ['text', 'json', 'github'] as const
export type Format = (typeof FORMATS)[number]

/** What was validated, for the summary. */
export interface Summary {
  files: string[]
  diagnostics: Diagnostic[]
}

/**
 * Render the whole report in one format.
 * @example
 * render('text', { files: ['a.yaml'], diagnostics: [] }) // '✓ 1 manifest valid\n'
 */
export function render(format: Format, summary: Summary): string {
  if (format === 'json') return `${JSON.stringify(jsonReport(summary), null, 2)}\n`
  if (format === 'github') return summary.diagnostics.map(githubLine).join('')
  return textReport(summary)
}

function counts(diagnostics: Diagnostic[]): { errors: number; warnings: number } {
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  return { errors, warnings: diagnostics.length - errors }
}

function jsonReport({ files, diagnostics }: Summary) {
  return { files, ...counts(diagnostics), diagnostics }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** `file:line:col severity code message`, then an indented hint line. */
export function textLine(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n${d.hint ? `    hint: ${d.hint}\n` : ''}`
}

function textReport({ files, diagnostics }: Summary): string {
  const { errors, warnings } = counts(diagnostics)
  const body = diagnostics.map(textLine).join('')
  if (errors === 0 && warnings === 0) return `✓ ${plural(files.length, 'manifest')} valid\n`
  return `${body}${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files.length, 'manifest')}\n`
}

// GitHub workflow commands: data escapes %, CR, LF; property values also ':' and ','.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** One `::error file=…,line=…,col=…,title=<code>::<message>` annotation. */
export function githubLine(d: Diagnostic): string {
  const props = [
    `file=${escapeProperty(d.file)}`, `line=${d.line}`, `col=${d.column}`,
    ...(d.endLine ? [`endLine=${d.endLine}`] : []), ...(d.endColumn && d.endLine === d.line ? [`endColumn=${d.endColumn}`] : []),
    `title=${escapeProperty(d.code)}`,
  ]
  const message = d.hint ? `${d.message}\n${d.hint}` : d.message
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(message)}\n`
}
