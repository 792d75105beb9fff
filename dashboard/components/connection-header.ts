import { css, html, LitElement, unsafeCSS } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'
import type { Connection, Connector } from '../api/types.ts'
import { MaestroDeleteRequestedEvent, MaestroPauseRequestedEvent, MaestroSyncRequestedEvent } from '../events.ts'
import { AVATAR_CSS, avatar, connectionTitle } from '../lib/connectors.ts'
import { count } from '../lib/format.ts'
import { icons } from '../lib/icons.ts'
import { canSync, type Health } from '../lib/status.ts'
import { buttons, tokens } from '../styles/shared.ts'
import type { MaestroConfirmDialog } from './confirm-dialog.ts'
import './confirm-dialog.ts'
import './status-badge.ts'

/**
 * @summary A connection's title bar: who it is, its health, and its actions — sync now, pause or resume,
 * delete (after a confirmation that says what is lost).
 *
 * @event maestro-sync-requested - "Sync now" (cancelable).
 * @event maestro-pause-requested - Pause (`paused: true`) or resume (cancelable).
 * @event maestro-delete-requested - Delete, after the admin confirmed (cancelable).
 * @csspart header - The header.
 * @csspart actions - The action buttons' row.
 */
@customElement('maestro-connection-header')
export class MaestroConnectionHeader extends LitElement {
  static styles = [tokens, buttons, unsafeCSS(AVATAR_CSS), css`
    :host { display: block; }
    header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; }
    .who { display: flex; gap: 0.9rem; align-items: center; min-width: 0; }
    h1 { margin: 0; font-size: 1.4rem; letter-spacing: -0.01em; display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; }
    .sub { color: var(--m-muted); font-size: 0.875rem; margin-top: 0.2rem; overflow-wrap: anywhere; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
  `]

  @property({ attribute: false }) connection!: Connection
  @property({ attribute: false }) connector?: Connector
  @property() health: Health = 'healthy'
  @property({ type: Boolean, attribute: 'show-tenant' }) showTenant = false
  @query('maestro-confirm-dialog') private confirmDialog!: MaestroConfirmDialog

  private async confirmDelete(): Promise<void> {
    if (await this.confirmDialog.ask()) this.dispatchEvent(new MaestroDeleteRequestedEvent(this.connection.id))
  }

  render() {
    const c = this.connection
    const title = connectionTitle(c, this.connector)
    const records = Object.values(c.recordCounts).reduce((a, b) => a + b, 0)
    const paused = c.status === 'paused'
    return html`<header part="header">
      <div class="who">
        ${avatar(this.connector, c.connector, 48)}
        <div>
          <h1>${title} <maestro-status-badge health=${this.health}></maestro-status-badge></h1>
          <div class="sub">${c.name ? `${this.connector?.name ?? c.connector} · ` : ''}${this.showTenant ? html`tenant <strong>${c.tenant}</strong> · ` : ''}<span class="mono">${c.id}</span></div>
        </div>
      </div>
      <div class="actions" part="actions">
        <button class="btn primary" ?disabled=${!canSync(c) || this.health === 'syncing'} @click=${() => this.dispatchEvent(new MaestroSyncRequestedEvent(c.id))}>
          ${icons.sync} ${this.health === 'syncing' ? 'Syncing…' : 'Sync now'}</button>
        <button class="btn" ?disabled=${c.status === 'pending'} @click=${() => this.dispatchEvent(new MaestroPauseRequestedEvent(c.id, !paused))}>
          ${paused ? icons.play : icons.pause} ${paused ? 'Resume' : 'Pause'}</button>
        <button class="btn danger" @click=${() => this.confirmDelete()}>${icons.trash} Delete</button>
      </div>
    </header>
    <maestro-confirm-dialog heading="Delete ${title}?" confirm-label="Delete connection" tone="danger">
      <p>Maestro revokes its access at ${this.connector?.name ?? 'the provider'} and deletes this connection${records ? ` and its ${count(records)} synced records` : ''}${this.showTenant ? ` for tenant ${c.tenant}` : ''}. This cannot be undone; connecting again starts from scratch.</p>
    </maestro-confirm-dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-connection-header': MaestroConnectionHeader }
}
