/**
 * @module `basic`: HTTP Basic authentication with templated user and password.
 */
import type { AuthFactory } from './types.ts'
import { secretTemplate } from './secret-template.ts'

/** `Authorization: Basic base64(user:password)`; BambooHR uses the key as user and `x` as password, Checkr an empty password. */
export const basic: AuthFactory<'basic'> = (spec) => {
  const username = secretTemplate(spec.username, 'the Basic auth user name')
  const password = spec.password === '' ? async () => '' : secretTemplate(spec.password, 'the Basic auth password', true)
  return async (req, ctx) => {
    const user = await username(ctx)
    const pass = await password(ctx)
    const blob = Buffer.from(`${user}:${pass}`).toString('base64')
    req.secrets.push(user, blob)
    if (pass) req.secrets.push(pass)
    req.headers.authorization = `Basic ${blob}`
  }
}
