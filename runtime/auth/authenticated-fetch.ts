/**
 * @module A fetch bound to one access token and the connector's base URL, for post-connect hooks.
 */
import type { ConnectorManifest } from '../manifest/schema/index.ts'
import type { App } from './apps.ts'
import { renderUrl } from './render-url.ts'
import type { FetchLike } from './types.ts'

/** The header an OAuth access token goes in, per the manifest's `apply` (default `Authorization: Bearer`). */
export function tokenHeader(auth: ConnectorManifest['auth'], token: string): [name: string, value: string] {
  const apply = 'apply' in auth && auth.apply ? auth.apply : { header: 'Authorization', prefix: 'Bearer ' }
  return [apply.header, `${apply.prefix}${token}`]
}

/**
 * A fetch that resolves relative URLs against the base URL (the app's override first) and carries the token.
 * @example
 * const f = authenticatedFetch({ manifest, app, config, accessToken })
 * const info = await (await f('/v1/token_info')).json()
 */
export function authenticatedFetch(opts: {
  manifest: ConnectorManifest
  app: App
  config: Record<string, unknown>
  accessToken: string
  fetch?: FetchLike
}): FetchLike {
  const base = opts.app.baseUrl ?? renderUrl(opts.manifest.http.baseUrl, { app: opts.app as Record<string, unknown>, config: opts.config }, 'http.baseUrl')
  const transport = opts.fetch ?? (fetch as FetchLike)
  return (input, init = {}) => {
    const text = String(input)
    const url = /^https?:\/\//i.test(text) ? text : `${base.replace(/\/+$/, '')}/${text.replace(/^\/+/, '')}`
    const headers = new Headers(init.headers)
    if (!headers.has('accept')) headers.set('accept', 'application/json')
    const [name, value] = tokenHeader(opts.manifest.auth, opts.accessToken)
    headers.set(name, value)
    return transport(url, { ...init, headers })
  }
}
