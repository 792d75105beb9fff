/**
 * @module Gusto hooks: only what the manifest cannot declare.
 */
import type { OnConnectHook } from '../../runtime/auth/types.ts'
import { MaestroError } from '../../runtime/errors.ts'

/**
 * Gusto's token response does not name the company the token may read, and strict access ties one token to
 * one company (gusto.md §1, §9.1). `GET /v1/token_info` does (`resource: { type: "Company", uuid }`), so the
 * company uuid is read there right after consent and kept as the connection's `companyUuid`, the way Nango's
 * post-connection step does.
 * @example
 * await onConnect({ connection, fetch }) // { config: { companyUuid: 'e904cc79-…' } }
 */
export const onConnect: OnConnectHook = async ({ fetch }) => {
  const res = await fetch('/v1/token_info', { headers: { Accept: 'application/json', 'X-Gusto-API-Version': '2025-06-15' } })
  if (!res.ok) throw new MaestroError('oauth_failed', `GET /v1/token_info answered ${res.status}; the company of this token is unknown.`)
  const info = (await res.json()) as { resource?: { type?: unknown; uuid?: unknown } }
  const uuid = info.resource?.type === 'Company' ? info.resource.uuid : undefined
  if (typeof uuid !== 'string' || uuid === '') {
    throw new MaestroError('oauth_failed', 'GET /v1/token_info named no company; connect Gusto as a company admin.')
  }
  return { config: { companyUuid: uuid } }
}
