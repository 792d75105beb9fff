/**
 * @module Turns openid-client failures into Maestro's coded errors: which token failures mean the admin must
 * reconnect, which are the provider's hiccup, and which are a refusal worth showing.
 */
import * as oidc from 'openid-client'
import { MaestroError } from '../errors.ts'

/** What a token endpoint failure means for the connection. */
export interface TokenFailure {
  error: MaestroError
  /** The grant is gone (`invalid_grant` …): the connection needs the admin's consent again. */
  reauth: boolean
  /** The OAuth `error` code, when the provider sent one. */
  oauthError?: string
}

/**
 * Classify an error thrown by openid-client during `step` (e.g. "Refreshing the access token").
 * @example
 * const { reauth, error } = classifyTokenError(err, 'Refreshing the access token', ['invalid_grant'])
 */
export function classifyTokenError(err: unknown, step: string, reauthOn: readonly string[] = ['invalid_grant']): TokenFailure {
  if (err instanceof MaestroError) return { error: err, reauth: err.code === 'connection_needs_reauth' }
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) {
    const status = err instanceof oidc.ResponseBodyError ? err.status : undefined
    const details = { error: err.error, ...(err.error_description ? { error_description: err.error_description } : {}), ...(status ? { status } : {}) }
    const said = `${err.error}${err.error_description ? ` (${err.error_description})` : ''}`
    if (reauthOn.includes(err.error)) {
      return {
        reauth: true,
        oauthError: err.error,
        error: new MaestroError('connection_needs_reauth', `${step} failed: the provider answered ${said}; the account must be reconnected.`, { cause: err, details }),
      }
    }
    if (status !== undefined && status >= 500) {
      return { reauth: false, oauthError: err.error, error: new MaestroError('provider_unreachable', `${step} failed: the provider answered ${status} ${said}.`, { cause: err, details }) }
    }
    return { reauth: false, oauthError: err.error, error: new MaestroError('oauth_failed', `${step} failed: the provider answered ${said}.`, { cause: err, details }) }
  }
  if (err instanceof oidc.WWWAuthenticateChallengeError) {
    const challenge = err.cause[0]
    const code = challenge?.parameters.error
    const reauth = code !== undefined && reauthOn.includes(code)
    return {
      reauth,
      oauthError: code,
      error: new MaestroError(reauth ? 'connection_needs_reauth' : 'oauth_failed', `${step} failed: the provider refused the client (${err.status}${code ? ` ${code}` : ''}).`, { cause: err, details: { status: err.status, error: code } }),
    }
  }
  if (err instanceof oidc.ClientError) {
    const status = err.cause instanceof Response ? err.cause.status : undefined
    const code = status !== undefined && status >= 500 ? 'provider_unreachable' : 'oauth_failed'
    return { reauth: false, error: new MaestroError(code, `${step} failed: ${err.message}${status ? ` (HTTP ${status})` : ''}.`, { cause: messageOnly(err), details: { code: err.code, ...(status ? { status } : {}) } }) }
  }
  if (err instanceof TypeError || (err instanceof Error && err.name === 'AbortError') || (err instanceof DOMException && err.name === 'TimeoutError')) {
    return { reauth: false, error: new MaestroError('provider_unreachable', `${step} failed: the token endpoint could not be reached.`, { cause: err }) }
  }
  return { reauth: false, error: new MaestroError('oauth_failed', `${step} failed${err instanceof Error ? `: ${err.message}` : ''}.`, { cause: messageOnly(err) }) }
}

/**
 * openid-client attaches the offending response body to validation errors (`cause.body`): for a token
 * response it rejects, that body holds the tokens. Only the message travels on.
 */
function messageOnly(err: unknown): Error {
  const safe = new Error(err instanceof Error ? err.message : String(err))
  safe.name = err instanceof Error ? err.name : 'Error'
  return safe
}
