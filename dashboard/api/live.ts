/**
 * @module One shared live connection to the server's event stream, reopened with backoff when it drops,
 * fanned out to every listener of the dashboard.
 */
import { readEventStream } from './sse.ts'
import type { LiveEvent } from './types.ts'

export type LiveListener = (event: LiveEvent) => void

/** Waits between reconnection attempts; the last one repeats. */
const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000]

/**
 * The live stream. `open` performs the request (the API client knows the URL and the token). Listeners
 * receive `ready` on every (re)connection: events may have been missed, so that is the moment to refetch.
 * @example
 * const live = new LiveStream((signal) => fetch('/events', { headers, signal }))
 * const off = live.subscribe((e) => console.log(e.type))
 */
export class LiveStream {
  private listeners = new Set<LiveListener>()
  private abort?: AbortController
  private running = false
  /** True while the stream is open. */
  connected = false

  constructor(private readonly open: (signal: AbortSignal) => Promise<Response>, private readonly backoff: number[] = BACKOFF_MS) {}

  /** Listen to every event; the stream opens with the first listener. Returns the unsubscribe function. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener)
    if (!this.running) void this.loop()
    return () => { this.listeners.delete(listener) }
  }

  /** Stop for good. */
  close(): void {
    this.running = false
    this.abort?.abort()
  }

  private emit(event: LiveEvent): void {
    for (const listener of [...this.listeners]) {
      try { listener(event) } catch (err) { console.error('[maestro] live listener failed', err) }
    }
  }

  private async loop(): Promise<void> {
    this.running = true
    let failures = 0
    while (this.running) {
      this.abort = new AbortController()
      try {
        const res = await this.open(this.abort.signal)
        if (!res.ok || !res.body) throw new Error(`event stream answered HTTP ${res.status}`)
        await readEventStream(res.body, (m) => {
          if (m.event === 'ready') {
            failures = 0
            this.connected = true
          }
          try {
            this.emit({ ...JSON.parse(m.data), type: m.event } as LiveEvent)
          } catch {
            // A malformed event is skipped; the next `ready` refetches everything anyway.
          }
        })
      } catch {
        // Dropped or refused: reported below and retried.
      }
      if (!this.running) break
      if (this.connected) this.emit({ type: 'stream.lost' })
      this.connected = false
      const wait = this.backoff[Math.min(failures++, this.backoff.length - 1)]
      await new Promise((r) => setTimeout(r, wait))
    }
    this.connected = false
  }
}
