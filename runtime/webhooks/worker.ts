/**
 * @module The webhook worker: drains the inbox one delivery at a time (deliveries of one provider stay in
 * order), marks event ids in the Store, applies each delivery, audits the outcome per connection and tenant,
 * and retries transient failures with exponential backoff before giving up with an audited error.
 */
import { randomUUID } from 'node:crypto'
import { equalJitter } from '../components/backoff/index.ts'
import { asMaestroError } from '../errors.ts'
import type { AuditEntry } from '../store/types.ts'
import { applyDelivery, type DeliveryOutcome } from './apply.ts'
import type { Inbox, InboxEntry } from './inbox.ts'
import type { WebhookDeps } from './types.ts'

/** Ceiling of one wait between processing attempts of a delivery. */
const MAX_RETRY_DELAY_MS = 5 * 60_000

/** The worker's controls. */
export interface WebhookWorker {
  /** Start reacting to new entries and timers. */
  start(): void
  /** Apply everything due now; resolves when the queue has nothing due. */
  drain(): Promise<void>
  /** Ask for a drain soon (after an acceptance). */
  poke(): void
  /** Stop timers and wait for the delivery in progress. */
  stop(): Promise<void>
}

/** Create the worker over an inbox. */
export function createWebhookWorker(deps: WebhookDeps, inbox: Inbox): WebhookWorker {
  const now = deps.now ?? Date.now
  const maxAttempts = deps.maxAttempts ?? 5
  const retryDelay = deps.retryDelayMs ?? 2000
  const ttl = deps.dedupTtlMs ?? 7 * 24 * 3600_000
  let draining: Promise<void> | undefined
  let again = false
  let timer: NodeJS.Timeout | undefined
  let started = false
  let stopped = false

  const audit = (entry: Omit<AuditEntry, 'id' | 'at'>) =>
    deps.store.appendAudit({ id: `aud_${randomUUID()}`, at: new Date(now()).toISOString(), ...entry }).catch((err: unknown) => {
      deps.logger?.error(`[webhooks] could not write an audit entry: ${asMaestroError(err).message}`)
    })

  const report = async (entry: InboxEntry, outcome: DeliveryOutcome) => {
    const actor = `provider:${entry.connector}`
    const base = { deliveryId: entry.id, ...(entry.eventId ? { eventId: entry.eventId } : {}) }
    for (const c of outcome.connections) {
      const common = { tenant: c.connection.tenant, connectionId: c.connection.id }
      for (const a of c.actions) deps.bus.emit({ type: 'webhook.processed', ...common, connector: entry.connector, ...(entry.eventId ? { eventId: entry.eventId } : {}), resource: a.resource, action: a.action, count: a.count })
      await audit({
        actor, tenant: c.connection.tenant, action: 'webhook.process', target: c.connection.id, outcome: c.errors.length > 0 ? 'error' : 'ok',
        details: { ...base, actions: c.actions, counts: c.counts, ...(c.runId ? { runId: c.runId } : {}), ...(c.skipped ? { skipped: c.skipped } : {}), ...(c.errors.length ? { errors: c.errors } : {}) },
      })
    }
    if (outcome.unrouted > 0 || outcome.connections.length === 0) {
      await audit({
        actor, tenant: null, action: 'webhook.unrouted', target: entry.connector, outcome: outcome.unrouted > 0 ? 'error' : 'ok',
        details: { ...base, unrouted: outcome.unrouted, message: outcome.unrouted > 0 ? 'No connection matches these events; check the connection config the manifest routes by, or post to /webhooks/<connector>/<connectionId>.' : 'No event rule matched this delivery.' },
      })
    }
  }

  const processOne = async (entry: InboxEntry) => {
    if (entry.eventId && !entry.seenMarked) {
      const fresh = await deps.store.markEventSeen(entry.connector, entry.eventId, ttl)
      if (!fresh) {
        inbox.remove(entry.id)
        deps.bus.emit({ type: 'webhook.duplicate', connector: entry.connector, eventId: entry.eventId })
        return
      }
      entry.seenMarked = true
    }
    let outcome: DeliveryOutcome | undefined
    let failure
    try {
      outcome = await applyDelivery(deps, entry)
      failure = outcome.retryable
    } catch (err) {
      failure = asMaestroError(err)
    }
    entry.attempts++
    if (failure && entry.attempts < maxAttempts) {
      // Full delivery again later: every action is idempotent, so the parts that worked cost nothing twice.
      entry.lastError = { code: failure.code, message: failure.message }
      entry.notBefore = now() + equalJitter(entry.attempts, { initialDelayMs: retryDelay, maxDelayMs: MAX_RETRY_DELAY_MS })
      inbox.update(entry)
      return
    }
    inbox.remove(entry.id)
    if (outcome) await report(entry, outcome)
    if (failure) {
      deps.logger?.warn(`[webhooks] gave up on ${entry.connector} delivery ${entry.id} after ${entry.attempts} attempts: ${failure.code}`)
      await audit({ actor: `provider:${entry.connector}`, tenant: null, action: 'webhook.failed', target: entry.connector, outcome: 'error', details: { deliveryId: entry.id, attempts: entry.attempts, error: { code: failure.code, message: failure.message } } })
    }
  }

  const arm = () => {
    if (!started || stopped) return
    if (timer) clearTimeout(timer), timer = undefined
    const wait = inbox.nextDueIn()
    if (wait === undefined) return
    timer = setTimeout(() => { timer = undefined; void worker.drain() }, wait)
    timer.unref?.()
  }

  const worker: WebhookWorker = {
    start() {
      started = true
      stopped = false
      void worker.drain()
    },
    drain() {
      // One drain at a time; a call during a drain makes it look again before it ends.
      if (draining) {
        again = true
        return draining
      }
      draining = (async () => {
        do {
          again = false
          for (;;) {
            if (stopped) return
            const next = inbox.due()[0]
            if (!next) break
            await processOne(next).catch((err: unknown) => {
              // A failure outside applying (the Store refusing the event mark) keeps the entry for later.
              next.notBefore = now() + retryDelay
              inbox.update(next)
              deps.logger?.error(`[webhooks] delivery ${next.id} could not be processed: ${asMaestroError(err).message}`)
            })
          }
        } while (again && !stopped)
      })().finally(() => {
        draining = undefined
        arm()
      })
      return draining
    },
    poke() {
      if (!started || stopped) return
      void worker.drain()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer), timer = undefined
      await draining?.catch(() => undefined)
    },
  }
  return worker
}
