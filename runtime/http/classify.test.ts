import { describe, expect, it } from 'vitest'
import type { HttpSpec } from '../manifest/schema/index.ts'
import { createClassifier, type Attempt, type Outcome } from './classify.ts'

const res = (status: number, body: unknown = {}, headers: Record<string, string> = {}): Attempt => ({ kind: 'response', status, headers, body })

// QuickBooks: a Fault can arrive in a 200, with either casing (providers/quickbooks.md §errors).
const quickbooks: Pick<HttpSpec, 'errors'> = {
  errors: [
    { when: 'Fault.Error[0].code = "3200" or fault.error[0].code = "3200"', outcome: 'auth_expired', message: '[Fault.Error[0].Message, fault.error[0].message][0]' },
    { when: '$exists(Fault) or $exists(fault)', outcome: 'fatal', message: '[Fault.Error[0].Message, fault.error[0].message][0]' },
  ],
}
// Toggl: quota exhaustion is 402, not 429 (providers/toggl.md §6).
const toggl: Pick<HttpSpec, 'errors'> = { errors: [{ status: 402, outcome: 'rate_limited' }] }

describe('classification', () => {
  it.each<{ name: string; http: Pick<HttpSpec, 'errors' | 'retry'>; attempt: Attempt; outcome: Outcome; code?: string; by?: string; message?: string }>([
    { name: 'defaults: 200 is success', http: {}, attempt: res(200), outcome: 'success', by: 'default' },
    { name: 'defaults: 204 is success', http: {}, attempt: res(204, undefined), outcome: 'success' },
    { name: 'defaults: 429 is rate limited', http: {}, attempt: res(429), outcome: 'rate_limited', code: 'provider_rate_limited' },
    { name: 'defaults: 401 is auth expired', http: {}, attempt: res(401), outcome: 'auth_expired', code: 'auth_expired' },
    { name: 'defaults: 503 is retried', http: {}, attempt: res(503), outcome: 'retry', code: 'provider_error' },
    { name: 'defaults: 404 is fatal', http: {}, attempt: res(404), outcome: 'fatal', code: 'provider_error' },
    { name: 'defaults: 403 is fatal', http: {}, attempt: res(403), outcome: 'fatal' },
    { name: 'defaults: a network failure is retried', http: {}, attempt: { kind: 'network', error: new TypeError('fetch failed') }, outcome: 'retry', code: 'provider_unreachable' },
    { name: 'defaults: a timeout is retried', http: {}, attempt: { kind: 'network', error: new Error('x'), timedOut: true }, outcome: 'retry', code: 'provider_unreachable', message: 'The request timed out.' },
    { name: 'a 200 with an unparsable body is a retryable invalid response', http: {}, attempt: { kind: 'response', status: 200, headers: {}, body: undefined, bodyInvalid: true }, outcome: 'retry', code: 'provider_response_invalid' },
    { name: 'a 500 with an unparsable body stays a plain retry', http: {}, attempt: { kind: 'response', status: 500, headers: {}, body: undefined, bodyInvalid: true }, outcome: 'retry', code: 'provider_error' },
    { name: 'retry.on without 5xx makes 503 fatal', http: { retry: { attempts: 3, on: [429] } }, attempt: res(503), outcome: 'fatal' },
    { name: 'retry.on adds 408', http: { retry: { attempts: 3, on: [408, '5xx'] } }, attempt: res(408), outcome: 'retry' },
    { name: 'Toggl 402 quota is rate limited', http: toggl, attempt: res(402), outcome: 'rate_limited', code: 'provider_rate_limited', by: 'rule[0]' },
    { name: 'Toggl rule leaves other statuses to the defaults', http: toggl, attempt: res(400), outcome: 'fatal', by: 'default' },
    { name: 'QuickBooks Fault-in-200, PascalCase, code 3200', http: quickbooks, attempt: res(200, { Fault: { Error: [{ Message: 'AuthenticationFailed', code: '3200' }], type: 'AuthenticationFault' } }), outcome: 'auth_expired', by: 'rule[0]', message: 'AuthenticationFailed' },
    { name: 'QuickBooks Fault-in-200, lower case, code 3200', http: quickbooks, attempt: res(200, { fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200', code: '3200' }] } }), outcome: 'auth_expired', message: 'message=AuthenticationFailed; errorCode=003200' },
    { name: 'QuickBooks validation Fault in 200 is fatal', http: quickbooks, attempt: res(200, { Fault: { Error: [{ Message: 'Invalid query', code: '4000' }], type: 'ValidationFault' } }), outcome: 'fatal', by: 'rule[1]', message: 'Invalid query' },
    { name: 'QuickBooks rules let a clean 200 through', http: quickbooks, attempt: res(200, { QueryResponse: { Employee: [] } }), outcome: 'success', by: 'default' },
    { name: 'a rule can match on a status class', http: { errors: [{ status: '4xx', outcome: 'ignore' }] }, attempt: res(404), outcome: 'ignore' },
    { name: 'a rule can read $status and $headers', http: { errors: [{ when: '$status = 400 and $headers.`x-reason` = "quota"', outcome: 'rate_limited' }] }, attempt: res(400, {}, { 'x-reason': 'quota' }), outcome: 'rate_limited' },
    { name: 'the first matching rule wins', http: { errors: [{ status: 500, outcome: 'fatal' }, { status: '5xx', outcome: 'retry' }] }, attempt: res(500), outcome: 'fatal', by: 'rule[0]' },
  ])('$name', async ({ http, attempt, outcome, code, by, message }) => {
    const d = await createClassifier(http)(attempt)
    expect(d.outcome).toBe(outcome)
    if (code) expect(d.code).toBe(code)
    if (by) expect(d.by).toBe(by)
    if (message) expect(d.message).toBe(message)
  })

  it.each([
    { name: 'the hook can override a default', hook: () => 'ignore' as const, attempt: res(404), outcome: 'ignore', code: 'internal', by: 'hook' },
    { name: 'undefined keeps the decision', hook: () => undefined, attempt: res(404), outcome: 'fatal', code: 'provider_error', by: 'default' },
    { name: 'a partial classification sets outcome and message', hook: () => ({ outcome: 'auth_expired' as const, message: 'token revoked' }), attempt: res(200), outcome: 'auth_expired', code: 'auth_expired', by: 'hook' },
  ])('classifyError hook: $name', async ({ hook, attempt, outcome, code, by }) => {
    const d = await createClassifier({}, hook)(attempt)
    expect(d).toMatchObject({ outcome, code, by })
  })

  it('the hook sees the rule decision', async () => {
    const seen: string[] = []
    await createClassifier(toggl, (_a, proposed) => { seen.push(`${proposed.outcome}/${proposed.by}`); return undefined })(res(402))
    expect(seen).toEqual(['rate_limited/rule[0]'])
  })
})
