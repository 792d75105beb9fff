/**
 * @module Deterministic, bounded fault injection for provider simulators.
 */

/** One injected failure. `status` answers with that status instead of the real response. */
export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503; retryAfter?: number; body?: unknown }
  | { kind: 'drop' }
  | { kind: 'malformed' }
  | { kind: 'delay'; ms: number }

/** Restricts a fault to requests whose pathname starts with `path` (full path, e.g. `/v2/users`). */
export interface FaultMatch {
  path?: string
}

interface Rule {
  fault: Fault
  remaining: number
  every: number
  seen: number
  path?: string
}

/**
 * A queue of faults consumed as they fire. Rules are checked in the order they were added and the
 * first one that fires wins, so a plan is reproducible request by request.
 * @example
 * const faults = new FaultPlan()
 * faults.next(1, { kind: 'status', status: 503 }).everyNth(3, { kind: 'drop' }, 2, { path: '/v2/users' })
 */
export class FaultPlan {
  /** How many faults have fired so far. */
  fired = 0
  /** What fired, in order. */
  readonly history: Array<{ kind: Fault['kind']; path: string }> = []
  private rules: Rule[] = []

  /** The next `n` matching requests get `fault`. */
  next(n: number, fault: Fault, match: FaultMatch = {}): this {
    return this.add({ fault, remaining: n, every: 1, seen: 0, path: match.path })
  }

  /** Queue a sequence: each fault fires once, on successive matching requests. */
  plan(faults: Array<Fault & FaultMatch>): this {
    for (const { path, ...fault } of faults) this.next(1, fault as Fault, { path })
    return this
  }

  /** Every `n`th matching request gets `fault`, `times` times in all (a "storm"). */
  everyNth(n: number, fault: Fault, times: number, match: FaultMatch = {}): this {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('everyNth needs n >= 1')
    return this.add({ fault, remaining: times, every: n, seen: 0, path: match.path })
  }

  /** Faults still to fire. */
  get pending(): number {
    return this.rules.reduce((sum, r) => sum + r.remaining, 0)
  }

  /** Forget every rule that has not fired yet. */
  clear(): this {
    this.rules = []
    return this
  }

  /** Called by the server once per request: the fault to apply, if any. */
  take(path: string): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.path !== undefined && !path.startsWith(rule.path)) continue
      rule.seen += 1
      if (rule.seen % rule.every !== 0) continue
      rule.remaining -= 1
      this.rules = this.rules.filter((r) => r.remaining > 0)
      this.fired += 1
      this.history.push({ kind: rule.fault.kind, path })
      return rule.fault
    }
    return undefined
  }

  private add(rule: Rule): this {
    if (rule.remaining > 0) this.rules.push(rule)
    return this
  }
}
