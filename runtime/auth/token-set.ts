/**
 * @module Token endpoint responses as Maestro stores them, and the expiry rule.
 */
import type * as oidc from 'openid-client'
import { TOKEN_FIELDS, type TokenSet } from './types.ts'

/**
 * Convert a token endpoint response; a refresh that returns no new refresh token keeps the previous one.
 * @example
 * toTokenSet({ access_token: 'a', token_type: 'bearer', expires_in: 3600 }, new Date()).expiresAt
 */
export function toTokenSet(r: oidc.TokenEndpointResponse, now: Date, previous?: Partial<TokenSet>): TokenSet {
  const refreshToken = r.refresh_token ?? previous?.refreshToken
  const scope = r.scope ?? previous?.scope
  return {
    accessToken: r.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    ...(typeof r.expires_in === 'number' ? { expiresAt: new Date(now.getTime() + r.expires_in * 1000).toISOString() } : {}),
    ...(scope ? { scope } : {}),
    tokenType: r.token_type,
  }
}

/** True when the access token is missing or expires within `skewMs`; a token without lifetime never expires here. */
export function needsRefresh(tokens: Partial<TokenSet>, now: Date, skewMs: number): boolean {
  if (!tokens.accessToken) return true
  if (!tokens.expiresAt) return false
  return Date.parse(tokens.expiresAt) - skewMs <= now.getTime()
}

/** The credentials without the token fields: what templates may read (`credentials.apiKey`, …). */
export function withoutTokens(credentials: Record<string, unknown>): Record<string, unknown> {
  const out = { ...credentials }
  for (const f of TOKEN_FIELDS) delete out[f]
  return out
}
