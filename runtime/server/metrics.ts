/**
 * @module Prometheus counters fed by the event bus: runs by status, record changes by model, errors,
 * webhook outcomes, retries and rate-limit waits; rendered in the text exposition format.
 */
import type { EventBus, MaestroEvent } from '../events/types.ts'

type Labels = Record<string, string>

interface Family {
  help: string
  type: 'counter' | 'gauge'
  /** Has no labels, so it is rendered as 0 before its first increment. */
  plain?: boolean
  values: Map<string, { labels: Labels; value: number }>
}

/** The server's metrics: counters updated from the bus, gauges set at scrape time. */
export interface Metrics {
  inc(name: string, labels?: Labels, by?: number): void
  set(name: string, labels: Labels, value: number): void
  /** Prometheus text exposition of every family. */
  render(): string
  /** Stop listening to the bus. */
  close(): void
}

const FAMILIES: Record<string, Omit<Family, 'values'>> = {
  maestro_runs_started_total: { type: 'counter', help: 'Sync runs started.' },
  maestro_runs_finished_total: { type: 'counter', help: 'Sync runs finished, by final status.' },
  maestro_records_total: { type: 'counter', help: 'Record changes stored, by model and action.' },
  maestro_errors_total: { type: 'counter', help: 'Errors reported by runs, connections and webhooks, by source and code.' },
  maestro_webhooks_total: { type: 'counter', help: 'Inbound webhooks, by connector and outcome.' },
  maestro_request_retries_total: { type: 'counter', plain: true, help: 'Provider requests retried.' },
  maestro_rate_limit_waits_total: { type: 'counter', plain: true, help: 'Times a provider request waited for the rate budget or a 429.' },
  maestro_rate_limit_wait_seconds_total: { type: 'counter', plain: true, help: 'Seconds spent waiting on rate limits.' },
  maestro_connections: { type: 'gauge', help: 'Connections, by status.' },
}

const escape = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
const labelKey = (labels: Labels): string => Object.keys(labels).sort().map((k) => `${k}="${escape(labels[k])}"`).join(',')

/** Update counters from one event. */
function observe(m: Metrics, e: MaestroEvent): void {
  switch (e.type) {
    case 'run.started': return m.inc('maestro_runs_started_total', { connector: e.run.connector })
    case 'run.finished':
      m.inc('maestro_runs_finished_total', { connector: e.run.connector, status: e.run.status })
      for (const err of e.run.errors) m.inc('maestro_errors_total', { source: 'run', code: err.code })
      return
    case 'record.added': case 'record.updated': case 'record.deleted':
      return m.inc('maestro_records_total', { model: e.record.model, action: e.type.slice('record.'.length) })
    case 'connection.error': return m.inc('maestro_errors_total', { source: 'connection', code: e.error.code })
    case 'connection.needs_reauth': return m.inc('maestro_errors_total', { source: 'connection', code: e.code })
    case 'webhook.received': return m.inc('maestro_webhooks_total', { connector: e.connector, outcome: 'received' })
    case 'webhook.processed': return m.inc('maestro_webhooks_total', { connector: e.connector, outcome: 'processed' })
    case 'webhook.duplicate': return m.inc('maestro_webhooks_total', { connector: e.connector, outcome: 'duplicate' })
    case 'webhook.rejected':
      m.inc('maestro_webhooks_total', { connector: e.connector, outcome: 'rejected' })
      return m.inc('maestro_errors_total', { source: 'webhook', code: e.code })
    case 'request.retry': return m.inc('maestro_request_retries_total')
    case 'request.rate_limited':
      m.inc('maestro_rate_limit_waits_total')
      return m.inc('maestro_rate_limit_wait_seconds_total', {}, e.waitMs / 1000)
    default:
  }
}

/**
 * Create the metrics registry and subscribe it to the bus.
 * @example
 * const metrics = createMetrics(bus)
 * bus.emit({ type: 'request.retry', attempt: 1, delayMs: 500 })
 * metrics.render().includes('maestro_request_retries_total 1') // true
 */
export function createMetrics(bus: EventBus): Metrics {
  const families = new Map<string, Family>(Object.entries(FAMILIES).map(([n, f]) => [n, { ...f, values: new Map() }]))
  const family = (name: string): Family => {
    const f = families.get(name)
    if (!f) throw new Error(`Unknown metric ${name}`)
    return f
  }
  const metrics: Metrics = {
    inc(name, labels = {}, by = 1) {
      const values = family(name).values
      const key = labelKey(labels)
      const slot = values.get(key) ?? { labels, value: 0 }
      slot.value += by
      values.set(key, slot)
    },
    set(name, labels, value) {
      family(name).values.set(labelKey(labels), { labels, value })
    },
    render() {
      const lines: string[] = []
      for (const [name, f] of families) {
        lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`)
        // A scrape sees 0 rather than no series before the first increment.
        if (f.values.size === 0 && f.plain) lines.push(`${name} 0`)
        for (const { labels, value } of f.values.values()) {
          const key = labelKey(labels)
          lines.push(`${name}${key ? `{${key}}` : ''} ${value}`)
        }
      }
      return `${lines.join('\n')}\n`
    },
    close: () => off(),
  }
  const off = bus.on('*', (e) => observe(metrics, e))
  return metrics
}
