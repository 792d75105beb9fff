import { html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { ApiError, MaestroClient, scopeOfToken } from './api/client.ts'
import type { Connection, Connector, Scope } from './api/types.ts'
import './components/toast-region.ts'
import type { Toast } from './components/toast-region.ts'
import { dashboardStyles } from './maestro-dashboard.styles.ts'
import {
  MaestroConnectedEvent, MaestroUnauthorizedEvent, unlessVetoed, type MaestroActionEvent, type MaestroAuthorizeRequestedEvent,
  type MaestroConnectedEvent as Connected, type MaestroDeleteRequestedEvent, type MaestroFilterEvent, type MaestroNavigateEvent,
  type MaestroPauseRequestedEvent, type MaestroScheduleChangeEvent, type MaestroSyncRequestedEvent, type MaestroToastDismissEvent, type Route,
} from './events.ts'
import { ConsentFlow } from './lib/consent.ts'
import { adviceFor } from './lib/hints.ts'
import { icons } from './lib/icons.ts'
import './views/audit-view.ts'
import './views/connect-view.ts'
import './views/connection-view.ts'
import './views/overview-view.ts'
import './views/records-view.ts'
import type { MaestroView } from './views/view-base.ts'

/**
 * @summary The whole integrations dashboard as one element. With a tenant token it is one small business's
 * own integrations page (its connections only); with the operator token it is the console across tenants.
 *
 * @event maestro-connected - A connection became ready (created with credentials, or authorized by consent).
 * @event maestro-unauthorized - The token was refused; set a new `token` (or give a `tokenProvider`).
 * @event maestro-navigate - Any view change; cancel it to keep the dashboard where it is.
 * @event maestro-sync-requested - "Sync now" anywhere; cancel it to veto the sync.
 * @event maestro-delete-requested - A confirmed delete; cancel it to veto.
 * @slot actions - Extra controls at the right of the header (e.g. a sign-out button).
 * @csspart header - The top bar.
 * @csspart brand - The title at its left.
 * @csspart nav - The view navigation.
 * @csspart nav-item - One navigation button.
 * @csspart main - The area the views render in.
 * @cssproperty --maestro-accent - Brand colour of buttons, links and focus rings.
 * @cssproperty --maestro-bg - Page background behind the cards.
 * @cssproperty --maestro-surface - Card background.
 * @cssproperty --maestro-text - Text colour.
 * @cssproperty --maestro-muted - Secondary text colour.
 * @cssproperty --maestro-border - Border colour.
 * @cssproperty --maestro-radius - Corner radius of cards.
 * @cssproperty --maestro-font - Font family.
 */
@customElement('maestro-dashboard')
export class MaestroDashboard extends LitElement {
  static styles = dashboardStyles

  /** Base URL of the Maestro API; empty for this page's origin. */
  @property({ attribute: 'api-base' }) apiBase = ''
  /** The operator token, or a tenant token minted by the host application. */
  @property() token = ''
  /** Operator console: the tenant to filter on at first. */
  @property() tenant = ''
  /** Title at the top left. */
  @property() heading = 'Integrations'
  /** `light` (default) or `dark`. */
  @property({ reflect: true }) theme: 'light' | 'dark' = 'light'
  /** Called for a fresh token when the current one is refused (short-lived tenant tokens). */
  @property({ attribute: false }) tokenProvider?: () => Promise<string>
  /** Pinned "now" for relative times (screenshots). */
  @property({ attribute: false }) now?: Date

  @state() private route: Route = { view: 'overview' }
  @state() private scope: Scope = { kind: 'operator' }
  @state() private connectors: Connector[] = []
  @state() private toasts: Toast[] = []
  @state() private live = false
  @state() private expired = false
  private client?: MaestroClient
  private unsubscribe?: () => void
  private toastId = 0
  private consent = new ConsentFlow(this, {
    client: () => this.client!,
    providerName: (id) => this.connectors.find((c) => c.id === id)?.name ?? id,
    done: (connection) => this.connected(connection),
  })

  constructor() {
    super()
    this.addEventListener('maestro-navigate', (e: MaestroNavigateEvent) => unlessVetoed(e, () => this.go(e.route)))
    this.addEventListener('maestro-sync-requested', (e: MaestroSyncRequestedEvent) => unlessVetoed(e, () => this.act('Sync', () => this.client!.sync(e.connectionId, e.resources ? { resources: e.resources } : {}))))
    this.addEventListener('maestro-pause-requested', (e: MaestroPauseRequestedEvent) => unlessVetoed(e, () =>
      this.act(e.paused ? 'Pause' : 'Resume', () => e.paused ? this.client!.pause(e.connectionId) : this.client!.resume(e.connectionId), e.paused ? 'Connection paused' : 'Connection resumed')))
    this.addEventListener('maestro-schedule-change', (e: MaestroScheduleChangeEvent) => unlessVetoed(e, () =>
      this.act('Saving the schedule', () => this.client!.updateConnection(e.connectionId, { schedule: e.schedule }), 'Schedule saved')))
    this.addEventListener('maestro-delete-requested', (e: MaestroDeleteRequestedEvent) => unlessVetoed(e, async () => {
      if (await this.act('Delete', () => this.client!.deleteConnection(e.connectionId), 'Connection deleted')) this.go({ view: 'overview' })
    }))
    this.addEventListener('maestro-authorize-requested', (e: MaestroAuthorizeRequestedEvent) => unlessVetoed(e, () => this.consent.start(e.connectionId, e.fresh)))
    this.addEventListener('maestro-action', (e: MaestroActionEvent) => this.onAction(e))
    this.addEventListener('maestro-connected', (e: Connected) => {
      // Consent completions are announced from `connected()`; this is the API-key path from the connect view.
      if (e.composedPath()[0] !== this) this.toast('success', `${this.providerName(e.connection.connector)} connected. Press “Sync now” to read its data.`)
    })
    this.addEventListener('maestro-filter', (e: MaestroFilterEvent) => { if (e.name === 'tenant') this.tenant = typeof e.value === 'string' ? e.value : '' })
    this.addEventListener('maestro-toast-dismiss', (e: MaestroToastDismissEvent) => { this.toasts = this.toasts.filter((t) => t.id !== e.id) })
  }

  willUpdate(changed: Map<string, unknown>): void {
    if (!this.client || changed.has('apiBase')) this.connect()
    else if (changed.has('token') && this.client.token !== this.token) {
      this.client.token = this.token
      this.scope = scopeOfToken(this.token)
      this.expired = false
      void this.loadCatalog().then(() => this.refreshView())
    }
  }

  connectedCallback(): void {
    super.connectedCallback()
    if (this.client && !this.unsubscribe) this.connect()
    this.readOAuthReturn()
  }

  disconnectedCallback(): void {
    super.disconnectedCallback()
    this.unsubscribe?.()
    this.unsubscribe = undefined
    this.client?.close()
  }

  /** (Re)create the API client and its live subscription. */
  private connect(): void {
    this.unsubscribe?.()
    this.client?.close()
    this.client = new MaestroClient({ apiBase: this.apiBase, token: this.token, refreshToken: () => this.refreshToken() })
    this.scope = scopeOfToken(this.token)
    this.unsubscribe = this.client.subscribe((e) => {
      if (e.type === 'ready') {
        this.live = true
        this.scope = e.tenant ? { kind: 'tenant', tenant: e.tenant } : { kind: 'operator' }
      }
      if (e.type === 'stream.lost') this.live = false
      this.consent.onLive(e)
    })
    void this.loadCatalog()
  }

  private async loadCatalog(): Promise<void> {
    try {
      this.connectors = await this.client!.listConnectors()
    } catch (err) {
      if (err instanceof ApiError && err.code !== 'unauthorized') this.toast('danger', `The provider catalog could not be loaded: ${err.message}`)
    }
  }

  private async refreshToken(): Promise<string | undefined> {
    const before = this.token
    const fresh = this.tokenProvider ? await this.tokenProvider().catch(() => undefined) : undefined
    if (fresh) {
      this.token = fresh
      return fresh
    }
    this.dispatchEvent(new MaestroUnauthorizedEvent())
    // A listener may have handed over a new token synchronously.
    if (this.token !== before) return this.token
    this.expired = true
    return undefined
  }

  /** After consent sent the whole page away and back (popup blocked), say how it went. */
  private readOAuthReturn(): void {
    const params = new URLSearchParams(location.search)
    const id = params.get('connection')
    if (!id || !/^con_[\w-]+$/.test(id)) return
    if (params.get('status') === 'active') {
      this.toast('success', 'The connection is authorized.')
      this.go({ view: 'connection', id })
    } else this.toast('danger', 'The provider did not authorize the connection.')
  }

  private providerName(connectorId: string): string {
    return this.connectors.find((c) => c.id === connectorId)?.name ?? connectorId
  }

  private connected(connection: Connection): void {
    this.toast('success', `${this.providerName(connection.connector)} connected. Press “Sync now” to read its data.`)
    this.dispatchEvent(new MaestroConnectedEvent(connection))
    this.go({ view: 'connection', id: connection.id })
  }

  private go(route: Route): void {
    this.route = route
    void this.updateComplete.then(() => {
      const main = this.renderRoot.querySelector('main')
      main?.focus({ preventScroll: true })
      if (this.getBoundingClientRect().top < 0) this.scrollIntoView({ block: 'start' })
    })
  }

  private onAction(e: MaestroActionEvent): void {
    if (e.action === 'update_credentials' && e.connectionId) this.go({ view: 'connection', id: e.connectionId, panel: 'credentials' })
    else if (e.action === 'credentials_saved') this.toast('success', 'Credentials saved. Press “Sync now” to check them.')
    else if (e.action === 'sign_in') void this.refreshToken()
    else if (e.action === 'retry') void this.refreshView()
  }

  /** Run an action; a failure becomes a toast in plain words. True when it succeeded. */
  private async act(what: string, call: () => Promise<unknown>, success?: string): Promise<boolean> {
    try {
      await call()
      if (success) this.toast('success', success)
      if (!this.live) await this.refreshView()
      return true
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      const advice = adviceFor(err.code)
      this.toast('danger', `${what}: ${advice.title === 'Something went wrong' ? err.message : advice.title}.`)
      await this.refreshView()
      return false
    }
  }

  private toast(tone: Toast['tone'], text: string): void {
    const id = ++this.toastId
    this.toasts = [...this.toasts.slice(-3), { id, tone, text }]
    setTimeout(() => { this.toasts = this.toasts.filter((t) => t.id !== id) }, tone === 'danger' ? 9000 : 5000)
  }

  private async refreshView(): Promise<void> {
    await (this.renderRoot.querySelector('main > *') as MaestroView | null)?.refresh?.()
  }

  private renderView() {
    const common = { client: this.client!, connectors: this.connectors, scope: this.scope, tenant: this.tenant, now: this.now }
    const r = this.route
    switch (r.view) {
      case 'connect': return html`<maestro-connect-view .client=${common.client} .connectors=${common.connectors} .scope=${common.scope} tenant=${common.tenant} connector=${r.connector ?? ''}></maestro-connect-view>`
      case 'connection': return html`<maestro-connection-view .client=${common.client} .connectors=${common.connectors} .scope=${common.scope} .now=${common.now} connection-id=${r.id} .panel=${r.panel}></maestro-connection-view>`
      case 'records': return html`<maestro-records-view .client=${common.client} .connectors=${common.connectors} .scope=${common.scope} connection-id=${r.id} model=${r.model ?? ''}></maestro-records-view>`
      case 'audit': return html`<maestro-audit-view .client=${common.client} .connectors=${common.connectors} .scope=${common.scope} tenant=${common.tenant} .now=${common.now}></maestro-audit-view>`
      default: return html`<maestro-overview-view .client=${common.client} .connectors=${common.connectors} .scope=${common.scope} tenant=${common.tenant} .now=${common.now}></maestro-overview-view>`
    }
  }

  private renderConsent() {
    const s = this.consent.state
    if (!s) return ''
    return html`<div class="overlay"><div class="modal card" role="dialog" aria-modal="true" aria-labelledby="consent-h" aria-describedby="consent-p">
      <h2 id="consent-h">${s.phase === 'failed' ? 'Not connected' : `Waiting for ${s.provider}`}</h2>
      <p id="consent-p">${s.phase === 'failed' ? s.message : s.phase === 'opening'
        ? `Opening ${s.provider}’s sign-in page…`
        : `Sign in to ${s.provider} in the window that opened and approve access. This page continues by itself.`}</p>
      ${s.phase === 'failed' ? '' : html`<div class="spinner" aria-hidden="true"></div>`}
      <div class="actions">
        ${s.phase === 'waiting' ? html`<button class="btn" @click=${() => this.consent.focus()}>${icons.external} Show window</button>` : ''}
        ${s.phase === 'failed'
          ? html`<button class="btn primary" @click=${() => this.consent.dismiss()}>Close</button>`
          : html`<button class="btn" @click=${() => void this.consent.cancel()} autofocus>Cancel</button>`}
      </div>
    </div></div>`
  }

  render() {
    if (!this.client) return html``
    const v = this.route.view
    const nav: Array<[Route['view'], string, Route]> = [['overview', 'Connections', { view: 'overview' }], ['connect', 'Add connection', { view: 'connect' }], ['audit', 'Activity', { view: 'audit' }]]
    const current = v === 'connection' || v === 'records' ? 'overview' : v
    return html`
      <header part="header">
        <div class="brand" part="brand"><span class="logo" aria-hidden="true">M</span><span>${this.heading}</span></div>
        <nav part="nav" aria-label="Dashboard">
          ${nav.map(([key, label, route]) => html`<button part="nav-item" aria-current=${current === key ? 'page' : 'false'} @click=${() => this.go(route)}>${label}</button>`)}
        </nav>
        <div class="end">
          <span class="scope" title=${this.scope.kind === 'operator' ? 'Operator token: every tenant' : `Tenant token: ${this.scope.tenant}`}>
            ${this.scope.kind === 'operator' ? 'Operator console' : this.scope.tenant}</span>
          <span class="live ${this.live ? 'on' : ''}" role="status" aria-label=${this.live ? 'Live updates on' : 'Live updates reconnecting'}><span class="dot"></span>${this.live ? 'Live' : 'Offline'}</span>
          <slot name="actions"></slot>
        </div>
      </header>
      ${this.expired ? html`<div class="expired" role="alert">Your session has expired. Sign in again to continue.</div>` : ''}
      <main part="main" tabindex="-1">${this.renderView()}</main>
      <maestro-toast-region .toasts=${this.toasts}></maestro-toast-region>
      ${this.renderConsent()}`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-dashboard': MaestroDashboard }
}
