/**
 * @module Fixed request windows per credential, as Harvest and Gusto describe their limits.
 */

/** The state of a caller's window after counting one request. */
export interface WindowState {
  allowed: boolean
  limit: number
  remaining: number
  /** Epoch ms at which the window closes. */
  resetAt: number
  /** Whole seconds until the window closes (>= 1), for `Retry-After`. */
  retryAfter: number
}

/**
 * Counts requests per key in a window that opens with the first request and closes `windowMs`
 * later (Gusto: "The window opens after your first API call and closes after 60 seconds").
 * Refused requests are not counted, so a client that waits for `Retry-After` always gets through.
 * @example
 * const limiter = new WindowLimiter(100, 15_000, Date.now)
 * if (!limiter.hit(token).allowed) answer429()
 */
export class WindowLimiter {
  private windows = new Map<string, { start: number; count: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Count one request for `key`. */
  hit(key: string): WindowState {
    const now = this.now()
    let w = this.windows.get(key)
    if (!w || now >= w.start + this.windowMs) {
      w = { start: now, count: 0 }
      this.windows.set(key, w)
    }
    const allowed = w.count < this.limit
    if (allowed) w.count += 1
    const resetAt = w.start + this.windowMs
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - w.count),
      resetAt,
      retryAfter: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    }
  }
}

/** Resolve the `rateLimit` option: whether to refuse, and the window to count in. */
export function rateLimitSettings(
  option: boolean | { limit?: number; windowMs?: number } | undefined,
  defaults: { limit: number; windowMs: number },
): { enforce: boolean; limit: number; windowMs: number } {
  if (!option) return { enforce: false, ...defaults }
  if (option === true) return { enforce: true, ...defaults }
  return { enforce: true, limit: option.limit ?? defaults.limit, windowMs: option.windowMs ?? defaults.windowMs }
}
