/**
 * @module Render a credential template and insist on a value, without ever echoing it.
 */
import { MaestroError } from '../../errors.ts'
import { compileTemplate } from '../../http/expr.ts'
import type { RequestContext } from '../../http/types.ts'

/**
 * A compiled credential template: renders against the connection's config, credentials and app.
 * The result is cached per context object: a requester keeps one context for its life, and a
 * changed credential arrives as a new context, so static keys are rendered once, not per request.
 */
export function secretTemplate(text: string, what: string, allowEmpty = false): (ctx: RequestContext) => Promise<string> {
  const t = compileTemplate(text)
  const cache = new WeakMap<object, string>()
  return async (ctx) => {
    const cached = cache.get(ctx)
    if (cached !== undefined) return cached
    const value = await t.render({ config: ctx.config, credentials: ctx.credentials, app: ctx.app })
    if (value === undefined || value === null || (value === '' && !allowEmpty) || typeof value === 'object') {
      // Name the template (it only names fields), never the value.
      throw new MaestroError('connection_needs_reauth', `The connection has no value for ${what} (\`${text}\`).`)
    }
    const out = String(value)
    cache.set(ctx, out)
    return out
  }
}
