import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { MaestroActionEvent, MaestroAuthorizeRequestedEvent, MaestroPauseRequestedEvent, MaestroSyncRequestedEvent } from '../events.ts'
import { dateTime } from '../lib/format.ts'
import { adviceFor, type AdviceContext } from '../lib/hints.ts'
import { icons } from '../lib/icons.ts'
import { buttons, tokens } from '../styles/shared.ts'

/**
 * @summary An error turned into plain words and the one thing to do about it: re-authorize when the
 * provider refused the connection, wait when it rate-limited, retry when it was down. The raw message
 * stays one click away for support.
 *
 * @event maestro-authorize-requested - Re-authorize an OAuth connection (cancelable).
 * @event maestro-sync-requested - Retry (cancelable).
 * @event maestro-pause-requested - Resume a paused connection (`paused: false`; cancelable).
 * @event maestro-action - Other actions: `update_credentials`, `sign_in`, `retry` without a connection.
 * @csspart panel - The panel.
 * @cssproperty --maestro-warning - Tone of recoverable problems (`--maestro-danger` for the rest).
 */
@customElement('maestro-error-panel')
export class MaestroErrorPanel extends LitElement {
  static styles = [tokens, buttons, css`
    :host { display: block; }
    .panel { display: grid; grid-template-columns: auto 1fr; gap: 0.3rem 0.8rem; padding: 1rem 1.1rem; border-radius: var(--m-radius); border: 1px solid; }
    .warning { background: var(--m-warning-soft); border-color: color-mix(in srgb, var(--m-warning) 30%, transparent); }
    .danger { background: var(--m-danger-soft); border-color: color-mix(in srgb, var(--m-danger) 30%, transparent); }
    .icon { width: 1.25rem; height: 1.25rem; margin-top: 0.1rem; }
    .warning .icon { color: var(--m-warning); }
    .danger .icon { color: var(--m-danger); }
    h3 { font-size: 0.95rem; }
    p { margin: 0; font-size: 0.875rem; line-height: 1.5; }
    .body { display: grid; gap: 0.45rem; }
    details { font-size: 0.8125rem; color: var(--m-muted); }
    summary { cursor: pointer; }
    code { font-family: var(--m-mono); word-break: break-word; }
    .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-top: 0.2rem; }
  `]

  /** The error code (`connection_needs_reauth`, `provider_rate_limited`…). */
  @property() code = ''
  /** The server's message, shown under "Technical details". */
  @property() message = ''
  /** When it happened (ISO-8601). */
  @property() at?: string
  /** The connection it concerns; actions carry it. */
  @property({ attribute: 'connection-id' }) connectionId?: string
  /** Provider name, OAuth or not, rate-limit waits: what makes the advice precise. */
  @property({ attribute: false }) context: AdviceContext = {}

  private act(action: string): void {
    const id = this.connectionId
    if (action === 'reauthorize' && id) this.dispatchEvent(new MaestroAuthorizeRequestedEvent(id))
    else if (action === 'retry' && id) this.dispatchEvent(new MaestroSyncRequestedEvent(id))
    else if (action === 'resume' && id) this.dispatchEvent(new MaestroPauseRequestedEvent(id, false))
    else this.dispatchEvent(new MaestroActionEvent(action, id))
  }

  render() {
    if (!this.code) return html``
    const advice = adviceFor(this.code, this.context)
    const tone = ['connection_needs_reauth', 'needs_reauth', 'auth_expired', 'provider_rate_limited', 'connection_paused', 'sync_in_progress'].includes(this.code) ? 'warning' : 'danger'
    return html`<section class="panel ${tone}" part="panel" role=${tone === 'danger' ? 'alert' : 'status'} data-code=${this.code}>
      <span class="icon">${icons.alert}</span>
      <div class="body">
        <h3>${advice.title}</h3>
        <p>${advice.text}</p>
        ${advice.action ? html`<div class="actions"><button class="btn ${advice.action === 'retry' ? '' : 'primary'} small" data-action=${advice.action}
          @click=${() => this.act(advice.action!)}>${advice.action === 'reauthorize' || advice.action === 'update_credentials' ? icons.key : ''}${advice.actionLabel}</button></div>` : ''}
        ${this.message ? html`<details><summary>Technical details</summary><p><code>${this.code}</code>${this.at ? ` · ${dateTime(this.at)}` : ''}</p><p><code>${this.message}</code></p></details>` : ''}
      </div>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-error-panel': MaestroErrorPanel }
}
