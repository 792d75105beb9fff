import { html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import type { AuditEntry, LiveEvent } from '../api/types.ts'
import '../components/audit-log.ts'
import '../components/error-panel.ts'
import type { MaestroFilterEvent, MaestroPageEvent } from '../events.ts'
import { buttons, surfaces, tokens } from '../styles/shared.ts'
import { MaestroView } from './view-base.ts'
import { viewStyles } from './view-styles.ts'

/**
 * @summary The audit log view: every admin action, consent, sync and refusal, newest first, filterable by
 * action; the operator's tenant filter applies.
 */
@customElement('maestro-audit-view')
export class MaestroAuditView extends MaestroView {
  static styles = [tokens, buttons, surfaces, viewStyles]

  @state() private entries: AuditEntry[] = []
  @state() private next?: string
  @state() private action = ''

  willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('tenant') && changed.get('tenant') !== undefined) void this.refresh()
  }

  async refresh(): Promise<void> {
    await this.guard(async () => {
      const page = await this.client.listAudit({ limit: 50, ...(this.action ? { action: this.action } : {}), ...(this.operator && this.tenant ? { tenant: this.tenant } : {}) })
      this.entries = page.items
      this.next = page.next
    })
  }

  protected onLive(e: LiveEvent): void {
    // New entries come with connection changes and finished runs; the first page is cheap to reread.
    if (e.type === 'ready' || e.type === 'run.finished' || e.type.startsWith('connection.')) void this.refresh()
  }

  private async more(e: MaestroPageEvent): Promise<void> {
    e.stopPropagation()
    if (!e.cursor) return
    await this.guard(async () => {
      const page = await this.client.listAudit({ limit: 50, cursor: e.cursor, ...(this.action ? { action: this.action } : {}), ...(this.operator && this.tenant ? { tenant: this.tenant } : {}) })
      this.entries = [...this.entries, ...page.items]
      this.next = page.next
    })
  }

  render() {
    return html`
      <div class="page-head"><div><h1>Activity</h1><p>The audit log: who changed what, every consent and sync${this.operator && this.tenant ? ` for tenant ${this.tenant}` : ''}.</p></div></div>
      ${this.loadError ? html`<div class="stack"><maestro-error-panel code=${this.loadError.code} message=${this.loadError.message}></maestro-error-panel></div>` : ''}
      <section class="card">
        <maestro-audit-log .entries=${this.entries} .next=${this.next} action=${this.action} ?show-tenant=${this.operator} ?loading=${this.loading} .now=${this.now}
          @maestro-filter=${(e: MaestroFilterEvent) => { e.stopPropagation(); this.action = typeof e.value === 'string' ? e.value : ''; void this.refresh() }}
          @maestro-page=${(e: MaestroPageEvent) => this.more(e)}></maestro-audit-log>
      </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-audit-view': MaestroAuditView }
}
