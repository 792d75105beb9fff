/**
 * @module The OAuth consent round trip as the dashboard runs it: open the provider's consent page in a
 * popup (opened at once, while the click still counts as a user gesture), then wait until the server
 * reports the connection active — through the live stream, or by asking when the popup closes. A blocked
 * popup falls back to sending this page there and back (`returnTo`).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { ApiError, type MaestroClient } from '../api/client.ts'
import type { Connection, LiveEvent } from '../api/types.ts'

export interface ConsentState {
  connectionId: string
  provider: string
  /** The connection was created for this consent: abandoning it deletes it. */
  fresh: boolean
  phase: 'opening' | 'waiting' | 'failed'
  message?: string
}

export interface ConsentCallbacks {
  client(): MaestroClient
  /** The provider's display name for a connector id. */
  providerName(connectorId: string): string
  /** The connection is authorized and active. */
  done(connection: Connection): void
}

const POLL_MS = 1000

/** A Lit reactive controller running one consent at a time. */
export class ConsentFlow implements ReactiveController {
  state?: ConsentState
  private popup: Window | null = null
  private timer?: ReturnType<typeof setInterval>
  private checking = false

  constructor(private readonly host: ReactiveControllerHost, private readonly callbacks: ConsentCallbacks) {
    host.addController(this)
  }

  hostDisconnected(): void {
    this.stopWatching()
  }

  private set(state: ConsentState | undefined): void {
    this.state = state
    this.host.requestUpdate()
  }

  /** Start consent for a connection. Call from a click's handling, before any long wait. */
  async start(connectionId: string, fresh: boolean): Promise<void> {
    this.stopWatching()
    this.popup?.close()
    this.popup = window.open('', 'maestro-consent', 'popup=yes,width=520,height=720')
    if (this.popup) {
      try {
        this.popup.document.title = 'Connecting…'
        this.popup.document.body.textContent = 'Opening the provider’s sign-in page…'
      } catch {
        // A reused window may be on the provider's origin already; it is navigated below anyway.
      }
    }
    this.set({ connectionId, provider: 'the provider', fresh, phase: 'opening' })
    try {
      const connection = await this.callbacks.client().getConnection(connectionId)
      this.set({ ...this.state!, provider: this.callbacks.providerName(connection.connector) })
      const returnTo = this.popup ? undefined : location.href
      const { url } = await this.callbacks.client().authorize(connectionId, returnTo)
      if (!this.popup) {
        location.assign(url)
        return
      }
      this.popup.location.href = url
      this.set({ ...this.state!, phase: 'waiting' })
      this.timer = setInterval(() => void this.poll(), POLL_MS)
    } catch (err) {
      this.popup?.close()
      this.popup = null
      this.set({ ...this.state!, phase: 'failed', message: err instanceof ApiError ? `${err.message}${err.hint ? ` ${err.hint}` : ''}` : String(err) })
    }
  }

  /** Feed live events: the connection turning active ends the wait. */
  onLive(e: LiveEvent): void {
    const s = this.state
    if (!s || s.phase !== 'waiting') return
    if ((e.type === 'connection.updated' || e.type === 'connection.created') && e.connection.id === s.connectionId && e.connection.status === 'active') void this.check(true)
  }

  /** Bring the consent window back to the front. */
  focus(): void {
    this.popup?.focus()
  }

  /** Give up waiting; a connection made for this consent is deleted. */
  async cancel(message?: string): Promise<void> {
    const s = this.state
    this.stopWatching()
    this.popup?.close()
    this.popup = null
    if (!s) return
    if (s.fresh) {
      // Only a connection still waiting for consent goes: approval may have landed just now.
      const current = await this.callbacks.client().getConnection(s.connectionId).catch(() => undefined)
      if (current?.status === 'active') return this.finish(current)
      if (current?.status === 'pending') await this.callbacks.client().deleteConnection(s.connectionId).catch(() => undefined)
    }
    this.set(message ? { ...s, phase: 'failed', message } : undefined)
  }

  /** Close the failure message. */
  dismiss(): void {
    this.set(undefined)
  }

  private async poll(): Promise<void> {
    if (this.popup && !this.popup.closed) return
    await this.check(false)
  }

  /** Ask the server where the connection stands; `expectActive` comes from a live event. */
  private async check(expectActive: boolean): Promise<void> {
    const s = this.state
    if (!s || this.checking) return
    this.checking = true
    try {
      const connection = await this.callbacks.client().getConnection(s.connectionId)
      if (connection.status === 'active') return this.finish(connection)
      if (!expectActive && (!this.popup || this.popup.closed)) {
        await this.cancel(`The ${s.provider} window was closed before access was approved.`)
      }
    } catch {
      // A failed check is retried on the next tick.
    } finally {
      this.checking = false
    }
  }

  private finish(connection: Connection): void {
    this.stopWatching()
    this.popup?.close()
    this.popup = null
    this.set(undefined)
    this.callbacks.done(connection)
  }

  private stopWatching(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }
}
