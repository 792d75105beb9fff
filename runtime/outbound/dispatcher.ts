/**
 * @module The outbound dispatcher: posts signed events to the host application, retries failures with
 * exponential backoff and jitter, dead-letters a delivery after `maxAttempts`, and keeps every pending and
 * dead delivery in a Store document so a restart loses none. Dead deliveries can be replayed.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { MaestroError } from '../errors.ts'
import type { Page, Store } from '../store/types.ts'
import { createDocTable } from '../webhooks/doc-table.ts'
import { equalJitter } from '../components/backoff/index.ts'
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signMaestroPayload } from './signature.ts'
import type { Delivery, DeliveryStatus, OutboundEvent, OutboundTarget } from './types.ts'

export interface DispatcherOptions {
  store: Pick<Store, 'getDoc' | 'putDoc' | 'appendAudit'>
  /** Where a tenant's events go (undefined: nowhere, nothing is queued). */
  target: (tenant: string) => OutboundTarget | undefined
  fetch?: typeof globalThis.fetch
  now?: () => number
  random?: () => number
  /** Attempts before a delivery is dead-lettered (default 8). */
  maxAttempts?: number
  initialDelayMs?: number
  maxDelayMs?: number
  /** Per attempt (default 10 s). */
  timeoutMs?: number
  /** Deliveries in flight at once (default 4). */
  concurrency?: number
  /** Delivered deliveries kept for listing, newest first (default 200). */
  keepDelivered?: number
  flushMs?: number
  logger?: { warn(message: string): void; error(message: string): void }
}

/** A delivery as the API shows it (without the body). */
export type DeliveryView = Omit<Delivery, 'body'> & { bytes: number }

export interface DeliveryFilter {
  status?: DeliveryStatus
  tenant?: string
  limit?: number
  cursor?: string
}

/** The dispatcher's controls. */
export interface Dispatcher {
  load(): Promise<void>
  start(): void
  /** Queue an event for its tenant's target; undefined when the tenant has none. */
  enqueue(event: OutboundEvent): Delivery | undefined
  list(filter?: DeliveryFilter): Page<DeliveryView>
  get(id: string): DeliveryView | undefined
  /** Send a dead (or delivered) delivery again, from a fresh attempt count. @throws MaestroError `not_found`. */
  replay(id: string): DeliveryView
  /** Resolve when nothing is due now and nothing is in flight (tests, shutdown). */
  drain(): Promise<void>
  close(): Promise<void>
}

const view = (d: Delivery): DeliveryView => {
  const { body, ...rest } = d
  return { ...rest, bytes: body ? Buffer.byteLength(body) : 0 }
}

