/**
 * @module The per-connection request budget: every resource, sync, webhook follow-up and `get`
 * of one connection draws from the same one.
 *
 * Bottleneck costs ~4.6 ms per awaited job (perf-baseline §5), so it only ever sees requests
 * that must wait anyway. While the connection is under its budget a request starts at once,
 * admitted by a sliding-window count kept here; once the window is spent (or concurrency is
 * full, or a 429 paused everyone) requests queue in Bottleneck, whose reservoir is topped up by
 * that same window clock. Without a declared `rateLimit` Bottleneck is not created at all.
 */
import Bottleneck from 'bottleneck'
import type { HttpSpec } from '../manifest/schema/index.ts'
import { durationMs } from '../manifest/schema/index.ts'

/** A manifest's `http.rateLimit`. */
export type RateLimitSpec = NonNullable<HttpSpec['rateLimit']>

/** Counters for dashboards, benchmarks and tests. */
export interface RateBudgetStats {
  limited: boolean
  scheduled: number
  /** Started at once, without queueing. */
  immediate: number
  /** Waited in the queue for the window, a concurrency slot or a pause. */
  queued: number
  running: number
  waiting: number
  /** Requests started in the current sliding window. */
  windowUsed: number
  pauses: number
}

/** One connection's budget. */
export interface RateBudget {
  /** Run one request (one page, never one record) inside the budget. */
  schedule<T>(fn: () => Promise<T>): Promise<T>
  /** Hold every request of the connection for `ms` (after a 429 everyone waits). */
  pause(ms: number): void
  stats(): RateBudgetStats
}

/** Options for tests and special callers. */
export interface RateBudgetOptions {
  /** Clock in milliseconds (default: monotonic `performance.now()`). */
  now?: () => number
  /** Concurrency when no `rateLimit` is declared (default: unlimited). */
  concurrency?: number
}

/**
 * Create the budget of one connection from its manifest's `http.rateLimit`.
 * @example
 * const budget = createRateBudget({ requests: 100, per: '15s', concurrency: 4 })
 * const res = await budget.schedule(() => fetch('https://api.example.com/users'))
 */
export function createRateBudget(spec: RateLimitSpec | undefined, options: RateBudgetOptions = {}): RateBudget {
  return spec ? windowBudget(spec, options) : gateBudget(options)
}

function gateBudget(options: RateBudgetOptions): RateBudget {
  const now = options.now ?? monotonicNow
  const limit = options.concurrency ?? Infinity
  const waiters: Array<() => void> = []
  let pausedUntil = 0
  const s = { scheduled: 0, immediate: 0, queued: 0, running: 0, pauses: 0 }

  const release = () => {
    s.running--
    const next = waiters.shift()
    if (next) next()
  }
  const run = <T>(fn: () => Promise<T>): Promise<T> => {
    s.running++
    let p: Promise<T>
    try {
      p = fn()
    } catch (err) {
      release()
      return Promise.reject(err)
    }
    return p.finally(release)
  }
  const slow = async <T>(fn: () => Promise<T>): Promise<T> => {
    s.queued++
    for (;;) {
      const wait = pausedUntil - now()
      if (wait > 0) { await delay(wait); continue }
      if (s.running < limit) break
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
    return run(fn)
  }
  return {
    schedule(fn) {
      s.scheduled++
      if (s.running < limit && waiters.length === 0 && pausedUntil <= now()) {
        s.immediate++
        return run(fn)
      }
      return slow(fn)
    },
    pause(ms) {
      s.pauses++
      pausedUntil = Math.max(pausedUntil, now() + ms)
    },
    stats: () => ({ limited: false, ...s, waiting: waiters.length, windowUsed: 0 }),
  }
}

function windowBudget(spec: RateLimitSpec, options: RateBudgetOptions): RateBudget {
  const now = options.now ?? monotonicNow
  const requests = spec.requests
  const per = durationMs(spec.per)
  const concurrency = spec.concurrency ?? Infinity
  // Start times of requests in the sliding window, oldest first, consumed from `head`.
  let starts: number[] = []
  let head = 0
  let pausedUntil = 0
  let waiting = 0
  let granted = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  let limiter: Bottleneck | undefined
  const s = { scheduled: 0, immediate: 0, queued: 0, running: 0, pauses: 0 }

  const used = (t: number) => {
    while (head < starts.length && starts[head] <= t - per) head++
    if (head > 1024 && head * 2 > starts.length) { starts = starts.slice(head); head = 0 }
    return starts.length - head
  }
  const start = (t: number) => { starts.push(t); s.running++ }
  const finish = () => { s.running--; if (waiting > granted) pump() }

  const wakeAt = (t: number) => {
    if (timer && timerAt <= t) return
    if (timer) clearTimeout(timer)
    timerAt = t
    timer = setTimeout(() => { timer = undefined; timerAt = Infinity; pump() }, Math.max(1, t - now()))
  }

  // Grant queued requests as many reservoir tokens as the window, concurrency and pause allow.
  const pump = () => {
    if (waiting <= granted) return
    const t = now()
    if (t < pausedUntil) { wakeAt(pausedUntil); return }
    const room = Math.min(requests - used(t) - granted, concurrency - s.running - granted, waiting - granted)
    if (room > 0) {
      granted += room
      void limiter!.incrementReservoir(room)
    }
    // Concurrency frees up through `finish`; only the window needs a clock.
    // With nothing in the window yet, the granted requests' own `finish` pumps again.
    if (waiting > granted && used(t) > 0 && requests - used(t) - granted <= 0) wakeAt(starts[head] + per)
  }

  const queue = <T>(fn: () => Promise<T>): Promise<T> => {
    limiter ??= new Bottleneck({ reservoir: 0, maxConcurrent: Number.isFinite(concurrency) ? concurrency : null })
    s.queued++
    waiting++
    const job = limiter.schedule(async () => {
      granted--
      waiting--
      start(now())
      try {
        return await fn()
      } finally {
        finish()
      }
    })
    pump()
    return job
  }

  return {
    schedule(fn) {
      s.scheduled++
      const t = now()
      if (waiting === 0 && t >= pausedUntil && s.running < concurrency && used(t) < requests) {
        s.immediate++
        start(t)
        let p: Promise<Awaited<ReturnType<typeof fn>>>
        try {
          p = fn() as never
        } catch (err) {
          finish()
          return Promise.reject(err)
        }
        return p.finally(finish)
      }
      return queue(fn)
    },
    pause(ms) {
      s.pauses++
      pausedUntil = Math.max(pausedUntil, now() + ms)
    },
    stats: () => ({ limited: true, ...s, waiting, windowUsed: used(now()) }),
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

// A monotonic clock: a wall-clock step (NTP) must neither release a burst nor stall the queue.
function monotonicNow(): number {
  return performance.now()
}
