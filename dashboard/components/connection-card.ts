import { css, html, LitElement, unsafeCSS } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Connection, Connector } from '../api/types.ts'
import { MaestroActionEvent, MaestroAuthorizeRequestedEvent, MaestroNavigateEvent, MaestroSyncRequestedEvent } from '../events.ts'
import { AVATAR_CSS, avatar, connectionTitle, nextSync, usesConsent } from '../lib/connectors.ts'
import { count, dateTime, timeAgo } from '../lib/format.ts'
import { icons } from '../lib/icons.ts'
import type { LiveRun } from '../lib/progress.ts'
import { canSync, healthOf } from '../lib/status.ts'
import { buttons, surfaces, tokens } from '../styles/shared.ts'
import './status-badge.ts'
import './sync-progress.ts'

/**
 * @summary One connection at a glance: health, last and next sync, records per model, and its main actions.
 *
 * @event maestro-sync-requested - "Sync now" (cancelable).
 * @event maestro-authorize-requested - "Re-authorize" on an OAuth connection that needs it (cancelable).
 * @event maestro-action - `update_credentials` on an API-key connection that needs new credentials.
 * @event maestro-navigate - Open the connection's detail (cancelable).
 * @csspart card - The card.
 * @csspart avatar - The connector's avatar.
 * @cssproperty --maestro-radius - Corner radius.
 */
@customElement('maestro-connection-card')
export class MaestroConnectionCard extends LitElement {
  static styles = [tokens, buttons, surfaces, unsafeCSS(AVATAR_CSS), css`
    :host { display: block; height: 100%; }
    .card { display: grid; gap: 0.9rem; padding: 1.1rem; height: 100%; }
    .head { display: flex; gap: 0.8rem; align-items: center; min-width: 0; }
    .who { min-width: 0; flex: 1; }
    .title { max-width: 100%; font-weight: 650; font-size: 1rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; display: block; color: inherit; text-align: left; }
    .sub { font-size: 0.8125rem; color: var(--m-muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 0.3rem 0.9rem; margin: 0; font-size: 0.84rem; }
    dt { color: var(--m-muted); }
    dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
    .models { display: flex; flex-wrap: wrap; gap: 0.35rem; }
    .model { background: var(--m-neutral-soft); border-radius: 6px; padding: 0.1rem 0.45rem; font-size: 0.78rem; font-variant-numeric: tabular-nums; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: auto; }
    .warn { color: var(--m-warning); font-size: 0.84rem; margin: 0; display: flex; gap: 0.4rem; align-items: flex-start; }
    .warn svg { width: 1rem; height: 1rem; flex: none; margin-top: 0.1rem; }
    .danger { color: var(--m-danger); }
  `]

  @property({ attribute: false }) connection!: Connection
  @property({ attribute: false }) connector?: Connector
  /** The run the live stream reports for this connection, if one is running or just ended. */
  @property({ attribute: false }) live?: LiveRun
  /** Show the tenant (operator console). */
  @property({ type: Boolean, attribute: 'show-tenant' }) showTenant = false
  /** Time used for "5 minutes ago" (tests and screenshots pin it). */
  @property({ attribute: false }) now?: Date

  private open(): void {
    this.dispatchEvent(new MaestroNavigateEvent({ view: 'connection', id: this.connection.id }))
  }

  render() {
    const c = this.connection
    const running = this.live?.status === 'running'
    const health = healthOf(c, running)
    const now = this.now ?? new Date()
    const next = nextSync(c, this.connector, now)
    const last = c.lastRun
    const models = Object.entries(c.recordCounts).filter(([, n]) => n > 0)
    return html`<article class="card" part="card" data-connection=${c.id} data-health=${health} aria-label="${connectionTitle(c, this.connector)} connection">
      <div class="head">
        ${avatar(this.connector, c.connector)}
        <div class="who">
          <button class="link title" @click=${this.open}>${connectionTitle(c, this.connector)}</button>
          <div class="sub">${c.name ? this.connector?.name ?? c.connector : c.id}</div>
        </div>
        <maestro-status-badge health=${health}></maestro-status-badge>
      </div>
      ${running && this.live ? html`<maestro-sync-progress compact .run=${this.live}></maestro-sync-progress>` : ''}
      ${health === 'needs_reauth' ? html`<p class="warn">${icons.alert}<span>${this.connector?.name ?? 'The provider'} refused the credentials. Reconnect to resume syncing.</span></p>` : ''}
      ${health === 'error' && c.lastError ? html`<p class="warn danger">${icons.alert}<span>${c.lastError.message}</span></p>` : ''}
      <dl>
        ${this.showTenant ? html`<dt>Tenant</dt><dd><strong>${c.tenant}</strong></dd>` : ''}
        <dt>Last sync</dt>
        <dd title=${last ? dateTime(last.startedAt) : ''}>${last ? html`${timeAgo(last.finishedAt ?? last.startedAt, now)}${last.status !== 'succeeded' && last.status !== 'running' ? html` · <span class="danger">${last.status}</span>` : ''}` : 'Never'}</dd>
        <dt>Next sync</dt>
        <dd title=${next ? dateTime(next.toISOString()) : ''}>${next ? timeAgo(next, now) : c.status === 'paused' ? 'Paused' : c.status === 'active' || c.status === 'error' ? 'Manual only' : '—'}</dd>
        <dt>Records</dt>
        <dd>${models.length ? html`<span class="models">${models.map(([m, n]) => html`<span class="model">${count(n)} ${m}</span>`)}</span>` : html`<span class="muted">None yet</span>`}</dd>
      </dl>
      <div class="actions">
        ${health === 'needs_reauth' ? usesConsent(this.connector)
          ? html`<button class="btn primary small" @click=${() => this.dispatchEvent(new MaestroAuthorizeRequestedEvent(c.id))}>${icons.key} Re-authorize</button>`
          : html`<button class="btn primary small" @click=${() => this.dispatchEvent(new MaestroActionEvent('update_credentials', c.id))}>${icons.key} Re-authorize</button>`
          : html`<button class="btn small" ?disabled=${!canSync(c) || running} @click=${() => this.dispatchEvent(new MaestroSyncRequestedEvent(c.id))}>
              ${icons.sync} ${running ? 'Syncing…' : 'Sync now'}</button>`}
        <button class="btn ghost small" @click=${this.open} aria-label="Details of ${connectionTitle(c, this.connector)}">Details ${icons.next}</button>
      </div>
    </article>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-connection-card': MaestroConnectionCard }
}