/**
 * Create the dispatcher.
 * @example
 * const d = createDispatcher({ store, target: () => ({ url: 'https://host.example/maestro', secret: 'whsec' }) })
 * await d.load(); d.start(); d.enqueue(event)
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const send = options.fetch ?? globalThis.fetch
  const maxAttempts = options.maxAttempts ?? 8
  const backoff = { initialDelayMs: options.initialDelayMs ?? 1000, maxDelayMs: options.maxDelayMs ?? 3600_000 }
  const timeoutMs = options.timeoutMs ?? 10_000
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const keepDelivered = options.keepDelivered ?? 200
  const table = createDocTable<Delivery>({
    store: options.store, name: 'outbound-deliveries', flushMs: options.flushMs,
    onError: (err) => options.logger?.error(`[outbound] the delivery log could not be saved: ${err instanceof Error ? err.message : String(err)}`),
  })
  const inFlight = new Map<string, Promise<void>>()
  let timer: NodeJS.Timeout | undefined
  let started = false
  let stopped = false
  const iso = (ms = now()) => new Date(ms).toISOString()

  const due = () => {
    const t = iso()
    return table.values()
      .filter((d) => d.status === 'pending' && !inFlight.has(d.id) && (d.nextAttemptAt ?? '') <= t)
      .sort((a, b) => (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? '') || a.createdAt.localeCompare(b.createdAt))
  }

  const trimDelivered = () => {
    const delivered = table.values().filter((d) => d.status === 'delivered').sort((a, b) => (b.deliveredAt ?? '').localeCompare(a.deliveredAt ?? ''))
    for (const d of delivered.slice(keepDelivered)) table.delete(d.id)
  }

  const attempt = async (d: Delivery): Promise<void> => {
    const target = options.target(d.tenant)
    const at = now()
    let error: Delivery['lastError']
    if (!target) {
      error = { message: 'No webhook target is configured for this tenant.' }
    } else {
      d.url = target.url
      try {
        const res = await send(target.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'Maestro-Webhooks/1',
            [SIGNATURE_HEADER]: signMaestroPayload(d.body ?? '', target.secret, Math.floor(at / 1000)),
            [EVENT_ID_HEADER]: d.eventId,
            [EVENT_TYPE_HEADER]: d.type,
          },
          body: d.body ?? '',
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'manual',
        })
        // The body is not needed; reading it frees the connection for reuse.
        await res.arrayBuffer().catch(() => undefined)
        if (res.status < 200 || res.status >= 300) error = { status: res.status, message: `The receiver answered ${res.status}.` }
      } catch (err) {
        const name = (err as Error)?.name
        error = { message: name === 'TimeoutError' ? `No answer within ${timeoutMs} ms.` : `The receiver could not be reached (${(err as Error)?.message ?? 'network error'}).` }
      }
    }
    d.attempts++
    d.lastAttemptAt = iso(at)
    if (!error) {
      d.status = 'delivered'
      d.deliveredAt = iso()
      delete d.nextAttemptAt
      delete d.lastError
      delete d.body
      table.put(d)
      trimDelivered()
      return
    }
    d.lastError = error
    if (d.attempts >= maxAttempts) {
      d.status = 'dead'
      delete d.nextAttemptAt
      table.put(d)
      options.logger?.warn(`[outbound] delivery ${d.id} (${d.type}) is dead after ${d.attempts} attempts: ${error.message}`)
      await options.store.appendAudit({
        id: `aud_${randomUUID()}`, at: iso(), actor: 'system', tenant: d.tenant, action: 'delivery.dead', target: d.id, outcome: 'error',
        details: { eventId: d.eventId, type: d.type, attempts: d.attempts, error },
      }).catch(() => undefined)
      return
    }
    d.nextAttemptAt = iso(now() + equalJitter(d.attempts, backoff, random))
    table.put(d)
  }

  const arm = () => {
    if (timer) clearTimeout(timer), timer = undefined
    if (!started || stopped) return
    let next = Number.POSITIVE_INFINITY
    for (const d of table.values()) if (d.status === 'pending' && !inFlight.has(d.id)) next = Math.min(next, Date.parse(d.nextAttemptAt ?? '') || 0)
    if (next === Number.POSITIVE_INFINITY) return
    timer = setTimeout(() => { timer = undefined; pump() }, Math.max(0, next - now()))
    timer.unref?.()
  }

  function pump(): void {
    if (!started || stopped) return
    for (const d of due()) {
      if (inFlight.size >= concurrency) break
      const p = attempt(d).catch((err: unknown) => {
        options.logger?.error(`[outbound] delivery ${d.id} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`)
      }).finally(() => {
        inFlight.delete(d.id)
        pump()
      })
      inFlight.set(d.id, p)
    }
    arm()
  }

  return {
    load: () => table.load(),
    start() {
      started = true
      stopped = false
      pump()
    },
    enqueue(event) {
      const target = options.target(event.tenant)
      if (!target) return undefined
      const delivery: Delivery = {
        id: `dlv_${randomBytes(10).toString('hex')}`, eventId: event.id, type: event.type, tenant: event.tenant, connectionId: event.connectionId,
        url: target.url, status: 'pending', attempts: 0, createdAt: iso(), nextAttemptAt: iso(), body: JSON.stringify(event),
      }
      table.put(delivery)
      pump()
      return delivery
    },
    list(filter = {}) {
      const limit = Math.min(Math.max(1, filter.limit ?? 50), 500)
      const all = table.values()
        .filter((d) => (!filter.status || d.status === filter.status) && (!filter.tenant || d.tenant === filter.tenant))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      const start = filter.cursor ? Number(Buffer.from(filter.cursor, 'base64url').toString('utf8')) || 0 : 0
      const items = all.slice(start, start + limit).map(view)
      return { items, ...(start + limit < all.length ? { next: Buffer.from(String(start + limit), 'utf8').toString('base64url') } : {}) }
    },
    get(id) {
      const d = table.get(id)
      return d ? view(d) : undefined
    },
    replay(id) {
      const d = table.get(id)
      if (!d) throw new MaestroError('not_found', `No delivery ${id}.`)
      if (d.status === 'pending') return view(d)
      if (!d.body) throw new MaestroError('invalid_request', `Delivery ${id} was delivered and its body is no longer kept, so it cannot be replayed.`)
      Object.assign(d, { status: 'pending', attempts: 0, nextAttemptAt: iso() })
      delete d.lastError
      table.put(d)
      pump()
      return view(d)
    },
    async drain() {
      for (;;) {
        if (!started || stopped) break
        pump()
        if (inFlight.size === 0 && due().length === 0) break
        await Promise.all([...inFlight.values()])
      }
      await table.flush()
    },
    async close() {
      stopped = true
      if (timer) clearTimeout(timer), timer = undefined
      await Promise.all([...inFlight.values()])
      await table.close()
    },
  }
}
