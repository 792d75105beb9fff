/**
 * @module How a route module describes its routes: one `Operation` per method and path (the OpenAPI
 * document is built from these), and the `(deps) => Hono` factory that serves them.
 */
import type { TObject, TSchema } from '@sinclair/typebox'
import type { Hono } from 'hono'
import type { ErrorCode } from '../errors.ts'
import type { AppDeps, ServerEnv, ServerLogger } from './deps.ts'
import type { Metrics } from './metrics.ts'

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** One documented response of an operation. */
export interface OperationResponse {
  description: string
  /** JSON body schema; absent for an empty body. */
  schema?: TSchema
  /** Media type when the body is not JSON (`text/event-stream`, `text/plain`, `text/html`). */
  contentType?: string
}

/** One route: method, Hono-style path (`/connections/:id`), inputs, outputs and the error codes it may answer. */
export interface Operation {
  method: HttpMethod
  path: string
  summary: string
  tag: string
  /** Reachable without a token (see auth.ts for the list it must match). */
  public?: boolean
  /** Only the operator token may call it. */
  operatorOnly?: boolean
  query?: TObject
  body?: TSchema
  /** Success responses by status. */
  responses: Record<number, OperationResponse>
  /** Errors are also answered as an HTML page to browsers (`Accept: text/html`). */
  htmlErrors?: boolean
  /** Error codes this route may answer besides `unauthorized`, `forbidden` and `internal`. */
  errors?: ErrorCode[]
}

/** The parts every route module receives: the app's deps with their defaults filled in. */
export type RouteDeps = AppDeps & {
  clock: () => Date
  logger: ServerLogger
  metrics: Metrics
  startedAt: Date
}

/** A route module: its documented operations and the sub-app serving them, mounted at `/`. */
export interface RouteModule {
  operations: Operation[]
  routes(deps: RouteDeps): Hono<ServerEnv>
}
