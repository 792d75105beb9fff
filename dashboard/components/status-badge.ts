import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { HEALTH_LABELS, HEALTH_TONES, type Health } from '../lib/status.ts'
import { tokens } from '../styles/shared.ts'

type Tone = 'success' | 'info' | 'warning' | 'danger' | 'neutral'

const RUN_TONES: Record<string, Tone> = { succeeded: 'success', running: 'info', partial: 'warning', failed: 'danger', canceled: 'neutral', pending: 'neutral', skipped: 'neutral' }

/**
 * @summary A coloured pill naming a connection's health or a run's status.
 *
 * @csspart badge - The pill.
 * @cssproperty --maestro-success - Colour of healthy and succeeded (also `--maestro-warning`, `--maestro-danger`, `--maestro-info`).
 */
@customElement('maestro-status-badge')
export class MaestroStatusBadge extends LitElement {
  static styles = [tokens, css`
    :host { display: inline-flex; }
    .badge { display: inline-flex; align-items: center; gap: 0.4rem; padding: 0.2rem 0.6rem; border-radius: 999px; font-size: 0.75rem; font-weight: 600; line-height: 1.4; white-space: nowrap; }
    .dot { width: 0.45rem; height: 0.45rem; border-radius: 50%; background: currentColor; }
    .success { background: var(--m-success-soft); color: var(--m-success); }
    .info { background: var(--m-info-soft); color: var(--m-info); }
    .info .dot { animation: pulse 1.2s ease-in-out infinite; }
    .warning { background: var(--m-warning-soft); color: var(--m-warning); }
    .danger { background: var(--m-danger-soft); color: var(--m-danger); }
    .neutral { background: var(--m-neutral-soft); color: var(--m-muted); }
    @keyframes pulse { 50% { opacity: 0.3; } }
    @media (prefers-reduced-motion: reduce) { .info .dot { animation: none; } }
  `]

  /** A connection health (`healthy`, `syncing`, `needs_reauth`, `error`, `paused`, `pending`, `new`). */
  @property() health?: Health
  /** A run or resource status (`succeeded`, `running`, `partial`, `failed`…), used when `health` is unset. */
  @property({ attribute: 'run-status' }) runStatus?: string
  /** Text to show instead of the status's own label. */
  @property() label?: string

  render() {
    const tone: Tone = this.health ? HEALTH_TONES[this.health] : RUN_TONES[this.runStatus ?? ''] ?? 'neutral'
    const label = this.label ?? (this.health ? HEALTH_LABELS[this.health] : (this.runStatus ?? '').replace(/^\w/, (c) => c.toUpperCase()))
    return html`<span class="badge ${tone}" part="badge" data-status=${this.health ?? this.runStatus ?? ''}><span class="dot"></span>${label}</span>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-status-badge': MaestroStatusBadge }
}
