import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { MaestroToastDismissEvent } from '../events.ts'
import { icons } from '../lib/icons.ts'
import { tokens } from '../styles/shared.ts'

export interface Toast {
  id: number
  tone: 'success' | 'danger' | 'info'
  text: string
}

/**
 * @summary Short notices after an action ("Harvest connected", "Sync could not start: …"), announced to
 * screen readers. The dashboard decides when each one goes.
 *
 * @event maestro-toast-dismiss - A notice's close button (`id`: its id).
 * @csspart toast - One notice.
 */
@customElement('maestro-toast-region')
export class MaestroToastRegion extends LitElement {
  static styles = [tokens, css`
    :host { position: fixed; right: 1rem; bottom: 1rem; z-index: 50; display: grid; gap: 0.5rem; width: min(24rem, calc(100vw - 2rem)); }
    .toast { display: flex; gap: 0.6rem; align-items: flex-start; padding: 0.75rem 0.9rem; border-radius: var(--m-radius); background: var(--m-text); color: var(--m-surface); box-shadow: 0 10px 30px rgb(16 24 40 / 0.25); font-size: 0.875rem; line-height: 1.4; }
    .toast svg { width: 1.1rem; height: 1.1rem; flex: none; margin-top: 0.05rem; }
    .success svg { color: #4ade80; }
    .danger svg { color: #f87171; }
    .text { flex: 1; }
    button { background: none; border: 0; color: inherit; opacity: 0.7; cursor: pointer; padding: 0; width: 1.2rem; height: 1.2rem; }
    button:hover, button:focus-visible { opacity: 1; outline: none; }
  `]

  @property({ attribute: false }) toasts: Toast[] = []

  render() {
    return html`<div role="status" aria-live="polite" style="display:contents">
      ${this.toasts.map((t) => html`<div class="toast ${t.tone}" part="toast" data-tone=${t.tone}>
        ${t.tone === 'danger' ? icons.alert : icons.check}<span class="text">${t.text}</span>
        <button aria-label="Dismiss" @click=${() => this.dispatchEvent(new MaestroToastDismissEvent(t.id))}>${icons.close}</button>
      </div>`)}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-toast-region': MaestroToastRegion }
}
