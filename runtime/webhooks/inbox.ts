/**
 * @module The inbox: accepted webhook deliveries waiting to be applied. Accepting is in-memory (the
 * request path never waits for a file write) and a debounced flush persists the queue, so a restart
 * resumes whatever was accepted and not yet applied. A short-lived memory of event ids answers
 * duplicates at once; the Store's `markEventSeen` stays the authority when the worker applies them.
 */
import { randomBytes } from 'node:crypto'
import { createDocTable, type DocStore, type DocTable } from './doc-table.ts'

/** One accepted delivery. */
export interface InboxEntry {
  id: string
  connector: string
  /** Connection named in the URL (`/webhooks/:connector/:connectionId`), when the provider cannot be routed by payload. */
  connectionId?: string
  eventId?: string
  payload: unknown
  /** Lower-case headers, minus credentials-bearing ones; webhook expressions read them as `$headers`. */
  headers: Record<string, string>
  receivedAt: string
  attempts: number
  /** The Store has already recorded the event id (a retry must not see its own mark as a duplicate). */
  seenMarked?: boolean
  /** Earliest time of the next attempt, ms since epoch (after a failed attempt). */
  notBefore?: number
  lastError?: { code: string; message: string }
}

export interface InboxOptions {
  store: DocStore
  /** Store document holding the queue (default `webhook-inbox`). */
  name?: string
  flushMs?: number
  /** How long an event id is remembered in memory (default 24 h). */
  seenTtlMs?: number
  now?: () => number
  onError?: (err: unknown) => void
}

/** The durable queue of accepted deliveries. */
export interface Inbox {
  load(): Promise<void>
  /** True when `key` was accepted recently (in this process). */
  seen(key: string): boolean
  /** Accept a delivery; returns its id. */
  accept(entry: Omit<InboxEntry, 'id' | 'attempts' | 'receivedAt'>, dedupKey?: string): InboxEntry
  /** Entries due now, oldest first. */
  due(): InboxEntry[]
  /** Milliseconds until the next entry is due (undefined when empty). */
  nextDueIn(): number | undefined
  update(entry: InboxEntry): void
  remove(id: string): void
  all(): InboxEntry[]
  readonly size: number
  flush(): Promise<void>
  close(): Promise<void>
}

/** Create the inbox over a Store document. */
export function createInbox(options: InboxOptions): Inbox {
  const now = options.now ?? Date.now
  const ttl = options.seenTtlMs ?? 24 * 3600_000
  const table: DocTable<InboxEntry> = createDocTable<InboxEntry>({ store: options.store, name: options.name ?? 'webhook-inbox', flushMs: options.flushMs, onError: options.onError })
  const seen = new Map<string, number>()
  let sweepAt = 0

  const remember = (key: string) => {
    const t = now()
    // Expired ids are swept at most once a minute, so the map stays bounded by the TTL.
    if (t > sweepAt) {
      for (const [k, exp] of seen) if (exp <= t) seen.delete(k)
      sweepAt = t + 60_000
    }
    seen.set(key, t + ttl)
  }

  return {
    async load() {
      await table.load()
      for (const e of table.values()) if (e.eventId) remember(`${e.connector}\u0000${e.eventId}`)
    },
    seen(key) {
      const exp = seen.get(key)
      return exp !== undefined && exp > now()
    },
    accept(input, dedupKey) {
      const entry: InboxEntry = { ...input, id: `whk_${randomBytes(10).toString('hex')}`, attempts: 0, receivedAt: new Date(now()).toISOString() }
      table.put(entry)
      if (dedupKey) remember(dedupKey)
      return entry
    },
    due() {
      const t = now()
      return table.values().filter((e) => (e.notBefore ?? 0) <= t).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    },
    nextDueIn() {
      if (table.size === 0) return undefined
      let next = Number.POSITIVE_INFINITY
      for (const e of table.values()) next = Math.min(next, e.notBefore ?? 0)
      return Math.max(0, next - now())
    },
    update: (entry) => table.put(entry),
    remove: (id) => { table.delete(id) },
    all: () => table.values(),
    get size() { return table.size },
    flush: () => table.flush(),
    close: () => table.close(),
  }
}
