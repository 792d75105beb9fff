/**
 * @module Auth appliers by kind. Adding one is a new file and one line in `AUTH_APPLIERS`.
 */
import type { AuthSpec } from '../../manifest/schema/index.ts'
import { MaestroError } from '../../errors.ts'
import type { ApplyAuth } from './types.ts'
import { apiKey } from './api-key.ts'
import { basic } from './basic.ts'
import { bearer } from './bearer.ts'
import { oauth2 } from './oauth2.ts'

export type { ApplyAuth, AuthFactory } from './types.ts'

/** Registered auth kinds. */
export const AUTH_APPLIERS: ReadonlyMap<string, (spec: never) => ApplyAuth> = new Map<string, (spec: never) => ApplyAuth>([
  ['api_key', apiKey],
  ['basic', basic],
  ['bearer', bearer],
  ['oauth2', oauth2],
  ['oauth2_client_credentials', oauth2],
])

/**
 * Build the applier for a manifest's `auth` block.
 * @example
 * const apply = createAuthApplier({ type: 'bearer', token: '{{ credentials.token }}' })
 * await apply(req, { config: {}, credentials: { token: 't' }, app: {} })
 */
export function createAuthApplier(spec: AuthSpec): ApplyAuth {
  const factory = AUTH_APPLIERS.get(spec.type) as ((spec: AuthSpec) => ApplyAuth) | undefined
  if (!factory) throw new MaestroError('manifest_invalid', `Unknown auth type "${spec.type}". Known: ${[...AUTH_APPLIERS.keys()].join(', ')}.`)
  return factory(spec)
}
