/**
 * @module What an admin sees as a connection's health: the server's status, refined by what its runs say
 * (syncing now, never synced, last run failed).
 */
import type { Connection } from '../api/types.ts'

export type Health = 'healthy' | 'syncing' | 'needs_reauth' | 'error' | 'paused' | 'pending' | 'new'

/** Short label per health. */
export const HEALTH_LABELS: Record<Health, string> = {
  healthy: 'Healthy',
  syncing: 'Syncing',
  needs_reauth: 'Needs re-auth',
  error: 'Error',
  paused: 'Paused',
  pending: 'Waiting for consent',
  new: 'Not synced yet',
}

/** Tone per health, for colour. */
export const HEALTH_TONES: Record<Health, 'success' | 'info' | 'warning' | 'danger' | 'neutral'> = {
  healthy: 'success', syncing: 'info', needs_reauth: 'warning', error: 'danger', paused: 'neutral', pending: 'warning', new: 'neutral',
}

/**
 * The health of a connection; `running` is what the live stream knows (a run may have started since the
 * connection was fetched).
 * @example
 * healthOf({ status: 'active', lastRun: { status: 'failed', … } }, false) // 'error'
 */
export function healthOf(c: Pick<Connection, 'status' | 'lastRun'>, running = false): Health {
  if (c.status === 'paused') return 'paused'
  if (c.status === 'needs_reauth') return 'needs_reauth'
  if (c.status === 'pending') return 'pending'
  if (running || c.lastRun?.status === 'running') return 'syncing'
  if (c.status === 'error') return 'error'
  if (!c.lastRun) return 'new'
  if (c.lastRun.status === 'failed' || c.lastRun.status === 'partial') return 'error'
  return 'healthy'
}

/** True when "sync now" can start a run. */
export const canSync = (c: Pick<Connection, 'status'>): boolean => c.status === 'active' || c.status === 'error'
