/**
 * @module The requester: build, authenticate, send inside the connection's budget, classify, retry.
 */
import type { AuthSpec, HttpSpec } from '../manifest/schema/index.ts'
import { durationMs } from '../manifest/schema/index.ts'
import { MaestroError, type ErrorCode } from '../errors.ts'
import { createAuthApplier, type ApplyAuth } from '../components/auth/index.ts'
import { createRequestBuilder } from './build-request.ts'
import { createClassifier, type Attempt, type Classification, type ClassifyHook } from './classify.ts'
import { fullJitter } from '../components/backoff/index.ts'
import { parseResetHeader, parseRetryAfter } from './retry-after.ts'
import { createRateBudget, type RateBudget } from './rate-budget.ts'
import { redactText, redactUrl, secretValues } from './redact.ts'
import { sendRequest, type FetchFn } from './send.ts'
import type { RequestEvent, RequesterStats } from './events.ts'
import type { HttpResponse, OutgoingRequest, RequestContext, RequestSpec, TokenProvider } from './types.ts'

/** Retry settings used where the manifest's `http.retry` says nothing. */
export const DEFAULT_RETRY = { attempts: 5, initialDelay: '500ms', maxDelay: '60s', retryAfter: 'Retry-After' } as const
const DEFAULT_TIMEOUT = '30s'
const SNIPPET = 500

/** Hook points the requester calls (a connector's hooks module may export them). */
export interface RequesterHooks {
  /** Adjust a built request before auth is applied (so it never sees credentials it did not ask for). */
  prepareRequest?: (req: OutgoingRequest, vars: Record<string, unknown>) => void | Promise<void>
  /** Turn a raw body into data, for providers that do not answer JSON; a throw counts as an invalid body. */
  parseResponse?: (raw: { status: number; headers: Record<string, string>; text: string }) => unknown
  classifyError?: ClassifyHook
}

