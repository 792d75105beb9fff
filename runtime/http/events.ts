/**
 * @module Events the requester emits. URLs in them are redacted; no header value ever appears.
 */
import type { ErrorCode } from '../errors.ts'

/** One thing worth telling the run log, the SSE stream or a test about. */
export type RequestEvent =
  | { type: 'request.retry'; method: string; url: string; attempt: number; delayMs: number; code: ErrorCode; status?: number }
  | { type: 'request.rate_limited'; method: string; url: string; attempt: number; waitMs: number; status: number }
  | { type: 'request.auth_refresh'; method: string; url: string; status?: number }
  | { type: 'request.failed'; method: string; url: string; attempts: number; code: ErrorCode; status?: number }

/** Counters kept by one requester. */
export interface RequesterStats {
  /** Calls to `request()`. */
  requests: number
  /** HTTP attempts sent, retries included. */
  attempts: number
  retries: number
  /** Rate-limited answers waited out. */
  rateLimitWaits: number
  rateLimitWaitMs: number
  authRefreshes: number
  failures: number
}
