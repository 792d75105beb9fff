/**
 * @module OAuth consent: start it for a connection, and the public callback the provider redirects to
 * (it proves itself with the single-use `state` and PKCE, checked by the auth module).
 */
import { Type } from '@sinclair/typebox'
import { Hono, type Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { asMaestroError, MaestroError } from '../../errors.ts'
import type { Connection } from '../../store/types.ts'
import { audit, loadConnection } from '../access.ts'
import { appConfigured, needsConsent } from '../catalog.ts'
import type { ServerEnv } from '../deps.ts'
import { sendError } from '../error-handler.ts'
import { htmlPage } from '../html.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'
import { AuthorizeRequest, AuthorizeResponse } from '../schemas.ts'
import { readBody } from '../validate.ts'

export const operations: Operation[] = [
  {
    method: 'post', path: '/connections/:id/authorize', tag: 'oauth', summary: 'Start OAuth consent; send the browser to the returned URL.',
    body: AuthorizeRequest, responses: { 200: { description: 'The authorization URL.', schema: AuthorizeResponse } },
    errors: ['forbidden', 'invalid_request', 'connection_not_found', 'connector_not_found', 'app_not_configured'],
  },
  {
    method: 'get', path: '/oauth/callback', tag: 'oauth', public: true, htmlErrors: true, summary: 'Where the provider redirects after consent.',
    responses: {
      200: { description: 'A "connected" page (when no returnTo was given).', schema: Type.String(), contentType: 'text/html' },
      302: { description: 'Back to the returnTo URL, with `connection` and `status` query parameters.' },
    },
    errors: ['oauth_state_invalid', 'oauth_failed', 'invalid_request', 'connector_not_found', 'connection_not_found', 'app_not_configured', 'not_found'],
  },
]

const wantsHtml = (c: Context): boolean => (c.req.header('accept') ?? '').includes('text/html')

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()

  app.post('/connections/:id/authorize', async (c) => {
    const connection = await loadConnection(deps, c, c.req.param('id'))
    const connector = deps.connectors.get(connection.connector)
    if (!connector) throw new MaestroError('connector_not_found', `No connector "${connection.connector}".`)
    if (!needsConsent(connector)) {
      throw new MaestroError('invalid_request', `${connector.manifest.name} connects with ${connector.manifest.auth.type} credentials, not OAuth consent.`, { hint: 'Set its credentials with PATCH /connections/:id.' })
    }
    const body = await readBody(c, AuthorizeRequest)
    if (!deps.oauth || (deps.apps && !appConfigured(connector.id, deps.apps))) {
      throw new MaestroError('app_not_configured', `No OAuth app is registered for ${connector.id}.`)
    }
    // An app's registered redirect URI wins; without one, this server's own callback is the natural default.
    const redirectUri = deps.publicUrl && !deps.apps?.describe()[connector.id]?.redirectUri ? new URL('/oauth/callback', deps.publicUrl).toString() : undefined
    const { url } = await deps.oauth.startAuthorization({ connection, ...(body.returnTo ? { returnTo: body.returnTo } : {}), ...(redirectUri ? { redirectUri } : {}) })
    // Who asked for consent; the auth module records the flow's own steps (oauth.started, oauth.completed).
    await audit(deps, c, { action: 'oauth.authorize', outcome: 'ok', tenant: connection.tenant, target: connection.id })
    return c.json({ url })
  })

  app.get('/oauth/callback', async (c) => {
    if (!deps.oauth) throw new MaestroError('not_found', 'OAuth is not enabled on this server.')
    let done: { connection: Connection; returnTo?: string }
    try {
      done = await deps.oauth.completeAuthorization(c.req.url)
    } catch (err) {
      const e = asMaestroError(err)
      // A refused state names no connection, so the auth module cannot record it; this entry does.
      await audit(deps, c, { action: 'oauth.callback', outcome: 'error', actor: 'anonymous', details: { code: e.code } })
      if (e.status >= 500) deps.logger.error(`[server] OAuth callback failed: ${e.code}: ${e.message}`)
      if (!wantsHtml(c)) return sendError(c, e)
      return c.html(htmlPage('Connection failed', `${e.message} ${e.hint ?? ''}`.trim()), e.status as ContentfulStatusCode)
    }
    // The auth module audits the completion and announces the connection on the bus.
    const { connection, returnTo } = done
    if (returnTo) {
      const url = new URL(returnTo)
      url.searchParams.set('connection', connection.id)
      url.searchParams.set('status', connection.status)
      return c.redirect(url.toString(), 302)
    }
    const name = deps.connectors.get(connection.connector)?.manifest.name ?? connection.connector
    return c.html(htmlPage('Connected', `${name} is connected. You can close this window.`))
  })
  return app
}

export const oauth: RouteModule = { operations, routes }
