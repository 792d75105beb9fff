/** Backoff settings in milliseconds. */
export interface BackoffOptions {
  initialDelayMs: number
  maxDelayMs: number
}

/** A backoff strategy: the delay before retry number `retry` (1 for the first retry). */
export type Backoff = (retry: number, options: BackoffOptions, random?: () => number) => number
