/**
 * @module Turns anything thrown in a route into the one error body `{ error: { code, message, hint?, details? } }`.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { MaestroError } from '../errors.ts'
import type { ServerLogger } from './deps.ts'

/** Send a MaestroError as the API's error body with its status. */
export function sendError(c: Context, err: MaestroError): Response {
  return c.json({ error: err.toJSON() }, err.status as ContentfulStatusCode)
}

function fromHttpException(err: HTTPException): MaestroError {
  if (err.status === 413) return new MaestroError('payload_too_large', 'The request body is too large.')
  if (err.status === 401) return new MaestroError('unauthorized', 'A bearer token is required.')
  return new MaestroError(err.status === 404 ? 'not_found' : 'invalid_request', err.message || 'The request was refused.')
}

/**
 * The app's error handler. Unexpected errors are logged by message only (never a request body) and
 * answered with a generic `internal` error, so no internal detail leaks to callers.
 */
export function errorHandler(logger: ServerLogger): ErrorHandler {
  return (err, c) => {
    if (err instanceof MaestroError) {
      if (err.status >= 500) logger.error(`[server] ${c.req.method} ${c.req.path}: ${err.code}: ${err.message}`)
      return sendError(c, err)
    }
    if (err instanceof HTTPException) return sendError(c, fromHttpException(err))
    logger.error(`[server] ${c.req.method} ${c.req.path}: ${err instanceof Error ? err.message : String(err)}`)
    return sendError(c, new MaestroError('internal', 'The server failed to handle this request.'))
  }
}

/** 404 for paths no route serves. */
export const notFoundHandler: NotFoundHandler = (c) =>
  sendError(c, new MaestroError('not_found', `No route for ${c.req.method} ${c.req.path}.`, { hint: 'See schemas/api/openapi.json for the routes.' }))
