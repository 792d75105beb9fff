/**
 * @module A connection as the API shows it: never its credentials, only whether they are set.
 */
import type { Connection } from '../store/types.ts'
import { secretFields } from './connection-input.ts'
import type { AppDeps } from './deps.ts'
import type { ConnectionView } from './schemas.ts'

/**
 * The public view of a connection, with its last run, its next scheduled run and live record counts per model.
 * @example
 * const view = await connectionView(deps, await deps.store.getConnection(id))
 */
export async function connectionView(deps: Pick<AppDeps, 'store' | 'connectors' | 'scheduler'>, c: Connection): Promise<ConnectionView> {
  const connector = deps.connectors.get(c.connector)
  // Secret fields never live in config; dropping them again guards against any writer that put one there.
  const secret = connector ? secretFields(connector.manifest) : new Set<string>()
  const config = Object.fromEntries(Object.entries(c.config ?? {}).filter(([k]) => !secret.has(k)))
  const run = c.lastRunId ? await deps.store.getRun(c.lastRunId) : undefined
  // The scheduler is the one that knows: it drops paused connections and applies the connector's default.
  const nextRunAt = deps.scheduler?.nextRunAt(c.id) ?? null
  return {
    id: c.id,
    tenant: c.tenant,
    connector: c.connector,
    name: c.name ?? null,
    status: c.status,
    config,
    credentialsSet: c.credentials !== null && c.credentials !== undefined,
    schedule: c.schedule ?? null,
    nextRunAt: nextRunAt ? nextRunAt.toISOString() : null,
    lastError: c.lastError ?? null,
    lastRun: run
      ? { id: run.id, status: run.status, trigger: run.trigger, startedAt: run.startedAt, ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}), counts: run.counts }
      : null,
    recordCounts: await deps.store.countRecords({ connectionId: c.id }),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}
