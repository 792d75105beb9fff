import { css, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { ApiError } from '../api/client.ts'
import type { Connection } from '../api/types.ts'
import '../components/connect-form.ts'
import '../components/connector-catalog.ts'
import { MaestroAuthorizeRequestedEvent, MaestroConnectedEvent, MaestroNavigateEvent, unlessVetoed, type MaestroConnectorSelectedEvent, type MaestroConnectSubmitEvent } from '../events.ts'
import { usesConsent } from '../lib/connectors.ts'
import { icons } from '../lib/icons.ts'
import { buttons, surfaces, tokens } from '../styles/shared.ts'
import { MaestroView } from './view-base.ts'
import { viewStyles } from './view-styles.ts'

/**
 * @summary Add a connection: pick a provider in the catalog, then fill its generated form (API keys) or
 * continue to its consent page (OAuth).
 *
 * @event maestro-connected - A connection was created with credentials and is ready to sync.
 * @event maestro-authorize-requested - An OAuth connection was created and waits for consent (`fresh`).
 * @event maestro-navigate - To the new connection, or back (cancelable).
 */
@customElement('maestro-connect-view')
export class MaestroConnectView extends MaestroView {
  static styles = [tokens, buttons, surfaces, viewStyles, css`
    :host { container-type: inline-size; }
    .layout { display: grid; gap: 1.25rem; grid-template-columns: minmax(0, 40rem) minmax(0, 22rem); align-items: start; }
    @container (max-width: 60rem) { .layout { grid-template-columns: minmax(0, 1fr); } }
    aside h2 { font-size: 0.95rem; margin-bottom: 0.75rem; }
    .reads { list-style: none; margin: 0 0 1rem; padding: 0; display: grid; gap: 0.6rem; font-size: 0.875rem; }
    .reads li { display: grid; gap: 0.1rem; }
    .model { font-weight: 600; }
    aside p { margin: 0; font-size: 0.8125rem; line-height: 1.5; }
  `]

  /** The connector whose form is open; the catalog when empty. */
  @property() connector = ''
  @state() private connections: Connection[] = []
  @state() private busy = false
  @state() private serverErrors: Record<string, string> = {}
  @state() private message = ''

  async refresh(): Promise<void> {
    await this.guard(async () => {
      this.connections = await this.client.listConnections(this.operator && this.tenant ? { tenant: this.tenant } : {})
    })
  }

  willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('connector')) {
      this.serverErrors = {}
      this.message = ''
    }
  }

  private select(e: MaestroConnectorSelectedEvent): void {
    unlessVetoed(e, () => { this.connector = e.connector })
  }

  private submit(e: MaestroConnectSubmitEvent): void {
    unlessVetoed(e, async () => {
      const connector = this.connectorOf(e.body.connector)
      this.busy = true
      this.serverErrors = {}
      this.message = ''
      try {
        const connection = await this.client.createConnection(e.body)
        if (usesConsent(connector) && connection.status === 'pending') {
          this.dispatchEvent(new MaestroAuthorizeRequestedEvent(connection.id, true))
        } else {
          this.dispatchEvent(new MaestroConnectedEvent(connection))
          this.dispatchEvent(new MaestroNavigateEvent({ view: 'connection', id: connection.id }))
        }
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        this.serverErrors = err.fieldErrors
        this.message = err.code === 'invalid_request' ? '' : `${err.message}${err.hint ? ` ${err.hint}` : ''}`
      } finally {
        this.busy = false
      }
    })
  }

  render() {
    const selected = this.connectorOf(this.connector)
    if (selected) {
      return html`
        <button class="link back" @click=${() => { this.connector = '' }}>${icons.back} All providers</button>
        <div class="layout">
          <maestro-connect-form .connector=${selected} ?ask-tenant=${this.operator} tenant=${this.tenant} ?busy=${this.busy}
            .serverErrors=${this.serverErrors} message=${this.message} @maestro-connect-submit=${(e: MaestroConnectSubmitEvent) => this.submit(e)}>
            <button slot="actions" class="btn" type="button" @click=${() => { this.connector = '' }}>Cancel</button>
          </maestro-connect-form>
          <aside class="card pad" aria-labelledby="reads-h">
            <h2 id="reads-h">What Maestro reads from ${selected.name}</h2>
            <ul class="reads">${selected.resources.map((r) => html`<li><span class="model">${r.model}</span>
              <span class="muted">${r.description ?? r.name}</span></li>`)}</ul>
            <p class="muted">Read-only: Maestro never changes data at ${selected.name}. After the first sync it reads only what changed.
              Credentials are stored encrypted and never shown again.
              ${selected.webhooks ? `${selected.name} also notifies Maestro of changes as they happen.` : ''}</p>
          </aside>
        </div>`
    }
    return html`
      <button class="link back" @click=${() => this.dispatchEvent(new MaestroNavigateEvent({ view: 'overview' }))}>${icons.back} All connections</button>
      <div class="page-head"><div><h1>Add a connection</h1><p>Choose the provider to connect. Maestro reads employees, time and payroll data from it on a schedule.</p></div></div>
      <maestro-connector-catalog .connectors=${this.connectors} .connected=${new Set(this.connections.map((c) => c.connector))}
        @maestro-connector-selected=${(e: MaestroConnectorSelectedEvent) => this.select(e)}></maestro-connector-catalog>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-connect-view': MaestroConnectView }
}
