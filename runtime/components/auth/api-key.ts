/**
 * @module `api_key`: a static key in a header or a query parameter.
 */
import type { AuthFactory } from './types.ts'
import { secretTemplate } from './secret-template.ts'

/** A key sent as `name` in a header or the query (e.g. Clockify `X-Api-Key`, GoodHire `Authorization: ApiKey …`). */
export const apiKey: AuthFactory<'api_key'> = (spec) => {
  const value = secretTemplate(spec.value, `the ${spec.name} API key`)
  return async (req, ctx) => {
    const key = await value(ctx)
    req.secrets.push(key)
    if (spec.in === 'query') req.url.searchParams.set(spec.name, key)
    else req.headers[spec.name.toLowerCase()] = key
  }
}
