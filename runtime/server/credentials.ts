/**
 * @module Updating sealed credentials: merge new secret values into the old ones and seal again.
 */
import { MaestroError } from '../errors.ts'
import type { SealedSecret } from '../store/types.ts'
import type { VaultLike } from './deps.ts'

/**
 * Unseal `current`, apply `set` and drop `cleared`, then seal; null when nothing is left.
 * Credentials that no configured key can read are replaced: the admin is supplying new ones.
 * @example
 * const sealed = sealMerged(vault, connection.credentials, { apiKey: 'new' }, [])
 */
export function sealMerged(vault: VaultLike, current: SealedSecret | null, set: Record<string, unknown>, cleared: string[]): SealedSecret | null {
  let values: Record<string, unknown> = {}
  if (current) {
    try {
      values = vault.unseal(current)
    } catch (err) {
      if (!(err instanceof MaestroError && err.code === 'credentials_unreadable')) throw err
    }
  }
  const merged: Record<string, unknown> = { ...values, ...set }
  for (const name of cleared) delete merged[name]
  return Object.keys(merged).length > 0 ? vault.seal(merged) : null
}
