import { css, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { ApiError } from '../api/client.ts'
import type { Connection, LiveEvent, Run } from '../api/types.ts'
import '../components/connect-form.ts'
import '../components/connection-header.ts'
import '../components/error-panel.ts'
import '../components/resource-table.ts'
import '../components/run-chart.ts'
import '../components/run-history.ts'
import '../components/schedule-editor.ts'
import '../components/sync-progress.ts'
import { MaestroActionEvent, MaestroAuthorizeRequestedEvent, MaestroNavigateEvent, type MaestroCredentialsSubmitEvent, type MaestroPageEvent } from '../events.ts'
import { describeCron } from '../lib/cron.ts'
import { effectiveSchedule, nextSync, usesConsent } from '../lib/connectors.ts'
import { dateTime, timeAgo } from '../lib/format.ts'
import { icons } from '../lib/icons.ts'
import { applyLiveEvent, expectedFrom, liveRunFrom, type LiveRun } from '../lib/progress.ts'
import { firstError } from '../lib/runs.ts'
import { healthOf } from '../lib/status.ts'
import { buttons, fields, surfaces, tokens } from '../styles/shared.ts'
import { MaestroView } from './view-base.ts'
import { viewStyles } from './view-styles.ts'

/**
 * @summary One connection in detail: actions, what is wrong and what to do, live sync progress, resources,
 * a chart and the history of runs, schedule and settings.
 *
 * @event maestro-navigate - Back to the overview, or to a model's records (cancelable).
 */
@customElement('maestro-connection-view')
export class MaestroConnectionView extends MaestroView {
  static styles = [tokens, buttons, fields, surfaces, viewStyles, css`
    .grid { display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); margin-bottom: 1.25rem; }
    .grid section.card { margin-bottom: 0; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.45rem 1.2rem; margin: 0 0 1.1rem; font-size: 0.875rem; }
    dt { color: var(--m-muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    maestro-connection-header { margin-bottom: 1.25rem; }
  `]

  @property({ attribute: 'connection-id' }) connectionId = ''
  /** Open a panel on arrival (`credentials`: the form for new API credentials). */
  @property() panel?: 'credentials'
  @state() private connection?: Connection
  @state() private runs: Run[] = []
  @state() private runsNext?: string
  @state() private live?: LiveRun
  @state() private editing = false
  @state() private saving = false
  @state() private credentialErrors: Record<string, string> = {}
  @state() private credentialMessage = ''
  private pollTimer?: ReturnType<typeof setTimeout>

  willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('panel') && this.panel === 'credentials') this.editing = true
    if (changed.has('connectionId') && changed.get('connectionId') !== undefined) {
      this.connection = undefined
      this.live = undefined
      void this.refresh()
    }
  }

  async refresh(): Promise<void> {
    await this.guard(async () => {
      const [connection, runs] = await Promise.all([this.client.getConnection(this.connectionId), this.client.listRuns({ connection: this.connectionId, limit: 20 })])
      this.connection = connection
      this.runs = runs.items
      this.runsNext = runs.next
      const running = runs.items.find((r) => r.status === 'running')
      // A run the stream has not told about yet (opened mid-run, or no stream): start from its record.
      if (running && (!this.live || this.live.id !== running.id)) this.live = liveRunFrom(running, expectedFrom(runs.items.find((r) => r.status === 'succeeded')))
      if (!running && this.live?.status === 'running') {
        const finished = runs.items.find((r) => r.id === this.live!.id)
        if (finished) this.live = liveRunFrom(finished)
      }
    })
    this.schedulePoll()
  }

  /** Without the live stream, poll while a run is going. */
  private schedulePoll(): void {
    clearTimeout(this.pollTimer)
    if (this.live?.status === 'running' && !this.streamUp) this.pollTimer = setTimeout(() => void this.refresh(), 1500)
  }

  protected onLive(e: LiveEvent): void {
    if (e.type === 'ready') return void this.refresh()
    if (!('connectionId' in e) || e.connectionId !== this.connectionId) return
    if (e.type === 'connection.deleted') {
      this.dispatchEvent(new MaestroNavigateEvent({ view: 'overview' }))
      return
    }
    const expected = expectedFrom(this.runs.find((r) => r.status === 'succeeded'))
    this.live = applyLiveEvent(this.live, e, this.connectionId, expected)
    if (e.type === 'run.started' || e.type === 'run.finished' || e.type.startsWith('connection.')) void this.refresh()
  }

  disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.pollTimer)
  }

  private async olderRuns(e: MaestroPageEvent): Promise<void> {
    e.stopPropagation()
    if (!e.cursor) return
    const page = await this.client.listRuns({ connection: this.connectionId, limit: 20, cursor: e.cursor })
    this.runs = [...this.runs, ...page.items]
    this.runsNext = page.next
  }

  private async saveCredentials(e: MaestroCredentialsSubmitEvent): Promise<void> {
    e.stopPropagation()
    this.saving = true
    this.credentialErrors = {}
    this.credentialMessage = ''
    try {
      this.connection = await this.client.updateConnection(e.connectionId, {
        ...(Object.keys(e.config).length ? { config: e.config } : {}),
        ...(Object.keys(e.credentials).length ? { credentials: e.credentials } : {}),
      })
      this.editing = false
      this.panel = undefined
      this.dispatchEvent(new MaestroActionEvent('credentials_saved', e.connectionId))
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      this.credentialErrors = err.fieldErrors
      this.credentialMessage = err.code === 'invalid_request' ? '' : err.message
    } finally {
      this.saving = false
    }
  }

  private renderProblem(c: Connection) {
    const connector = this.connectorOf(c.connector)
    const last = this.runs.find((r) => r.status !== 'running')
    const waits = last ? Object.values(last.resources).reduce((n, r) => n + r.rateLimitWaits, 0) : 0
    const context = { provider: connector?.name ?? c.connector, oauth: usesConsent(connector), rateLimitWaits: waits }
    let code = ''
    let message = ''
    let at: string | undefined
    if (c.status === 'needs_reauth') [code, message, at] = ['connection_needs_reauth', c.lastError?.message ?? '', c.lastError?.at]
    else if (c.status === 'paused') code = 'connection_paused'
    else if (c.lastError) [code, message, at] = [c.lastError.code, c.lastError.message, c.lastError.at]
    else if (last && (last.status === 'failed' || last.status === 'partial')) {
      const first = firstError(last)
      if (first) [code, message, at] = [first.code, first.message, first.at]
    } else if (waits > 0) code = 'provider_rate_limited'
    if (!code) return ''
    return html`<maestro-error-panel code=${code} message=${message} at=${at ?? ''} connection-id=${c.id} .context=${context}></maestro-error-panel>`
  }

  private renderSettings(c: Connection) {
    const connector = this.connectorOf(c.connector)
    const schedule = effectiveSchedule(c, connector)
    const next = nextSync(c, connector, this.now)
    const consent = usesConsent(connector)
    return html`<section class="card" aria-labelledby="settings-h">
      <h2 id="settings-h">Schedule and settings</h2>
      <div class="pad">
        <dl>
          <dt>Schedule</dt><dd>${schedule ? describeCron(schedule) : 'Manual syncs only'}${c.schedule === null && schedule ? ' (connector default)' : ''}</dd>
          <dt>Next sync</dt><dd>${next ? html`<span title=${dateTime(next.toISOString())}>${timeAgo(next, this.now)}</span>` : '—'}</dd>
          ${Object.entries(c.config).map(([k, v]) => html`<dt>${connector?.connection.find((f) => f.name === k)?.title ?? k}</dt><dd class="mono">${String(v)}</dd>`)}
          <dt>Credentials</dt><dd>${c.credentialsSet ? 'Stored encrypted' : 'Not set'}</dd>
          <dt>Connected</dt><dd>${dateTime(c.createdAt)}</dd>
        </dl>
        <maestro-schedule-editor connection-id=${c.id} .schedule=${c.schedule} .defaultSchedule=${connector?.schedule ?? null}></maestro-schedule-editor>
        <p style="margin:1.1rem 0 0">
          ${consent
            ? html`<button class="btn" @click=${() => this.dispatchEvent(new MaestroAuthorizeRequestedEvent(c.id))}>${icons.key} Re-authorize</button>`
            : html`<button class="btn" @click=${() => { this.editing = true }}>${icons.key} Update credentials</button>`}
        </p>
      </div>
    </section>`
  }

  render() {
    const c = this.connection
    const back = html`<button class="link back" @click=${() => this.dispatchEvent(new MaestroNavigateEvent({ view: 'overview' }))}>${icons.back} All connections</button>`
    if (!c) {
      return html`${back}${this.loadError ? html`<maestro-error-panel code=${this.loadError.code} message=${this.loadError.message}></maestro-error-panel>` : html`<p class="muted" role="status">Loading…</p>`}`
    }
    const connector = this.connectorOf(c.connector)
    const running = this.live?.status === 'running'
    return html`${back}
      <maestro-connection-header .connection=${c} .connector=${connector} health=${healthOf(c, running)} ?show-tenant=${this.operator}></maestro-connection-header>
      <div class="stack">
        ${this.renderProblem(c)}
        ${this.editing ? html`<maestro-connect-form mode="credentials" .connector=${connector} .connection=${c} ?busy=${this.saving}
            .serverErrors=${this.credentialErrors} message=${this.credentialMessage} @maestro-credentials-submit=${(e: MaestroCredentialsSubmitEvent) => this.saveCredentials(e)}>
            <button slot="actions" class="btn" type="button" @click=${() => { this.editing = false; this.panel = undefined }}>Cancel</button>
          </maestro-connect-form>` : ''}
        ${this.live ? html`<section class="card pad" aria-label="Live sync"><maestro-sync-progress .run=${this.live}></maestro-sync-progress></section>` : ''}
      </div>
      <section class="card" aria-labelledby="res-h">
        <h2 id="res-h">Resources</h2>
        <maestro-resource-table connection-id=${c.id} .resources=${connector?.resources ?? []} .recordCounts=${c.recordCounts}
          .runs=${this.runs} .live=${this.live} .now=${this.now}></maestro-resource-table>
      </section>
      <div class="grid">
        <section class="card" aria-labelledby="chart-h">
          <h2 id="chart-h">Recent runs</h2>
          <div class="pad"><maestro-run-chart .runs=${this.runs}></maestro-run-chart></div>
        </section>
        ${this.renderSettings(c)}
      </div>
      <section class="card" aria-labelledby="runs-h">
        <h2 id="runs-h">Run history</h2>
        <maestro-run-history .runs=${this.runs} .next=${this.runsNext} .now=${this.now} @maestro-page=${(e: MaestroPageEvent) => this.olderRuns(e)}></maestro-run-history>
      </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-connection-view': MaestroConnectionView }
}
