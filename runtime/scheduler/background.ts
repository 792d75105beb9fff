/**
 * @module The background services of a server process, started and stopped together: the webhook worker
 * (inbound deliveries), the outbound dispatcher (signed events to the host application) and the schedules.
 * `createRuntime` starts them after the engine and puts `webhooks`, `outbound` and `scheduler` into the app's deps.
 */
import type { EventBus } from '../events/types.ts'
import { createOutbound, type Outbound } from '../outbound/index.ts'
import type { Store } from '../store/types.ts'
import { createWebhooks, type WebhookApps, type WebhookConnector, type WebhookEngine, type Webhooks } from '../webhooks/index.ts'
import { createScheduler, type Scheduler, type SchedulerEngine } from './scheduler.ts'

export interface BackgroundOptions {
  store: Store
  connectors: ReadonlyMap<string, WebhookConnector>
  engine: WebhookEngine & SchedulerEngine
  bus: EventBus
  apps?: WebhookApps
  /** Reads MAESTRO_WEBHOOK_URL / MAESTRO_WEBHOOK_SECRET (outbound target) and MAESTRO_SCHEDULES=off. */
  env?: Record<string, string | undefined>
  logger?: { info(message: string): void; warn(message: string): void; error(message: string): void }
}

/** The running services. */
export interface Background {
  webhooks: Webhooks
  outbound: Outbound
  scheduler: Scheduler
  /** Stop schedules first (no new runs), then persist the inbox and the delivery log. */
  close(): Promise<void>
}

/**
 * Start the background services.
 * @example
 * const background = await startBackground({ store, connectors, engine, bus, apps, env: process.env })
 * const deps = { ...deps, webhooks: background.webhooks, outbound: background.outbound, scheduler: background.scheduler }
 */
export async function startBackground(options: BackgroundOptions): Promise<Background> {
  const env = options.env ?? process.env
  const webhooks = createWebhooks({ store: options.store, connectors: options.connectors, engine: options.engine, bus: options.bus, ...(options.apps ? { apps: options.apps } : {}), ...(options.logger ? { logger: options.logger } : {}) })
  const outbound = createOutbound({ bus: options.bus, store: options.store, env, ...(options.logger ? { logger: options.logger } : {}) })
  const scheduler = createScheduler({ store: options.store, engine: options.engine, bus: options.bus, connectors: options.connectors, ...(options.logger ? { logger: options.logger } : {}) })
  await outbound.start()
  await webhooks.start()
  if (env.MAESTRO_SCHEDULES !== 'off') await scheduler.start()
  if (!outbound.enabled) options.logger?.info('[outbound] MAESTRO_WEBHOOK_URL and MAESTRO_WEBHOOK_SECRET are not set: no events are sent to a host application.')
  return {
    webhooks, outbound, scheduler,
    async close() {
      await scheduler.stop()
      await webhooks.close()
      await outbound.close()
    },
  }
}
