/**
 * @module The HTTP layer: one requester per connection, sharing that connection's rate budget.
 */
export { createRequester, DEFAULT_RETRY, type Requester, type RequesterOptions, type RequesterHooks } from './requester.ts'
export { createRateBudget, type RateBudget, type RateBudgetStats, type RateBudgetOptions, type RateLimitSpec } from './rate-budget.ts'
export { sendRequest, type FetchFn, type Exchange } from './send.ts'
export { createRequestBuilder, absoluteUrl, type RequestBuilder } from './build-request.ts'
export { createClassifier, statusMatches, type Attempt, type Classification, type ClassifyHook, type Outcome } from './classify.ts'
export { fullJitter as backoffDelay, type BackoffOptions } from '../components/backoff/index.ts'
export { parseRetryAfter, parseResetHeader } from './retry-after.ts'
export { redactText, redactUrl, secretValues } from './redact.ts'
export type { RequestEvent, RequesterStats } from './events.ts'
export type { HttpResponse, OutgoingRequest, RequestContext, RequestSpec, Scalar, TokenProvider } from './types.ts'
