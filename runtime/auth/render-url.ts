/**
 * @module Renders the auth section's URL templates (`{{ app.x }}`, `{{ config.x }}`).
 *
 * Deliberately narrower than `compileTemplate` (runtime/mapping): auth URLs only ever need plain
 * `app.<name>` / `config.<name>` references, and a missing one must be named in the error (an unregistered
 * app is `app_not_configured`), where a general template would just render undefined.
 */
import { MaestroError } from '../errors.ts'

const PART = /\{\{\s*([\s\S]*?)\s*\}\}/g
const REF = /^(app|config)\.([A-Za-z_][A-Za-z0-9_]*)$/

/**
 * Render a URL template of the manifest's `auth` section and check it parses as http(s).
 * @example
 * renderUrl('https://{{ config.domain }}/oauth/token', { config: { domain: 'x.example' }, app: {} }, 'auth.tokenUrl')
 * // 'https://x.example/oauth/token'
 */
export function renderUrl(template: string, ctx: { app: Record<string, unknown>; config: Record<string, unknown> }, field: string): string {
  const out = template.replace(PART, (_, expr: string) => {
    const m = REF.exec(expr)
    if (!m) throw new MaestroError('expression_failed', `${field}: only {{ app.<name> }} and {{ config.<name> }} are supported here, got {{ ${expr} }}.`)
    const value = (m[1] === 'app' ? ctx.app : ctx.config)[m[2]]
    if (value === undefined || value === null || value === '') {
      throw new MaestroError(m[1] === 'app' ? 'app_not_configured' : 'expression_failed', `${field} needs ${m[1]}.${m[2]}, which is not set.`)
    }
    return encodeURIComponent(String(value)).replace(/%2F/gi, '/').replace(/%3A/gi, ':')
  })
  let url: URL
  try {
    url = new URL(out)
  } catch (cause) {
    throw new MaestroError('expression_failed', `${field} did not render to a URL.`, { cause })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MaestroError('expression_failed', `${field} must be an http(s) URL.`)
  return url.toString()
}
