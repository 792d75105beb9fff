/**
 * @module `http`: base URL, headers, rate budget, retries and response classification of a provider.
 */
import { Type } from '@sinclair/typebox'
import { Duration, Expression, Strict, Template, TemplateMap } from './common.ts'

const RateLimit = Strict({
  requests: Type.Integer({ minimum: 1, description: 'Requests allowed per window, shared by every resource, sync and webhook follow-up of one connection.', examples: [100] }),
  per: Duration({ description: 'Length of the window.', examples: ['15s', '1m'] }),
  concurrency: Type.Optional(Type.Integer({ minimum: 1, description: 'Requests in flight at once for one connection.', examples: [10] })),
}, { description: 'Per-connection request budget.', examples: [{ requests: 500, per: '1m', concurrency: 10 }] })

const StatusMatch = Type.Union([
  Type.Integer({ minimum: 100, maximum: 599, description: 'One HTTP status.', examples: [429] }),
  Type.Union([Type.Literal('4xx'), Type.Literal('5xx')], { description: 'A status class.', examples: ['5xx'] }),
], { description: 'An HTTP status or class.', examples: [503, '5xx'] })

const Retry = Strict({
  attempts: Type.Integer({ minimum: 1, maximum: 20, description: 'Attempts per request, the first included.', examples: [5] }),
  on: Type.Optional(Type.Array(StatusMatch, { description: 'Statuses retried besides network errors and timeouts (default 429 and 5xx).', examples: [[429, '5xx']] })),
  initialDelay: Type.Optional(Duration({ description: 'First backoff delay; doubles each attempt, with jitter.', examples: ['500ms'] })),
  maxDelay: Type.Optional(Duration({ description: 'Ceiling of one backoff delay (and of an honoured Retry-After).', examples: ['60s'] })),
  retryAfter: Type.Optional(Type.String({ description: 'Response header holding seconds (or an HTTP date) to wait.', examples: ['Retry-After'] })),
  resetHeader: Type.Optional(Type.String({ description: 'Response header holding seconds until the quota resets.', examples: ['X-Toggl-Quota-Resets-In'] })),
}, { description: 'Retry policy: exponential backoff with jitter and a ceiling.', examples: [{ attempts: 5, on: [429, '5xx'], retryAfter: 'Retry-After' }] })

const Outcome = Type.Union([
  Type.Literal('success'), Type.Literal('retry'), Type.Literal('rate_limited'), Type.Literal('auth_expired'), Type.Literal('fatal'), Type.Literal('ignore'),
], { description: 'What a matching response means.', examples: ['rate_limited'] })

const ErrorRule = Strict({
  status: Type.Optional(StatusMatch),
  when: Type.Optional(Expression({ description: 'Condition on the response body (`$status`, `$headers` bound).', examples: ['Fault.Error[0].code = "3200"'] })),
  outcome: Outcome,
  message: Type.Optional(Expression({ description: 'Human message extracted from the body.', examples: ['Fault.Error[0].Message'] })),
}, { description: 'One response classification rule; the first match wins, before the defaults.', examples: [{ status: 402, outcome: 'rate_limited' }] })

/** HTTP settings for every request of a connector. */
export const Http = Strict({
  baseUrl: Template({ description: 'Base URL of the API; may read config, e.g. a company subdomain.', examples: ['https://api.harvestapp.com/v2', 'https://{{ config.companyDomain }}.bamboohr.com/api/v1'] }),
  headers: Type.Optional(TemplateMap({ description: 'Headers sent on every request.', examples: [{ 'Harvest-Account-Id': '{{ config.accountId }}' }] })),
  query: Type.Optional(TemplateMap({ description: 'Query parameters sent on every request.', examples: [{ minorversion: 75 }] })),
  timeout: Type.Optional(Duration({ description: 'Timeout of one request (default 30s).', examples: ['30s'] })),
  rateLimit: Type.Optional(RateLimit),
  retry: Type.Optional(Retry),
  errors: Type.Optional(Type.Array(ErrorRule, { description: 'Provider-specific classification of responses, checked in order.', examples: [[{ status: 402, outcome: 'rate_limited' }]] })),
}, { description: 'How to reach the provider.', examples: [{ baseUrl: 'https://api.harvestapp.com/v2', rateLimit: { requests: 100, per: '15s' } }] })
