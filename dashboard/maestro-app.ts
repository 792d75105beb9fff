import { css, html, LitElement } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { ApiError, MaestroClient } from './api/client.ts'
import './components/token-form.ts'
import type { MaestroTokenSubmitEvent } from './events.ts'
import './maestro-dashboard.ts'
import { buttons, tokens } from './styles/shared.ts'

const STORAGE_KEY = 'maestro.token'

/**
 * @summary The page Maestro serves at `/`: asks for a token once (or takes `#token=…` from the URL that
 * `npm start` prints), keeps it in sessionStorage for this tab, and shows `<maestro-dashboard>`.
 */
@customElement('maestro-app')
export class MaestroApp extends LitElement {
  static styles = [tokens, buttons, css`:host { display: block; min-height: 100vh; background: var(--m-bg); } maestro-dashboard { min-height: 100vh; }`]

  @state() private token = ''
  @state() private error = ''

  connectedCallback(): void {
    super.connectedCallback()
    const fromHash = new URLSearchParams(location.hash.slice(1)).get('token')
    if (fromHash) {
      sessionStorage.setItem(STORAGE_KEY, fromHash)
      // The token must not stay in the address bar, the history or a bookmark.
      history.replaceState(null, '', location.pathname + location.search)
    }
    this.token = sessionStorage.getItem(STORAGE_KEY) ?? ''
  }

  firstUpdated(): void {
    // After consent sent this page away and back, the dashboard has read `?connection=…&status=…` by now.
    if (location.search) history.replaceState(null, '', location.pathname)
  }

  private async signIn(e: MaestroTokenSubmitEvent): Promise<void> {
    try {
      await new MaestroClient({ token: e.token }).listConnectors()
      sessionStorage.setItem(STORAGE_KEY, e.token)
      this.error = ''
      this.token = e.token
    } catch (err) {
      this.error = err instanceof ApiError && err.code === 'unauthorized' ? 'That token was refused: it may be mistyped, expired or revoked.' : `Maestro could not be reached (${String((err as Error).message)}).`
    }
  }

  private signOut(message = ''): void {
    sessionStorage.removeItem(STORAGE_KEY)
    this.token = ''
    this.error = message
  }

  render() {
    if (!this.token) return html`<maestro-token-form .error=${this.error} @maestro-token-submit=${(e: MaestroTokenSubmitEvent) => this.signIn(e)}></maestro-token-form>`
    return html`<maestro-dashboard .token=${this.token} @maestro-unauthorized=${() => this.signOut('Your session expired or the token was revoked. Sign in again.')}>
      <button slot="actions" class="btn small" @click=${() => this.signOut()}>Sign out</button>
    </maestro-dashboard>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-app': MaestroApp }
}
