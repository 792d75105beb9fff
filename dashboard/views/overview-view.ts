import { html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import type { Connection, LiveEvent } from '../api/types.ts'
import '../components/connection-card.ts'
import '../components/error-panel.ts'
import '../components/fleet-summary.ts'
import { MaestroFilterEvent, MaestroNavigateEvent } from '../events.ts'
import { icons } from '../lib/icons.ts'
import { applyLiveEvent, type LiveRun } from '../lib/progress.ts'
import { healthOf, type Health } from '../lib/status.ts'
import { buttons, fields, surfaces, tokens } from '../styles/shared.ts'
import { MaestroView } from './view-base.ts'
import { viewStyles } from './view-styles.ts'

const ATTENTION: Health[] = ['needs_reauth', 'error', 'pending']

/**
 * @summary The connections overview: fleet health, then one card per connection with live sync progress.
 * For the operator it spans every tenant, with a tenant filter.
 *
 * @event maestro-filter - `tenant` chosen in the operator's tenant filter.
 * @event maestro-navigate - "Add connection" and the cards' links (cancelable).
 */
@customElement('maestro-overview-view')
export class MaestroOverviewView extends MaestroView {
  static styles = [tokens, buttons, fields, surfaces, viewStyles]

  @state() private connections: Connection[] = []
  @state() private live = new Map<string, LiveRun>()
  @state() private health = ''
  private reloadTimer?: ReturnType<typeof setTimeout>

  async refresh(): Promise<void> {
    await this.guard(async () => {
      this.connections = await this.client.listConnections()
    })
  }

  /** Coalesce bursts of events into one reload. */
  private reloadSoon(): void {
    clearTimeout(this.reloadTimer)
    this.reloadTimer = setTimeout(() => void this.refresh(), 150)
  }

  protected onLive(e: LiveEvent): void {
    if (e.type === 'ready' || e.type.startsWith('connection.') || e.type === 'run.finished' || e.type === 'run.started') this.reloadSoon()
    const id = 'connectionId' in e ? e.connectionId : undefined
    if (id && (e.type.startsWith('run.') || e.type.startsWith('resource.'))) {
      const next = applyLiveEvent(this.live.get(id), e, id)
      if (next) this.live = new Map(this.live).set(id, next)
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.reloadTimer)
  }

  private healthOf(c: Connection): Health {
    return healthOf(c, this.live.get(c.id)?.status === 'running')
  }

  render() {
    const inTenant = this.connections.filter((c) => !this.tenant || c.tenant === this.tenant)
    const shown = inTenant.filter((c) => !this.health || (this.health === 'attention' ? ATTENTION.includes(this.healthOf(c)) : this.healthOf(c) === this.health))
    const tenants = [...new Set(this.connections.map((c) => c.tenant))].sort()
    if (this.tenant && !tenants.includes(this.tenant)) tenants.unshift(this.tenant)
    const records = inTenant.reduce((n, c) => n + Object.values(c.recordCounts).reduce((a, b) => a + b, 0), 0)
    return html`
      <div class="page-head">
        <div>
          <h1>${this.operator ? 'Connections across tenants' : 'Your connections'}</h1>
          <p>${this.operator ? 'Every tenant\'s provider connections and how their syncs are doing.' : 'The providers connected to your account and how their syncs are doing.'}</p>
        </div>
        <div class="tools">
          ${this.operator ? html`<label class="visually-hidden" for="tenant">Tenant</label>
            <select id="tenant" @change=${(e: Event) => this.dispatchEvent(new MaestroFilterEvent('tenant', (e.target as HTMLSelectElement).value || undefined))}>
              <option value="">All tenants</option>
              ${tenants.map((t) => html`<option value=${t} ?selected=${t === this.tenant}>${t}</option>`)}
            </select>` : ''}
          <button class="btn primary" @click=${() => this.dispatchEvent(new MaestroNavigateEvent({ view: 'connect' }))}>${icons.plus} Add connection</button>
        </div>
      </div>
      ${this.loadError ? html`<maestro-error-panel code=${this.loadError.code} message=${this.loadError.message}></maestro-error-panel>` : ''}
      <div class="stack">
        <maestro-fleet-summary .healths=${inTenant.map((c) => this.healthOf(c))} records=${records}
          .tenants=${this.operator && !this.tenant ? tenants.length : undefined} selected=${this.health}
          @maestro-filter=${(e: MaestroFilterEvent) => { e.stopPropagation(); this.health = typeof e.value === 'string' ? e.value : '' }}></maestro-fleet-summary>
      </div>
      ${this.connections.length === 0 && !this.loading && !this.loadError ? html`<div class="card empty-state">
          <h2>No connections yet</h2>
          <p>Connect a payroll, HR, accounting or time-tracking provider. It takes about a minute.</p>
          <button class="btn primary" @click=${() => this.dispatchEvent(new MaestroNavigateEvent({ view: 'connect' }))}>${icons.plus} Add your first connection</button>
        </div>`
        : shown.length === 0 && !this.loading ? html`<div class="card empty-state"><p>No connection matches this filter.</p></div>`
        : html`<ul role="list" style="list-style:none;margin:0;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,320px),1fr))">
          ${shown.map((c) => html`<li><maestro-connection-card .connection=${c} .connector=${this.connectorOf(c.connector)} .live=${this.live.get(c.id)}
            ?show-tenant=${this.operator} .now=${this.now}></maestro-connection-card></li>`)}
        </ul>`}
    `
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-overview-view': MaestroOverviewView }
}
