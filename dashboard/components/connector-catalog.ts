import { css, html, LitElement, unsafeCSS } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { Connector } from '../api/types.ts'
import { MaestroConnectorSelectedEvent } from '../events.ts'
import { AVATAR_CSS, authLabel, avatar, CATEGORY_LABELS, categoryLabel } from '../lib/connectors.ts'
import { icons } from '../lib/icons.ts'
import { buttons, fields, surfaces, tokens } from '../styles/shared.ts'

/**
 * @summary The connector catalog: search and category filters over every provider this server can connect.
 *
 * @event maestro-connector-selected - The admin picked a connector (cancelable).
 * @csspart search - The search input.
 * @csspart card - One connector's card (a button).
 * @cssproperty --maestro-accent - Selected filter and focus colour.
 */
@customElement('maestro-connector-catalog')
export class MaestroConnectorCatalog extends LitElement {
  static styles = [tokens, buttons, fields, surfaces, unsafeCSS(AVATAR_CSS), css`
    :host { display: block; }
    .toolbar { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin-bottom: 1rem; }
    .search { position: relative; flex: 1 1 16rem; }
    .search svg { position: absolute; left: 0.7rem; top: 50%; width: 1rem; height: 1rem; transform: translateY(-50%); color: var(--m-muted); }
    .search input { padding-left: 2.2rem; }
    .chips { display: flex; flex-wrap: wrap; gap: 0.4rem; }
    .chip { border: 1px solid var(--m-border); background: var(--m-surface); color: var(--m-text); border-radius: 999px; padding: 0.35rem 0.8rem; font: 500 0.8125rem var(--m-font); cursor: pointer; }
    .chip[aria-pressed='true'] { background: var(--m-accent-soft); border-color: var(--m-accent); color: var(--m-accent); }
    .chip:focus-visible { outline: none; box-shadow: var(--m-focus); }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 250px), 1fr)); gap: 0.9rem; }
    .grid > li { display: flex; }
    .item { width: 100%; display: grid; grid-template-columns: auto 1fr; gap: 0.4rem 0.8rem; align-items: start; text-align: left; padding: 1rem; cursor: pointer; font: inherit; color: inherit; transition: border-color 0.15s, box-shadow 0.15s, transform 0.15s; }
    .item:hover { border-color: var(--m-accent); box-shadow: 0 4px 14px rgb(16 24 40 / 0.08); }
    .item:focus-visible { outline: none; box-shadow: var(--m-focus); border-color: var(--m-accent); }
    .name { font-weight: 650; font-size: 0.975rem; }
    .meta { display: flex; flex-wrap: wrap; gap: 0.35rem; margin-top: 0.2rem; }
    .tag { font-size: 0.72rem; font-weight: 600; padding: 0.1rem 0.45rem; border-radius: 6px; background: var(--m-neutral-soft); color: var(--m-muted); }
    .tag.connected { background: var(--m-success-soft); color: var(--m-success); }
    .desc { grid-column: 1 / -1; margin: 0.2rem 0 0; color: var(--m-muted); font-size: 0.84rem; line-height: 1.45; }
    .empty { padding: 2rem; text-align: center; color: var(--m-muted); }
  `]

  /** The catalog (`GET /connectors`). */
  @property({ attribute: false }) connectors: Connector[] = []
  /** Connector ids that already have a connection, marked "Connected". */
  @property({ attribute: false }) connected: ReadonlySet<string> = new Set()
  @state() private query = ''
  @state() private category = ''

  private get visible(): Connector[] {
    const q = this.query.trim().toLowerCase()
    return this.connectors.filter((c) => (!this.category || c.category === this.category) &&
      (!q || `${c.name} ${c.id} ${c.description ?? ''} ${categoryLabel(c.category)}`.toLowerCase().includes(q)))
  }

  private select(c: Connector): void {
    this.dispatchEvent(new MaestroConnectorSelectedEvent(c.id))
  }

  render() {
    const present = new Set(this.connectors.map((c) => c.category))
    const categories = [...Object.keys(CATEGORY_LABELS).filter((k) => present.has(k)), ...[...present].filter((k) => !(k in CATEGORY_LABELS))]
    const list = this.visible
    return html`
      <div class="toolbar">
        <div class="search">${icons.search}
          <label class="visually-hidden" for="q">Search connectors</label>
          <input id="q" type="search" part="search" placeholder="Search providers…" .value=${this.query}
            @input=${(e: Event) => { this.query = (e.target as HTMLInputElement).value }}>
        </div>
        <div class="chips" role="group" aria-label="Category">
          ${['', ...categories].map((k) => html`<button class="chip" aria-pressed=${this.category === k ? 'true' : 'false'}
            @click=${() => { this.category = k }}>${k ? categoryLabel(k) : 'All'}</button>`)}
        </div>
      </div>
      ${list.length === 0 ? html`<p class="empty" role="status">No provider matches “${this.query}”.</p>` : html`
        <ul class="grid" role="list" style="list-style:none;margin:0;padding:0">
          ${list.map((c) => html`<li>
            <button class="item card" part="card" data-connector=${c.id} @click=${() => this.select(c)} aria-label="Connect ${c.name}">
              ${avatar(c)}
              <span>
                <span class="name">${c.name}</span>
                <span class="meta">
                  <span class="tag">${categoryLabel(c.category)}</span>
                  <span class="tag">${authLabel(c)}</span>
                  ${this.connected.has(c.id) ? html`<span class="tag connected">Connected</span>` : ''}
                  ${c.app.required && !c.app.configured ? html`<span class="tag">Not set up</span>` : ''}
                </span>
              </span>
              ${c.description ? html`<p class="desc">${c.description}</p>` : ''}
            </button>
          </li>`)}
        </ul>`}
    `
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-connector-catalog': MaestroConnectorCatalog }
}
