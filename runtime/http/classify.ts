/**
 * @module The one place that decides what a provider's answer means: manifest rules, then defaults, then the hook.
 */
import type { HttpSpec } from '../manifest/schema/index.ts'
import type { ErrorCode } from '../errors.ts'
import { compileExpression, type Expression } from './expr.ts'

/** What a response means for the requester. */
export type Outcome = 'success' | 'retry' | 'rate_limited' | 'auth_expired' | 'fatal' | 'ignore'

/** A decision, with the error code to raise if the requester gives up on it. */
export interface Classification {
  outcome: Outcome
  code: ErrorCode
  /** Human message (from a rule's `message` expression, or a default). */
  message?: string
  /** Which step decided: `rule[i]`, `default`, `hook`. */
  by: string
}

/** The facts classification looks at: a received response, or a transport failure. */
export type Attempt =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: unknown; bodyInvalid?: boolean }
  | { kind: 'network'; error: unknown; timedOut?: boolean }

/**
 * The connector's `classifyError` hook: sees every attempt and the decision so far; returns an
 * outcome (or a full classification) to override it, or undefined to keep it.
 */
export type ClassifyHook = (attempt: Attempt, proposed: Classification) => Outcome | Partial<Classification> | undefined | Promise<Outcome | Partial<Classification> | undefined>

type StatusMatch = number | '4xx' | '5xx'

interface CompiledRule {
  status?: StatusMatch
  when?: Expression
  outcome: Outcome
  message?: Expression
}

const CODES: Record<Outcome, ErrorCode> = {
  success: 'internal', ignore: 'internal', retry: 'provider_error', rate_limited: 'provider_rate_limited', auth_expired: 'auth_expired', fatal: 'provider_error',
}

/** Whether `status` matches a manifest status or status class. */
export function statusMatches(match: StatusMatch, status: number): boolean {
  if (typeof match === 'number') return match === status
  return Math.floor(status / 100) === Number(match[0])
}

/**
 * Compile a classifier from `http.errors` and `http.retry.on`.
 * @example
 * const classify = createClassifier({ errors: [{ status: 402, outcome: 'rate_limited' }] })
 * await classify({ kind: 'response', status: 402, headers: {}, body: {} }) // { outcome: 'rate_limited', … }
 */
export function createClassifier(http: Pick<HttpSpec, 'errors' | 'retry'>, hook?: ClassifyHook): (attempt: Attempt) => Promise<Classification> {
  const rules: CompiledRule[] = (http.errors ?? []).map((r) => ({
    status: r.status as StatusMatch | undefined,
    when: r.when === undefined ? undefined : compileExpression(r.when),
    outcome: r.outcome as Outcome,
    message: r.message === undefined ? undefined : compileExpression(r.message),
  }))
  const retryOn = (http.retry?.on ?? [429, '5xx']) as StatusMatch[]

  const byRules = async (a: Extract<Attempt, { kind: 'response' }>): Promise<Classification | undefined> => {
    for (const [i, rule] of rules.entries()) {
      if (rule.status !== undefined && !statusMatches(rule.status, a.status)) continue
      if (rule.when) {
        const bindings = { status: a.status, headers: a.headers, response: { status: a.status, headers: a.headers, body: a.body } }
        const hit = await rule.when.evaluate(a.body, bindings)
        if (hit !== true) continue
      }
      const message = rule.message ? await rule.message.evaluate(a.body, { status: a.status, headers: a.headers }) : undefined
      return { outcome: rule.outcome, code: CODES[rule.outcome], by: `rule[${i}]`, ...(message === undefined ? {} : { message: String(message) }) }
    }
    return undefined
  }

  const byDefault = (a: Attempt): Classification => {
    if (a.kind === 'network') {
      return { outcome: 'retry', code: 'provider_unreachable', by: 'default', message: a.timedOut ? 'The request timed out.' : 'The connection failed.' }
    }
    const s = a.status
    if (s >= 200 && s < 300) return { outcome: 'success', code: 'internal', by: 'default' }
    if (s === 429) return { outcome: 'rate_limited', code: 'provider_rate_limited', by: 'default' }
    if (s === 401) return { outcome: 'auth_expired', code: 'auth_expired', by: 'default' }
    if (retryOn.some((m) => statusMatches(m, s))) return { outcome: 'retry', code: 'provider_error', by: 'default' }
    return { outcome: 'fatal', code: 'provider_error', by: 'default' }
  }

  return async (attempt) => {
    let decision = (attempt.kind === 'response' ? await byRules(attempt) : undefined) ?? byDefault(attempt)
    if (hook) {
      const override = await hook(attempt, decision)
      if (typeof override === 'string') decision = { outcome: override, code: CODES[override], by: 'hook' }
      else if (override) {
        const outcome = override.outcome ?? decision.outcome
        decision = { ...decision, code: CODES[outcome], ...override, outcome, by: 'hook' }
      }
    }
    // A success whose body does not parse is a truncated page: worth another try, never data.
    if (decision.outcome === 'success' && attempt.kind === 'response' && attempt.bodyInvalid) {
      return { outcome: 'retry', code: 'provider_response_invalid', by: decision.by, message: 'The response body is not valid JSON.' }
    }
    return decision
  }
}
