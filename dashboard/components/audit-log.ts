import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { AuditEntry } from '../api/types.ts'
import { MaestroFilterEvent, MaestroPageEvent } from '../events.ts'
import { dateTime, timeAgo } from '../lib/format.ts'
import { buttons, fields, surfaces, tokens } from '../styles/shared.ts'
import './status-badge.ts'

const OUTCOME_STATUS: Record<string, string> = { ok: 'succeeded', error: 'failed', denied: 'canceled' }

/**
 * @summary The audit log: who did what to which connection, and how it went, newest first.
 *
 * @event maestro-filter - `action` filter changed (exact action name, or undefined for all).
 * @event maestro-page - "Load more" (`direction: 'next'`).
 * @csspart table - The table.
 */
@customElement('maestro-audit-log')
export class MaestroAuditLog extends LitElement {
  static styles = [tokens, buttons, fields, surfaces, css`
    :host { display: block; }
    .toolbar { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; padding: 0.9rem 1rem; border-bottom: 1px solid var(--m-border); }
    .toolbar .field { min-width: min(100%, 16rem); }
    .details { font-family: var(--m-mono); font-size: 0.75rem; color: var(--m-muted); max-width: 22rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .more { padding: 0.75rem; text-align: center; border-top: 1px solid var(--m-border); }
    .empty { padding: 2rem; text-align: center; color: var(--m-muted); margin: 0; }
    .action { font-family: var(--m-mono); font-size: 0.8125rem; }
    td.nowrap { white-space: nowrap; }
  `]

  @property({ attribute: false }) entries: AuditEntry[] = []
  /** Cursor of older entries. */
  @property({ attribute: false }) next?: string
  /** The action filter in use. */
  @property() action = ''
  /** Show the tenant column (operator console). */
  @property({ type: Boolean, attribute: 'show-tenant' }) showTenant = false
  @property({ type: Boolean }) loading = false
  @property({ attribute: false }) now?: Date

  private actions(): string[] {
    const known = ['connection.create', 'connection.update', 'connection.delete', 'connection.pause', 'connection.resume', 'sync.trigger', 'oauth.authorize', 'access.denied']
    return [...new Set([...known, ...this.entries.map((e) => e.action)])].sort()
  }

  render() {
    const now = this.now ?? new Date()
    return html`
      <div class="toolbar">
        <div class="field">
          <label for="action">Action</label>
          <select id="action" @change=${(e: Event) => this.dispatchEvent(new MaestroFilterEvent('action', (e.target as HTMLSelectElement).value || undefined))}>
            <option value="">All actions</option>
            ${this.actions().map((a) => html`<option value=${a} ?selected=${a === this.action}>${a}</option>`)}
          </select>
        </div>
      </div>
      ${this.entries.length === 0 ? html`<p class="empty" role="status">${this.loading ? 'Loading…' : 'No entries.'}</p>` : html`
      <div class="table-wrap"><table part="table">
        <caption class="visually-hidden">Audit log, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Actor</th>${this.showTenant ? html`<th scope="col">Tenant</th>` : ''}
          <th scope="col">Action</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">Details</th></tr></thead>
        <tbody>${this.entries.map((e) => html`<tr data-audit=${e.id}>
          <td class="nowrap" title=${dateTime(e.at)}>${timeAgo(e.at, now)}</td>
          <td>${e.actor}</td>
          ${this.showTenant ? html`<td class="nowrap">${e.tenant ?? '—'}</td>` : ''}
          <td class="action">${e.action}</td>
          <td class="mono">${e.target ?? '—'}</td>
          <td><maestro-status-badge run-status=${OUTCOME_STATUS[e.outcome] ?? e.outcome} label=${e.outcome}></maestro-status-badge></td>
          <td class="details" title=${e.details ? JSON.stringify(e.details) : ''}>${e.details ? JSON.stringify(e.details) : ''}</td>
        </tr>`)}</tbody>
      </table></div>`}
      ${this.next ? html`<div class="more"><button class="btn small" ?disabled=${this.loading} @click=${() => this.dispatchEvent(new MaestroPageEvent(this.next, 'next'))}>Load more</button></div>` : ''}`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-audit-log': MaestroAuditLog }
}
