import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { MaestroTokenSubmitEvent } from '../events.ts'
import { buttons, fields, surfaces, tokens } from '../styles/shared.ts'

/**
 * @summary The standalone page's sign-in: paste the admin token (printed by `npm start`) or a tenant token.
 *
 * @event maestro-token-submit - The token to use.
 * @csspart form - The form card.
 */
@customElement('maestro-token-form')
export class MaestroTokenForm extends LitElement {
  static styles = [tokens, buttons, fields, surfaces, css`
    :host { display: grid; place-items: center; min-height: 100vh; padding: 1rem; background: var(--m-bg); }
    form { width: min(26rem, 100%); padding: 2rem; display: grid; gap: 1.1rem; }
    .brand { display: flex; gap: 0.6rem; align-items: center; font-weight: 700; font-size: 1.15rem; }
    .logo { width: 2rem; height: 2rem; border-radius: 8px; background: var(--m-accent); color: #fff; display: grid; place-items: center; font-weight: 800; }
    h1 { margin: 0; font-size: 1.35rem; }
    p { margin: 0; }
  `]

  /** Why the form is shown again (a refused or expired token). */
  @property() error = ''

  private submit(e: Event): void {
    e.preventDefault()
    const input = this.renderRoot.querySelector('input')!
    const token = input.value.trim()
    if (!token) {
      this.error = 'Paste the token first.'
      input.focus()
      return
    }
    this.dispatchEvent(new MaestroTokenSubmitEvent(token))
  }

  render() {
    return html`<form class="card" part="form" @submit=${this.submit} aria-labelledby="h">
      <div class="brand"><span class="logo" aria-hidden="true">M</span>Maestro</div>
      <h1 id="h">Sign in to the integrations dashboard</h1>
      <div class="field">
        <label for="token">Access token</label>
        <input id="token" type="password" autocomplete="current-password" spellcheck="false" aria-describedby="token-help${this.error ? ' token-error' : ''}"
          aria-invalid=${this.error ? 'true' : 'false'} autofocus>
        <p class="help" id="token-help">The admin token printed by <code>npm start</code> (or <code>maestro serve</code>), or a tenant token. It is kept for this browser tab only.</p>
        ${this.error ? html`<p class="error-text" id="token-error" role="alert">${this.error}</p>` : ''}
      </div>
      <button class="btn primary" type="submit">Sign in</button>
    </form>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-token-form': MaestroTokenForm }
}
