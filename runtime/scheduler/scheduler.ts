/**
 * @module Per-connection sync schedules (package `cron`): the connection's `schedule`, or its connector's
 * default; `null` disables it. A tick waits a deterministic jitter, then starts a run unless one of the
 * same connection is still going (skipped and audited). Connections created, changed, paused or deleted are
 * picked up from the event bus.
 */
import { randomUUID } from 'node:crypto'
import { CronJob, CronTime } from 'cron'
import { MaestroError } from '../errors.ts'
import type { EventBus } from '../events/types.ts'
import type { Connection, Run, Store } from '../store/types.ts'
import { jitterBound, jitterFor } from './jitter.ts'

/** The engine operations a schedule uses. */
export interface SchedulerEngine {
  start(connectionId: string, options: { trigger: Run['trigger'] }): { runId: string; done: Promise<unknown> }
  isRunning(connectionId: string): boolean
}

export interface SchedulerOptions {
  store: Pick<Store, 'listConnections' | 'getConnection' | 'appendAudit'>
  engine: SchedulerEngine
  bus: EventBus
  /** Connector default schedules, by connector id (the manifests' `schedule`). */
  connectors: ReadonlyMap<string, { manifest: { schedule?: string } }>
  /** Upper bound of the jitter (default 60 s; also capped to a tenth of the schedule's period). */
  maxJitterMs?: number
  /** Time zone of the cron expressions (default UTC). */
  timeZone?: string
  logger?: { warn(message: string): void }
}

/** The scheduler's controls. */
export interface Scheduler {
  /** Schedule every existing connection and follow connection changes. */
  start(): Promise<void>
  stop(): Promise<void>
  /** (Re)read one connection and (re)schedule it. */
  refresh(connectionId: string): Promise<void>
  /** When the connection's next scheduled run starts (jitter included); null when not scheduled. */
  nextRunAt(connectionId: string): Date | null
  /** The effective cron expression of a scheduled connection. */
  scheduleOf(connectionId: string): string | null
}

interface Entry {
  cron: string
  job: CronJob
  jitterMs: number
  pending?: NodeJS.Timeout
}

const SCHEDULABLE = new Set<Connection['status']>(['active', 'error'])

/**
 * Create the scheduler.
 * @example
 * const scheduler = createScheduler({ store, engine, bus, connectors })
 * await scheduler.start()
 * scheduler.nextRunAt('con_1') // Date
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const entries = new Map<string, Entry>()
  const maxJitter = options.maxJitterMs ?? 60_000
  const timeZone = options.timeZone ?? 'UTC'
  let offs: (() => void)[] = []
  let running = false

  const audit = (connection: Connection, action: string, details: Record<string, unknown>, outcome: 'ok' | 'error' = 'ok') =>
    options.store.appendAudit({ id: `aud_${randomUUID()}`, at: new Date().toISOString(), actor: 'system', tenant: connection.tenant, action, target: connection.id, outcome, details })
      .catch(() => undefined)

  const effective = (c: Connection): string | null => {
    if (c.schedule === null) return null
    return c.schedule ?? options.connectors.get(c.connector)?.manifest.schedule ?? null
  }

  const unschedule = (id: string) => {
    const e = entries.get(id)
    if (!e) return
    void e.job.stop()
    if (e.pending) clearTimeout(e.pending)
    entries.delete(id)
  }

  const fire = async (connectionId: string) => {
    const connection = await options.store.getConnection(connectionId)
    if (!connection || !SCHEDULABLE.has(connection.status)) return
    if (options.engine.isRunning(connectionId)) {
      await audit(connection, 'schedule.skipped', { reason: 'A run of this connection is still going.' })
      return
    }
    try {
      const { done } = options.engine.start(connectionId, { trigger: 'schedule' })
      done.catch(() => undefined)
    } catch (err) {
      if (err instanceof MaestroError && err.code === 'sync_in_progress') await audit(connection, 'schedule.skipped', { reason: 'A run of this connection is still going.' })
      else await audit(connection, 'schedule.failed', { error: err instanceof MaestroError ? { code: err.code, message: err.message } : { code: 'internal', message: String(err) } }, 'error')
    }
  }

  const schedule = (c: Connection) => {
    const cron = SCHEDULABLE.has(c.status) ? effective(c) : null
    const current = entries.get(c.id)
    if (current && current.cron === cron) return
    unschedule(c.id)
    if (!cron) return
    let job: CronJob
    let gap: number
    try {
      const [a, b] = new CronTime(cron, timeZone).sendAt(2)
      gap = b.toMillis() - a.toMillis()
      job = CronJob.from({ cronTime: cron, timeZone, start: false, unrefTimeout: true, onTick: () => tick(c.id) })
    } catch (err) {
      options.logger?.warn(`[scheduler] connection ${c.id} has an invalid schedule "${cron}": ${err instanceof Error ? err.message : String(err)}`)
      return
    }
    const entry: Entry = { cron, job, jitterMs: jitterFor(c.id, jitterBound(maxJitter, gap)) }
    entries.set(c.id, entry)
    if (running) job.start()
  }

  const tick = (connectionId: string) => {
    const e = entries.get(connectionId)
    if (!e) return
    if (e.pending) clearTimeout(e.pending)
    e.pending = setTimeout(() => {
      e.pending = undefined
      void fire(connectionId)
    }, e.jitterMs)
    e.pending.unref?.()
  }

  const refresh = async (connectionId: string) => {
    const c = await options.store.getConnection(connectionId)
    if (c) schedule(c)
    else unschedule(connectionId)
  }

  return {
    async start() {
      running = true
      for (const c of await options.store.listConnections()) schedule(c)
      for (const e of entries.values()) if (!e.job.isActive) e.job.start()
      offs = [
        options.bus.on('connection.created', (e) => schedule(e.connection)),
        options.bus.on('connection.updated', (e) => schedule(e.connection)),
        options.bus.on('connection.deleted', (e) => unschedule(e.connectionId)),
      ]
    },
    async stop() {
      running = false
      for (const off of offs) off()
      offs = []
      for (const id of [...entries.keys()]) unschedule(id)
    },
    refresh,
    nextRunAt(connectionId) {
      const e = entries.get(connectionId)
      if (!e) return null
      return new Date(e.job.nextDate().toMillis() + e.jitterMs)
    },
    scheduleOf: (connectionId) => entries.get(connectionId)?.cron ?? null,
  }
}
