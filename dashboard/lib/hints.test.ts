import { describe, expect, it } from 'vitest'
import { adviceFor } from './hints.ts'

describe('adviceFor', () => {
  it.each([
    { name: 'OAuth connection refused', code: 'connection_needs_reauth', ctx: { oauth: true, provider: 'QuickBooks Online' }, action: 'reauthorize', text: /Sign in to QuickBooks Online again/ },
    { name: 'API key refused', code: 'auth_expired', ctx: { oauth: false, provider: 'Harvest' }, action: 'update_credentials', text: /Enter a current one/ },
    { name: 'rate limited, with the waits', code: 'provider_rate_limited', ctx: { rateLimitWaits: 3 }, action: undefined, text: /waited 3 times.*no data is lost/s },
    { name: 'provider down', code: 'provider_unreachable', ctx: {}, action: 'retry', text: /try again/ },
    { name: 'paused', code: 'connection_paused', ctx: {}, action: 'resume', text: /Resume it/ },
    { name: 'expired session', code: 'unauthorized', ctx: {}, action: 'sign_in', text: /Sign in again/ },
    { name: 'connector mismatch', code: 'mapping_invalid', ctx: { provider: 'Gusto' }, action: undefined, text: /Gusto's data did not match/ },
    { name: 'an unknown code', code: 'something_new', ctx: {}, action: 'retry', text: /operator/ },
  ])('$name', ({ code, ctx, action, text }) => {
    const advice = adviceFor(code, ctx)
    expect(advice.action).toBe(action)
    expect(advice.text).toMatch(text)
    if (action) expect(advice.actionLabel).toBeTruthy()
  })

  it('never tells an admin about engineering internals', () => {
    for (const code of ['connection_needs_reauth', 'provider_rate_limited', 'provider_error', 'pagination_loop', 'oauth_failed', 'internal']) {
      expect(`${adviceFor(code).title} ${adviceFor(code).text}`).not.toMatch(/JSONata|manifest|HTTP \d|stack/i)
    }
  })
})
