import { inspect } from 'node:util'
import * as oidc from 'openid-client'
import { describe, expect, it } from 'vitest'
import { createAppRegistry } from './apps.ts'
import { oauthClient } from './oauth-client.ts'
import { classifyTokenError } from './token-errors.ts'

const TOKEN_URL = 'https://idp.example/oauth/token'
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

/** What openid-client throws for a token endpoint that answers `res`. */
async function thrownFor(res: () => Response | Promise<Response>): Promise<unknown> {
  const app = createAppRegistry({ x: { clientId: 'id', clientSecret: 'secret' } }).require('x')
  const { config } = oauthClient({ auth: { type: 'oauth2_client_credentials', tokenUrl: TOKEN_URL }, app, fetch: async () => res() })
  return oidc.clientCredentialsGrant(config).then(() => { throw new Error('expected a failure') }, (e: unknown) => e)
}

describe('classifyTokenError', () => {
  it.each([
    { name: 'invalid_grant → reauth', res: () => json(400, { error: 'invalid_grant', error_description: 'Token invalid' }), code: 'connection_needs_reauth', reauth: true, message: /invalid_grant \(Token invalid\)/ },
    { name: 'invalid_client is not the connection\'s fault by default', res: () => json(401, { error: 'invalid_client' }), code: 'oauth_failed', reauth: false, message: /invalid_client/ },
    { name: 'an OAuth error with a 5xx is the provider\'s hiccup', res: () => json(503, { error: 'temporarily_unavailable' }), code: 'provider_unreachable', reauth: false, message: /503/ },
    { name: 'a non-JSON 502 is the provider\'s hiccup', res: () => new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }), code: 'provider_unreachable', reauth: false, message: /HTTP 502/ },
    { name: 'a network failure', res: () => { throw new TypeError('fetch failed') }, code: 'provider_unreachable', reauth: false, message: /could not be reached/ },
  ])('$name', async ({ res, code, reauth, message }) => {
    const failure = classifyTokenError(await thrownFor(res), 'Refreshing the access token')
    expect(failure.error.code).toBe(code)
    expect(failure.reauth).toBe(reauth)
    expect(failure.error.message).toMatch(message)
  })

  it('a rejected token response never carries its tokens on in the error chain', async () => {
    const err = await thrownFor(() => json(200, { access_token: 'leaky-access-token', refresh_token: 'leaky-refresh-token', token_type: 'mac' }))
    expect(inspect(err, { depth: 8 })).toContain('leaky-access-token') // what openid-client hands us…
    const { error } = classifyTokenError(err, 'Refreshing the access token')
    expect(error.code).toBe('oauth_failed')
    const shown = `${inspect(error, { depth: 8 })} ${JSON.stringify(error)}`
    expect(shown).not.toContain('leaky-access-token') // …and what Maestro passes on
    expect(shown).not.toContain('leaky-refresh-token')
  })
})
