/**
 * @module `bearer`: a static bearer token (personal access tokens).
 */
import type { AuthFactory } from './types.ts'
import { secretTemplate } from './secret-template.ts'

/** `Authorization: Bearer <token>` with a token from the connection's credentials. */
export const bearer: AuthFactory<'bearer'> = (spec) => {
  const token = secretTemplate(spec.token, 'the bearer token')
  return async (req, ctx) => {
    const value = await token(ctx)
    req.secrets.push(value)
    req.headers.authorization = `Bearer ${value}`
  }
}
