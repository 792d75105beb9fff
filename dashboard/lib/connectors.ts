/**
 * @module How connectors look in the dashboard: category names, the letter avatar, how one connects, and
 * when a connection's next scheduled sync is.
 */
import { html, type TemplateResult } from 'lit'
import type { Connection, Connector } from '../api/types.ts'
import { nextCronTime } from './cron.ts'

/** Display names of the manifest categories, in catalog order. */
export const CATEGORY_LABELS: Record<string, string> = {
  hris: 'HRIS',
  payroll: 'Payroll',
  accounting: 'Accounting',
  'time-tracking': 'Time tracking',
  'background-check': 'Background checks',
}

export const categoryLabel = (category: string): string => CATEGORY_LABELS[category] ?? category

// Hues picked to stay readable with white initials.
const HUES = ['#4f46e5', '#0e7490', '#15803d', '#b45309', '#be123c', '#7c3aed', '#0369a1', '#a21caf']

function hueOf(id: string): string {
  let h = 0
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return HUES[h % HUES.length]
}

/** The rounded-square avatar with the connector's initials. */
export function avatar(connector: Pick<Connector, 'id' | 'name'> | undefined, id = connector?.id ?? '?', size = 40): TemplateResult {
  const name = connector?.name ?? id
  const initials = name.split(/[\s-]+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('')
  return html`<span class="avatar" part="avatar" aria-hidden="true"
    style="background:${hueOf(id)};width:${size}px;height:${size}px;font-size:${Math.round(size * 0.38)}px">${initials}</span>`
}

/** Avatar styles, for the elements that render one. */
export const AVATAR_CSS = `.avatar{display:inline-grid;place-items:center;flex:none;border-radius:10px;color:#fff;font-weight:700;letter-spacing:.02em}`

/** True when connecting goes through the provider's consent page. */
export const usesConsent = (connector: Pick<Connector, 'auth'> | undefined): boolean => connector?.auth.type === 'oauth2'

/** How one connects, in words. */
export const authLabel = (connector: Pick<Connector, 'auth'>): string =>
  ({ oauth2: 'OAuth', oauth2_client_credentials: 'Client credentials', api_key: 'API key', basic: 'API key', bearer: 'API token' } as Record<string, string>)[connector.auth.type] ?? connector.auth.type

/** The schedule a connection syncs on: its own, else its connector's default; null when manual only. */
export function effectiveSchedule(connection: Pick<Connection, 'schedule'>, connector: Pick<Connector, 'schedule'> | undefined): string | null {
  return connection.schedule ?? connector?.schedule ?? null
}

/**
 * When the next scheduled sync starts: the server's `nextRunAt` when it reports one, else computed from
 * the schedule (the server adds up to a minute of jitter). Undefined for manual-only or paused connections.
 */
export function nextSync(connection: Connection, connector: Connector | undefined, now = new Date()): Date | undefined {
  if (connection.status !== 'active' && connection.status !== 'error') return undefined
  // The server's scheduler knows the jittered time, and null from it means nothing is scheduled.
  const reported = connection as Connection & { nextRunAt?: string | null }
  if ('nextRunAt' in reported) return reported.nextRunAt ? new Date(reported.nextRunAt) : undefined
  const schedule = effectiveSchedule(connection, connector)
  return schedule ? nextCronTime(schedule, now) : undefined
}

/** The name to show for a connection. */
export const connectionTitle = (connection: Pick<Connection, 'name' | 'connector'>, connector?: Pick<Connector, 'name'>): string =>
  connection.name ?? connector?.name ?? connection.connector
