/**
 * @module Shapes shared by the requester, the auth appliers and the paginators.
 */

/** A literal query value; `null` in an override removes the parameter. */
export type Scalar = string | number | boolean

/** The request about to be sent, after templates were rendered. Header names are lower-case. */
export interface OutgoingRequest {
  method: string
  url: URL
  headers: Record<string, string>
  /** JSON body as a value; serialised just before sending. */
  body?: unknown
  /**
   * Secret values applied to this request (keys, tokens, Basic blobs). They are scrubbed from
   * every URL, message and event that leaves the requester.
   */
  secrets: string[]
  /** The OAuth access token used, so an `auth_expired` answer can invalidate exactly that one. */
  accessToken?: string
}

/** Hands out OAuth access tokens; implemented by the auth module, which owns refreshes. */
export interface TokenProvider {
  accessToken(): Promise<string>
  /** Forget a token the provider refused, so the next `accessToken()` refreshes. */
  invalidate?(token: string): void | Promise<void>
}

/** What templates and auth appliers read: the connection's values and the app registration. */
export interface RequestContext {
  config: Record<string, unknown>
  credentials: Record<string, unknown>
  app: Record<string, unknown>
  tokenProvider?: TokenProvider
}

/** A response as the requester hands it back. */
export interface HttpResponse {
  status: number
  /** Lower-cased header names. */
  headers: Record<string, string>
  /** Parsed JSON (or the `parseResponse` hook's result); undefined for an empty body. */
  body: unknown
  /** Final URL, with secrets redacted. */
  url: string
  /** Attempts it took, the first included. */
  attempts: number
  /** Set when a classification rule said `ignore`: the caller treats it as "nothing here". */
  ignored?: boolean
}

/** What the caller asks for: templates from the manifest plus literal overrides from a paginator. */
export interface RequestSpec {
  method?: string
  /** Path after the base URL; each `{{ }}` value is URL-encoded. */
  path?: string
  /** Absolute URL used as-is (next-page links); must stay on the base URL's origin. */
  url?: string
  /** Query templates; an entry that renders undefined is left out. */
  query?: Record<string, Scalar>
  /** Header templates. */
  headers?: Record<string, Scalar>
  /** JSON body; string leaves are templates. */
  body?: unknown
  /** Literal values (never templates: they may come from a provider's response). */
  overrides?: {
    query?: Record<string, Scalar | null>
    /** Replaces the rendered body entirely. */
    body?: unknown
  }
}
