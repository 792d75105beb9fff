/**
 * @module What every view shares: the API client, the catalog and the scope handed down by
 * `<maestro-dashboard>`, a subscription to the live stream while connected, and `refresh()`.
 */
import { LitElement } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ApiError, type MaestroClient } from '../api/client.ts'
import type { Connector, LiveEvent, Scope } from '../api/types.ts'

/** Base class of the views (not an element itself). */
export abstract class MaestroView extends LitElement {
  @property({ attribute: false }) client!: MaestroClient
  /** The connector catalog, loaded once by the dashboard. */
  @property({ attribute: false }) connectors: Connector[] = []
  @property({ attribute: false }) scope: Scope = { kind: 'operator' }
  /** Operator console: the tenant the admin filtered on ('' for all). */
  @property() tenant = ''
  /** Pinned "now" for relative times (tests and screenshots). */
  @property({ attribute: false }) now?: Date
  /** The last load failure, shown by the view with a retry. */
  @state() protected loadError?: ApiError
  @state() protected loading = false
  /** Whether the live stream is up (else views poll while a sync runs). */
  protected streamUp = false
  private unsubscribe?: () => void

  /** Fetch what the view shows. */
  abstract refresh(): Promise<void>

  /** A live event arrived (`ready` means: reconnected, refetch). */
  protected onLive(_event: LiveEvent): void {}

  protected connectorOf(id: string): Connector | undefined {
    return this.connectors.find((c) => c.id === id)
  }

  protected get operator(): boolean {
    return this.scope.kind === 'operator'
  }

  /** Run a load, keeping its error for display; other errors propagate. */
  protected async guard(load: () => Promise<void>): Promise<void> {
    this.loading = true
    try {
      await load()
      this.loadError = undefined
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      this.loadError = err
    } finally {
      this.loading = false
    }
  }

  connectedCallback(): void {
    super.connectedCallback()
    this.unsubscribe = this.client.subscribe((e) => {
      if (e.type === 'ready') this.streamUp = true
      if (e.type === 'stream.lost') this.streamUp = false
      this.onLive(e)
    })
    void this.refresh()
  }

  disconnectedCallback(): void {
    super.disconnectedCallback()
    this.unsubscribe?.()
  }
}
