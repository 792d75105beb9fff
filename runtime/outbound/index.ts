/**
 * @module Outbound events to the host application: signed, retried, dead-lettered and replayable.
 * `createOutbound` wires the bus to the dispatcher; `verifyMaestroSignature` is for host applications.
 */
import type { EventBus } from '../events/types.ts'
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.ts'
import { subscribeOutboundEvents } from './events.ts'
import type { OutboundTarget } from './types.ts'

export { verifyMaestroSignature, signMaestroPayload, SIGNATURE_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER } from './signature.ts'
export { equalJitter as deliveryDelay } from '../components/backoff/index.ts'
export { recordView, connectionView, subscribeOutboundEvents } from './events.ts'
export { createDispatcher, type Dispatcher, type DispatcherOptions, type DeliveryView, type DeliveryFilter } from './dispatcher.ts'
export type { Delivery, DeliveryStatus, OutboundEvent, OutboundEventType, OutboundTarget } from './types.ts'

/**
 * The one global target from the environment: `MAESTRO_WEBHOOK_URL` and `MAESTRO_WEBHOOK_SECRET`
 * (both required; undefined otherwise).
 */
export function targetFromEnv(env: Record<string, string | undefined> = process.env): OutboundTarget | undefined {
  const url = env.MAESTRO_WEBHOOK_URL?.trim()
  const secret = env.MAESTRO_WEBHOOK_SECRET?.trim()
  return url && secret ? { url, secret } : undefined
}

export interface OutboundOptions extends Omit<DispatcherOptions, 'target'> {
  bus: EventBus
  /** Per-tenant target; default: the global target from `env` for every tenant. */
  target?: DispatcherOptions['target']
  env?: Record<string, string | undefined>
  /** Records per batched `record.*` event (default 100). */
  batchSize?: number
}

/** Outbound events: the dispatcher plus the bus subscription. */
export interface Outbound extends Omit<Dispatcher, 'load' | 'start'> {
  /** Load persisted deliveries, subscribe to the bus and start sending. */
  start(): Promise<void>
  /** True when a target is configured (for some tenant, or globally). */
  readonly enabled: boolean
}

/**
 * Create the outbound events subsystem.
 * @example
 * const outbound = createOutbound({ bus, store }) // reads MAESTRO_WEBHOOK_URL / MAESTRO_WEBHOOK_SECRET
 * await outbound.start()
 */
export function createOutbound(options: OutboundOptions): Outbound {
  const global = targetFromEnv(options.env)
  const target = options.target ?? (() => global)
  const dispatcher = createDispatcher({ ...options, target })
  let off: (() => void) | undefined
  return {
    enabled: options.target !== undefined || global !== undefined,
    async start() {
      await dispatcher.load()
      off ??= subscribeOutboundEvents(options.bus, (event) => { dispatcher.enqueue(event) }, { batchSize: options.batchSize, now: options.now })
      dispatcher.start()
    },
    enqueue: (event) => dispatcher.enqueue(event),
    list: (filter) => dispatcher.list(filter),
    get: (id) => dispatcher.get(id),
    replay: (id) => dispatcher.replay(id),
    drain: () => dispatcher.drain(),
    async close() {
      off?.()
      off = undefined
      await dispatcher.close()
    },
  }
}
