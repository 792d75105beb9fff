/**
 * @module The conflict rule shared by syncs and webhooks: a record is never overwritten by an older version.
 */
import { cursorMs } from './cursor.ts'

/** What the rule needs to know about the stored and the incoming version. */
export interface Versioned {
  remoteUpdatedAt: string | null
}

/**
 * True when `incoming` may replace `existing`: only a strictly older `remoteUpdatedAt` loses. With equal
 * or unknown timestamps the later arrival wins, because syncs and webhooks both deliver the provider's
 * current state at the time they read it.
 * @example
 * isNotOlder({ remoteUpdatedAt: '2024-01-02T00:00:00Z' }, { remoteUpdatedAt: '2024-01-01T00:00:00Z' }) // false
 */
export function isNotOlder(existing: Versioned | undefined, incoming: Versioned): boolean {
  if (!existing || existing.remoteUpdatedAt == null || incoming.remoteUpdatedAt == null) return true
  const a = cursorMs(existing.remoteUpdatedAt, 'iso')
  const b = cursorMs(incoming.remoteUpdatedAt, 'iso')
  if (a === undefined || b === undefined) return true
  return b >= a
}

/**
 * Normalise a provider's modification time to an ISO-8601 string, or null when absent or unreadable.
 * @example
 * toRemoteUpdatedAt('2024-10-25T17:01:08Z') // '2024-10-25T17:01:08.000Z'
 */
export function toRemoteUpdatedAt(value: unknown): string | null {
  const ms = cursorMs(value, 'iso')
  return ms === undefined ? null : new Date(ms).toISOString()
}
