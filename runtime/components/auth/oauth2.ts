/**
 * @module `oauth2` and `oauth2_client_credentials`: the access token comes from a `TokenProvider`.
 */
import { MaestroError } from '../../errors.ts'
import type { AuthFactory } from './types.ts'

/**
 * Ask the connection's token provider for a token and put it where `apply` says
 * (default `Authorization: Bearer <token>`). Refreshing is the token provider's business.
 */
export const oauth2: AuthFactory<'oauth2' | 'oauth2_client_credentials'> = (spec) => {
  const header = (spec.apply?.header ?? 'Authorization').toLowerCase()
  const prefix = spec.apply?.prefix ?? 'Bearer '
  return async (req, ctx) => {
    if (!ctx.tokenProvider) {
      throw new MaestroError('internal', `Auth type ${spec.type} needs a token provider, and none was given to the requester.`)
    }
    const token = await ctx.tokenProvider.accessToken()
    if (!token) throw new MaestroError('connection_needs_reauth', 'The connection has no access token.')
    req.secrets.push(token)
    req.accessToken = token
    req.headers[header] = `${prefix}${token}`
  }
}
