/**
 * @module Render a credential template and insist on a value, without ever echoing it.
 */
import { MaestroError } from '../../errors.ts'
import { compileTemplate } from '../../http/expr.ts'
import type { RequestContext } from '../../http/types.ts'

/** A compiled credential template: renders against the connection's config, credentials and app. */
export function secretTemplate(text: string, what: string, allowEmpty = false): (ctx: RequestContext) => Promise<string> {
  const t = compileTemplate(text)
  return async (ctx) => {
    const input = { config: ctx.config, credentials: ctx.credentials, app: ctx.app }
    const value = t.renderSync ? t.renderSync(input) : await t.render(input)
    if (value === undefined || value === null || (value === '' && !allowEmpty) || typeof value === 'object') {
      // Name the template (it only names fields), never the value.
      throw new MaestroError('connection_needs_reauth', `The connection has no value for ${what} (\`${text}\`).`)
    }
    return String(value)
  }
}