/** Everything one connection's requester needs. */
export interface RequesterOptions {
  http: HttpSpec
  auth?: AuthSpec
  context: Omit<RequestContext, 'tokenProvider'>
  tokenProvider?: TokenProvider
  /** The connection's shared budget; one is created from `http.rateLimit` when omitted. */
  budget?: RateBudget
  hooks?: RequesterHooks
  /** Defaults to global fetch; pass the auth module's mTLS fetch for providers that need a client certificate. */
  fetch?: FetchFn
  onEvent?: (event: RequestEvent) => void
  /** Injectable clock and randomness, so tests need not wait for real backoff. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  now?: () => number
}

/** A connection's requester. */
export interface Requester {
  request(spec: RequestSpec, vars?: Record<string, unknown>): Promise<HttpResponse>
  stats(): RequesterStats
  readonly budget: RateBudget
  /** The rendered base URL (pagination resolves relative links against request URLs, and origins against this). */
  baseUrl(): Promise<URL>
}

type Received = Extract<Attempt, { kind: 'response' }> & { text: string; url: string; redirectBlocked?: string }

/**
 * Create the requester of one connection.
 * @example
 * const requester = createRequester({ http: { baseUrl: 'https://api.harvestapp.com/v2' }, auth: { type: 'bearer', token: '{{ credentials.token }}' },
 *   context: { config: {}, credentials: { token: 't' }, app: {} } })
 * const res = await requester.request({ path: '/users', query: { per_page: 100 } })
 */
export function createRequester(options: RequesterOptions): Requester {
  const { http, hooks = {}, onEvent } = options
  const context: RequestContext = { ...options.context, tokenProvider: options.tokenProvider }
  const builder = createRequestBuilder(http, context)
  const applyAuth: ApplyAuth | undefined = options.auth ? createAuthApplier(options.auth) : undefined
  const classify = createClassifier(http, hooks.classifyError)
  const budget = options.budget ?? createRateBudget(http.rateLimit)
  const doFetch: FetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const retry = { ...DEFAULT_RETRY, ...http.retry }
  const backoff = { initialDelayMs: durationMs(retry.initialDelay), maxDelayMs: durationMs(retry.maxDelay) }
  const timeoutMs = durationMs(http.timeout ?? DEFAULT_TIMEOUT)
  const retryAfterHeader = retry.retryAfter.toLowerCase()
  const resetHeader = http.retry?.resetHeader?.toLowerCase()
  const credentialSecrets = secretValues(options.context.credentials)
  const stats: RequesterStats = { requests: 0, attempts: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0, authRefreshes: 0, failures: 0 }
  const emit = (e: RequestEvent) => { try { onEvent?.(e) } catch { /* a listener must not break a request */ } }

  const send = async (req: OutgoingRequest): Promise<Received | Extract<Attempt, { kind: 'network' }>> => {
    const ex = await sendRequest(doFetch, req, timeoutMs)
    return ex.kind === 'network' ? ex : { ...ex, body: undefined }
  }

  const parse = (r: Received): Received => {
    try {
      r.body = hooks.parseResponse
        ? hooks.parseResponse({ status: r.status, headers: r.headers, text: r.text })
        : r.text.trim() === '' ? undefined : JSON.parse(r.text)
    } catch {
      r.bodyInvalid = true
    }
    return r
  }

  const waitFor = (r: Received | Extract<Attempt, { kind: 'network' }>, retryNo: number): number => {
    let hinted: number | undefined
    if (r.kind === 'response') {
      hinted = parseRetryAfter(r.headers[retryAfterHeader], now())
      if (hinted === undefined && resetHeader) hinted = parseResetHeader(r.headers[resetHeader], now())
    }
    return Math.min(hinted ?? fullJitter(retryNo, backoff, random), backoff.maxDelayMs)
  }

  const fail = (req: OutgoingRequest, r: Received | Extract<Attempt, { kind: 'network' }>, d: Classification, attempts: number): MaestroError => {
    const secrets = [...req.secrets, ...credentialSecrets]
    const url = redactUrl(req.url, secrets)
    const status = r.kind === 'response' ? r.status : undefined
    const code: ErrorCode = d.code === 'internal' ? 'provider_error' : d.code
    stats.failures++
    emit({ type: 'request.failed', method: req.method, url, attempts, code, ...(status === undefined ? {} : { status }) })
    const blocked = r.kind === 'response' && r.redirectBlocked ? `; redirected to ${r.redirectBlocked}, not followed so credentials stay with the provider` : ''
    const what = status === undefined ? (d.message ?? 'no answer') : `HTTP ${status}${d.message ? `: ${d.message}` : ''}${blocked}`
    const message = redactText(`${req.method} ${url} failed after ${attempts} attempt${attempts === 1 ? '' : 's'} (${what}).`, secrets)
    const details = {
      method: req.method, url, attempts, status, decidedBy: d.by,
      ...(r.kind === 'response' && r.text ? { body: redactText(r.text.slice(0, SNIPPET), secrets) } : {}),
    }
    // The transport error is kept as cause; undici's messages name host and port, never headers.
    return new MaestroError(code, message, { cause: r.kind === 'network' ? r.error : undefined, details })
  }

  return {
    budget,
    baseUrl: builder.baseUrl,
    stats: () => ({ ...stats }),
    async request(spec, vars = {}) {
      stats.requests++
      let attempts = 0
      let retries = 0
      let authRetried = false
      for (;;) {
        const req = await builder.build(spec, vars)
        if (hooks.prepareRequest) await hooks.prepareRequest(req, vars)
        if (applyAuth) await applyAuth(req, context)
        attempts++
        stats.attempts++
        const sent = await budget.schedule(() => send(req))
        const r = sent.kind === 'response' ? parse(sent) : sent
        const d = await classify(r)
        if (r.kind === 'response' && (d.outcome === 'success' || d.outcome === 'ignore')) {
          return {
            status: r.status, headers: r.headers, body: r.body, url: redactUrl(r.url, [...req.secrets, ...credentialSecrets]), attempts,
            ...(d.outcome === 'ignore' ? { ignored: true } : {}),
          }
        }
        const url = () => redactUrl(req.url, [...req.secrets, ...credentialSecrets])
        const status = r.kind === 'response' ? r.status : undefined
        if (d.outcome === 'auth_expired') {
          if (authRetried || !context.tokenProvider || !req.accessToken) throw fail(req, r, d, attempts)
          authRetried = true
          stats.authRefreshes++
          emit({ type: 'request.auth_refresh', method: req.method, url: url(), ...(status === undefined ? {} : { status }) })
          await context.tokenProvider.invalidate?.(req.accessToken)
          continue
        }
        if ((d.outcome !== 'retry' && d.outcome !== 'rate_limited') || retries + 1 >= retry.attempts) throw fail(req, r, d, attempts)
        retries++
        const delayMs = waitFor(r, retries)
        if (d.outcome === 'rate_limited') {
          stats.rateLimitWaits++
          stats.rateLimitWaitMs += delayMs
          budget.pause(delayMs)
          emit({ type: 'request.rate_limited', method: req.method, url: url(), attempt: attempts, waitMs: delayMs, status: status ?? 0 })
        } else {
          stats.retries++
          emit({ type: 'request.retry', method: req.method, url: url(), attempt: attempts, delayMs, code: d.code, ...(status === undefined ? {} : { status }) })
        }
        await sleep(delayMs)
      }
    },
  }
}
