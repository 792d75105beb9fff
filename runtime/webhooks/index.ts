/**
 * @module Inbound webhooks: `createWebhooks(deps)` verifies and accepts deliveries (`receive`, used by
 * `POST /webhooks/:connector`) and applies them from a durable inbox in the background.
 */
import { createInbox, type Inbox, type InboxEntry } from './inbox.ts'
import { receiveDelivery, type IncomingDelivery, type ReceiveResult } from './receive.ts'
import type { WebhookDeps } from './types.ts'
import { createWebhookWorker } from './worker.ts'

export type { IncomingDelivery, ReceiveResult } from './receive.ts'
export type { InboxEntry } from './inbox.ts'
export type { WebhookDeps, WebhookConnector, WebhookEngine, WebhookApps } from './types.ts'
export { verifyDelivery, VERIFY_SCHEMES, type VerifyWebhookHook } from './verify-schemes/index.ts'
export { applyDelivery, type DeliveryOutcome, type ConnectionOutcome } from './apply.ts'

/** Inbound webhooks: the receiver and its background worker. */
export interface Webhooks {
  /** Load the persisted inbox and start applying (call once at boot). */
  start(): Promise<void>
  /**
   * Check and accept one delivery; the answer is 202 (accepted), 200 (`{ duplicate: true }` or a
   * handshake answer). @throws MaestroError for every refusal.
   */
  receive(input: IncomingDelivery): Promise<ReceiveResult>
  /** Apply everything due now (tests, graceful shutdown). */
  drain(): Promise<void>
  /** Accepted deliveries not yet applied. */
  pending(): InboxEntry[]
  /** Stop the worker and persist the inbox. */
  close(): Promise<void>
}

/**
 * Create the webhook subsystem.
 * @example
 * const webhooks = createWebhooks({ store, connectors, engine, bus, apps })
 * await webhooks.start()
 * const answer = await webhooks.receive({ connector: 'gusto', rawBody, headers: req.headers })
 */
export function createWebhooks(deps: WebhookDeps): Webhooks {
  const inbox: Inbox = createInbox({
    store: deps.store, flushMs: deps.flushMs, now: deps.now,
    onError: (err) => deps.logger?.error(`[webhooks] the inbox could not be saved: ${err instanceof Error ? err.message : String(err)}`),
  })
  const worker = createWebhookWorker(deps, inbox)
  let loaded: Promise<void> | undefined
  const load = () => (loaded ??= inbox.load())

  return {
    async start() {
      await load()
      if (deps.autoDrain ?? true) worker.start()
    },
    async receive(input) {
      await load()
      const result = await receiveDelivery(deps, inbox, input)
      if (result.status === 202) worker.poke()
      return result
    },
    async drain() {
      await load()
      await worker.drain()
      await inbox.flush()
    },
    pending: () => inbox.all(),
    async close() {
      await worker.stop()
      await inbox.close()
    },
  }
}
