import { html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { Connection, RecordItem } from '../api/types.ts'
import '../components/error-panel.ts'
import '../components/records-table.ts'
import { MaestroNavigateEvent, type MaestroFilterEvent, type MaestroPageEvent } from '../events.ts'
import { connectionTitle } from '../lib/connectors.ts'
import { icons } from '../lib/icons.ts'
import { buttons, surfaces, tokens } from '../styles/shared.ts'
import { MaestroView } from './view-base.ts'
import { viewStyles } from './view-styles.ts'

/**
 * @summary The records browser: one connection's canonical records per model, page by page, with the raw
 * provider data on demand.
 *
 * @event maestro-navigate - Back to the connection (cancelable).
 */
@customElement('maestro-records-view')
export class MaestroRecordsView extends MaestroView {
  static styles = [tokens, buttons, surfaces, viewStyles]

  @property({ attribute: 'connection-id' }) connectionId = ''
  @property() model = ''
  @state() private connection?: Connection
  @state() private records: RecordItem[] = []
  @state() private next?: string
  @state() private raw = false
  @state() private pageSize = 25
  /** Cursors of the pages before the current one (undefined = the first page). */
  private cursors: Array<string | undefined> = []
  private cursor?: string

  async refresh(): Promise<void> {
    await this.guard(async () => {
      this.connection = await this.client.getConnection(this.connectionId)
      const connector = this.connectorOf(this.connection.connector)
      if (!this.model) this.model = Object.keys(this.connection.recordCounts)[0] ?? connector?.resources[0]?.model ?? 'Employee'
      await this.loadPage(this.cursor)
    })
  }

  private async loadPage(cursor: string | undefined): Promise<void> {
    this.loading = true
    try {
      const page = await this.client.listRecords(this.connectionId, this.model, { cursor, pageSize: this.pageSize, includeRemoteData: this.raw })
      this.records = page.items
      this.next = page.next
      this.cursor = cursor
    } finally {
      this.loading = false
    }
  }

  private restart(): void {
    this.cursors = []
    this.cursor = undefined
    void this.guard(() => this.loadPage(undefined))
  }

  private onFilter(e: MaestroFilterEvent): void {
    e.stopPropagation()
    if (e.name === 'model' && typeof e.value === 'string') this.model = e.value
    if (e.name === 'raw') this.raw = Boolean(e.value)
    if (e.name === 'pageSize') this.pageSize = Number(e.value) || 25
    // Raw data changes what is fetched, not where we are: stay on the page.
    if (e.name === 'raw') void this.guard(() => this.loadPage(this.cursor))
    else this.restart()
  }

  private onPage(e: MaestroPageEvent): void {
    e.stopPropagation()
    if (e.direction === 'next' && e.cursor) {
      this.cursors.push(this.cursor)
      void this.guard(() => this.loadPage(e.cursor))
    } else if (e.direction === 'previous' && this.cursors.length) {
      void this.guard(() => this.loadPage(this.cursors.pop()))
    }
  }

  render() {
    const c = this.connection
    const connector = c ? this.connectorOf(c.connector) : undefined
    const models: Record<string, number> = {}
    for (const r of connector?.resources ?? []) models[r.model] = c?.recordCounts[r.model] ?? 0
    for (const [m, n] of Object.entries(c?.recordCounts ?? {})) models[m] = n
    return html`
      <button class="link back" @click=${() => this.dispatchEvent(new MaestroNavigateEvent({ view: 'connection', id: this.connectionId }))}>${icons.back} ${c ? connectionTitle(c, connector) : 'Connection'}</button>
      <div class="page-head"><div><h1>Records</h1><p>Canonical ${this.model || ''} records as your application reads them from the API.</p></div></div>
      ${this.loadError ? html`<div class="stack"><maestro-error-panel code=${this.loadError.code} message=${this.loadError.message}></maestro-error-panel></div>` : ''}
      <section class="card">
        <maestro-records-table .records=${this.records} .models=${models} model=${this.model} ?raw=${this.raw} page=${this.cursors.length + 1}
          page-size=${this.pageSize} .next=${this.next} ?loading=${this.loading}
          @maestro-filter=${(e: MaestroFilterEvent) => this.onFilter(e)} @maestro-page=${(e: MaestroPageEvent) => this.onPage(e)}></maestro-records-table>
      </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-records-view': MaestroRecordsView }
}
