import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { MaestroFilterEvent } from '../events.ts'
import { count } from '../lib/format.ts'
import type { Health } from '../lib/status.ts'
import { surfaces, tokens } from '../styles/shared.ts'

interface Tile { key: string; label: string; value: number; tone?: string; filter?: string }

/**
 * @summary Fleet health at a glance: connections by health, tenants (operator console) and records.
 * Tiles with a filter are buttons that filter the list below.
 *
 * @event maestro-filter - `health` set to the tile's filter (or undefined to clear it).
 * @csspart tile - One tile.
 */
@customElement('maestro-fleet-summary')
export class MaestroFleetSummary extends LitElement {
  static styles = [tokens, surfaces, css`
    :host { display: block; container-type: inline-size; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 9.5rem), 1fr)); gap: 0.75rem; }
    .tile { display: grid; gap: 0.25rem; padding: 0.85rem 1rem; text-align: left; font: inherit; color: inherit; }
    button.tile { cursor: pointer; }
    button.tile:hover { border-color: var(--m-accent); }
    button.tile:focus-visible { outline: none; box-shadow: var(--m-focus); }
    .tile[aria-pressed='true'] { border-color: var(--m-accent); background: var(--m-accent-soft); }
    .label { font-size: 0.78rem; color: var(--m-muted); font-weight: 600; }
    .value { font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; letter-spacing: -0.01em; }
    .success .value { color: var(--m-success); }
    .info .value { color: var(--m-info); }
    .warning .value { color: var(--m-warning); }
    .danger .value { color: var(--m-danger); }
    @container (max-width: 30rem) {
      .tiles { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.5rem; }
      .tile { padding: 0.55rem 0.65rem; }
      .label { font-size: 0.7rem; }
      .value { font-size: 1.15rem; }
    }
  `]

  /** Health of each connection shown. */
  @property({ attribute: false }) healths: Health[] = []
  /** Total records across the connections. */
  @property({ type: Number }) records = 0
  /** Number of tenants (operator console); hidden when undefined. */
  @property({ type: Number }) tenants?: number
  /** The active health filter. */
  @property() selected?: string

  render() {
    const n = (...hs: Health[]) => this.healths.filter((h) => hs.includes(h)).length
    const tiles: Tile[] = [
      { key: 'all', label: 'Connections', value: this.healths.length, filter: '' },
      ...(this.tenants !== undefined ? [{ key: 'tenants', label: 'Tenants', value: this.tenants }] : []),
      { key: 'healthy', label: 'Healthy', value: n('healthy'), tone: 'success', filter: 'healthy' },
      { key: 'syncing', label: 'Syncing', value: n('syncing'), tone: 'info', filter: 'syncing' },
      { key: 'attention', label: 'Need attention', value: n('needs_reauth', 'error', 'pending'), tone: n('needs_reauth', 'error', 'pending') ? 'danger' : '', filter: 'attention' },
      { key: 'paused', label: 'Paused', value: n('paused'), filter: 'paused' },
      { key: 'records', label: 'Records', value: this.records },
    ]
    return html`<div class="tiles" role="group" aria-label="Fleet health">
      ${tiles.map((t) => t.filter === undefined
        ? html`<div class="tile card ${t.tone ?? ''}" part="tile" data-tile=${t.key}><span class="label">${t.label}</span><span class="value">${count(t.value)}</span></div>`
        : html`<button class="tile card ${t.tone ?? ''}" part="tile" data-tile=${t.key} aria-pressed=${(this.selected ?? '') === t.filter ? 'true' : 'false'}
            aria-label="${t.label}: ${t.value}. Show ${t.filter ? t.label.toLowerCase() : 'all'}"
            @click=${() => this.dispatchEvent(new MaestroFilterEvent('health', t.filter || undefined))}>
            <span class="label">${t.label}</span><span class="value">${count(t.value)}</span></button>`)}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-fleet-summary': MaestroFleetSummary }
}
