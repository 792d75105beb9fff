import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { RecordItem } from '../api/types.ts'
import { MaestroFilterEvent, MaestroPageEvent } from '../events.ts'
import { count, dateTime } from '../lib/format.ts'
import { icons } from '../lib/icons.ts'
import { buttons, fields, surfaces, tokens } from '../styles/shared.ts'

// Canonical fields people look for first; the rest follow in the order the records have them.
const PRIORITY = ['displayName', 'firstName', 'lastName', 'name', 'legalName', 'workEmail', 'email', 'employmentStatus', 'status',
  'date', 'startDate', 'endDate', 'hours', 'durationMinutes', 'payDate', 'type', 'title']
const MAX_COLUMNS = 5

const scalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v)

/** The data columns worth showing for a page of records. */
export function columnsFor(records: RecordItem[]): string[] {
  const seen: string[] = []
  for (const r of records) for (const [k, v] of Object.entries(r.data)) if (scalar(v) && !seen.includes(k)) seen.push(k)
  const rank = (k: string) => (PRIORITY.includes(k) ? PRIORITY.indexOf(k) : PRIORITY.length + seen.indexOf(k))
  return seen.sort((a, b) => rank(a) - rank(b)).slice(0, MAX_COLUMNS)
}

const heading = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^\w/, (c) => c.toUpperCase())

/**
 * @summary One page of a model's records: the main canonical fields as columns, optional raw provider
 * JSON under each row, model switcher and paging.
 *
 * @event maestro-filter - `model` (a model name), `raw` (boolean) or `pageSize` (string) changed.
 * @event maestro-page - Next or previous page.
 * @csspart table - The table.
 * @csspart raw - A raw-data block.
 */
@customElement('maestro-records-table')
export class MaestroRecordsTable extends LitElement {
  static styles = [tokens, buttons, fields, surfaces, css`
    :host { display: block; }
    .toolbar { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; justify-content: space-between; padding: 0.9rem 1rem; border-bottom: 1px solid var(--m-border); }
    .models { display: flex; flex-wrap: wrap; gap: 0.35rem; }
    .models button { border: 1px solid var(--m-border); background: var(--m-surface); border-radius: 999px; padding: 0.3rem 0.75rem; font: 500 0.8125rem var(--m-font); cursor: pointer; color: var(--m-text); }
    .models button[aria-pressed='true'] { background: var(--m-accent-soft); border-color: var(--m-accent); color: var(--m-accent); }
    .models button:focus-visible { outline: none; box-shadow: var(--m-focus); }
    .toggle { display: inline-flex; gap: 0.45rem; align-items: center; font-size: 0.875rem; cursor: pointer; }
    td { max-width: 18rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .raw td { white-space: normal; max-width: none; background: var(--m-surface-2); }
    pre { margin: 0; max-height: 14rem; overflow: auto; font: 0.78rem/1.45 var(--m-mono); white-space: pre; }
    .deleted { color: var(--m-muted); text-decoration: line-through; }
    .pager { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; justify-content: space-between; padding: 0.75rem 1rem; border-top: 1px solid var(--m-border); font-size: 0.875rem; }
    .pager .btns { display: flex; gap: 0.5rem; align-items: center; }
    .pager select { width: auto; min-height: 2rem; padding: 0.2rem 0.5rem; }
    .empty { padding: 2rem; text-align: center; color: var(--m-muted); margin: 0; }
  `]

  @property({ attribute: false }) records: RecordItem[] = []
  /** Models the connection has, with their record counts. */
  @property({ attribute: false }) models: Record<string, number> = {}
  @property() model = ''
  /** Show raw provider data under each record. */
  @property({ type: Boolean }) raw = false
  /** 1-based page number, for display. */
  @property({ type: Number }) page = 1
  @property({ type: Number, attribute: 'page-size' }) pageSize = 25
  /** Cursor of the next page, when there is one. */
  @property({ attribute: false }) next?: string
  @property({ type: Boolean }) loading = false

  private filter(name: string, value: string | boolean): void {
    this.dispatchEvent(new MaestroFilterEvent(name, value))
  }

  render() {
    const columns = columnsFor(this.records)
    const span = columns.length + 2
    return html`
      <div class="toolbar">
        <div class="models" role="group" aria-label="Model">
          ${Object.entries(this.models).map(([m, n]) => html`<button aria-pressed=${m === this.model ? 'true' : 'false'} @click=${() => this.filter('model', m)}>${m} <span class="muted">${count(n)}</span></button>`)}
        </div>
        <label class="toggle"><input type="checkbox" .checked=${this.raw} @change=${(e: Event) => this.filter('raw', (e.target as HTMLInputElement).checked)}> Show raw provider data</label>
      </div>
      ${this.records.length === 0 ? html`<p class="empty" role="status">${this.loading ? 'Loading…' : `No ${this.model || ''} records yet.`}</p>` : html`
      <div class="table-wrap" aria-busy=${this.loading ? 'true' : 'false'}><table part="table">
        <caption class="visually-hidden">${this.model} records, page ${this.page}</caption>
        <thead><tr>${columns.map((c) => html`<th scope="col">${heading(c)}</th>`)}<th scope="col">Provider ID</th><th scope="col">Modified</th></tr></thead>
        <tbody>${this.records.map((r) => html`
          <tr data-record=${r.id} class=${r.deletedAt ? 'deleted' : ''}>
            ${columns.map((c) => html`<td title=${String(r.data[c] ?? '')}>${r.data[c] === undefined || r.data[c] === null ? html`<span class="muted">—</span>` : String(r.data[c])}</td>`)}
            <td class="mono">${r.remoteId}</td>
            <td title=${r.modifiedAt}>${dateTime(r.modifiedAt)}</td>
          </tr>
          ${this.raw ? html`<tr class="raw"><td colspan=${span}><pre part="raw" aria-label="Raw data of ${r.remoteId}">${JSON.stringify(r.remoteData ?? null, null, 2)}</pre></td></tr>` : ''}`)}
        </tbody>
      </table></div>`}
      <div class="pager">
        <span class="muted">Page ${this.page}${this.records.length ? ` · ${this.records.length} shown` : ''}</span>
        <span class="btns">
          <label class="visually-hidden" for="size">Records per page</label>
          <select id="size" .value=${String(this.pageSize)} @change=${(e: Event) => this.filter('pageSize', (e.target as HTMLSelectElement).value)}>
            ${[25, 50, 100].map((n) => html`<option value=${n} ?selected=${n === this.pageSize}>${n} per page</option>`)}
          </select>
          <button class="btn small" ?disabled=${this.page <= 1 || this.loading} @click=${() => this.dispatchEvent(new MaestroPageEvent(undefined, 'previous'))}>${icons.back} Previous</button>
          <button class="btn small" ?disabled=${!this.next || this.loading} @click=${() => this.dispatchEvent(new MaestroPageEvent(this.next, 'next'))}>Next ${icons.next}</button>
        </span>
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-records-table': MaestroRecordsTable }
}
