import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Connector, Run } from '../api/types.ts'
import { MaestroNavigateEvent } from '../events.ts'
import { count, timeAgo } from '../lib/format.ts'
import type { LiveRun } from '../lib/progress.ts'
import { buttons, surfaces, tokens } from '../styles/shared.ts'
import './status-badge.ts'

/**
 * @summary A connection's resources (streams) with the status each had in the latest run, its records and
 * the last run's changes, and a link to browse the records.
 *
 * @event maestro-navigate - "Browse" a model's records (cancelable).
 * @csspart table - The table.
 */
@customElement('maestro-resource-table')
export class MaestroResourceTable extends LitElement {
  static styles = [tokens, buttons, surfaces, css`:host { display: block; } .name { font-weight: 600; } .err { color: var(--m-danger); font-size: 0.8125rem; }`]

  @property({ attribute: 'connection-id' }) connectionId = ''
  @property({ attribute: false }) resources: Connector['resources'] = []
  /** Live records per model. */
  @property({ attribute: false }) recordCounts: Record<string, number> = {}
  /** Recent runs, newest first: each resource shows the latest finished one that covered it. */
  @property({ attribute: false }) runs: Run[] = []
  /** The running sync, if any: its per-resource status wins. */
  @property({ attribute: false }) live?: LiveRun
  @property({ attribute: false }) now?: Date

  render() {
    const now = this.now ?? new Date()
    return html`<div class="table-wrap"><table part="table">
      <caption class="visually-hidden">Resources</caption>
      <thead><tr><th scope="col">Resource</th><th scope="col">Status</th><th scope="col">Last synced</th><th scope="col" class="num">Records</th>
        <th scope="col" class="num">Last changes</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${this.resources.map((res) => {
        const run = this.runs.find((r) => r.status !== 'running' && r.resources[res.name])
        const last = run?.resources[res.name]
        const live = this.live?.status === 'running' ? this.live.resources[res.name] : undefined
        const status = live?.status ?? last?.status
        const changes = last ? last.counts.added + last.counts.updated + last.counts.deleted : 0
        return html`<tr data-resource=${res.name}>
          <td><div class="name">${res.name}</div><div class="muted">${res.model}${res.incremental ? ' · incremental' : ''}</div>
            ${!live && last?.errors.length ? html`<div class="err">${last.errors[0].message}</div>` : ''}</td>
          <td>${status ? html`<maestro-status-badge run-status=${status}></maestro-status-badge>` : html`<span class="muted">Not synced</span>`}</td>
          <td>${last?.finishedAt ? timeAgo(last.finishedAt, now) : '—'}</td>
          <td class="num">${count(this.recordCounts[res.model] ?? 0)}</td>
          <td class="num">${last ? html`<span title="added ${last.counts.added}, updated ${last.counts.updated}, deleted ${last.counts.deleted}">${count(changes)}</span>` : '—'}</td>
          <td><button class="btn small ghost" @click=${() => this.dispatchEvent(new MaestroNavigateEvent({ view: 'records', id: this.connectionId, model: res.model }))}
            aria-label="Browse ${res.model} records">Browse</button></td>
        </tr>`
      })}</tbody>
    </table></div>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-resource-table': MaestroResourceTable }
}
