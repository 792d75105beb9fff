import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Run } from '../api/types.ts'
import { MaestroPageEvent } from '../events.ts'
import { count, dateTime, duration, runDuration, timeAgo } from '../lib/format.ts'
import { errorCount, firstError } from '../lib/runs.ts'
import { buttons, surfaces, tokens } from '../styles/shared.ts'
import './status-badge.ts'

/**
 * @summary Past sync runs with their trigger, outcome, duration and record counts; the first error of a
 * run that had any is shown under it.
 *
 * @event maestro-page - "Load older runs" (`direction: 'next'`, `cursor`: the next page).
 * @csspart table - The table.
 */
@customElement('maestro-run-history')
export class MaestroRunHistory extends LitElement {
  static styles = [tokens, buttons, surfaces, css`
    :host { display: block; }
    .err td { padding-top: 0; color: var(--m-danger); font-size: 0.8125rem; }
    .more { padding: 0.75rem; text-align: center; }
    .empty { padding: 1.5rem; text-align: center; color: var(--m-muted); margin: 0; }
  `]

  @property({ attribute: false }) runs: Run[] = []
  /** Cursor of older runs, when there are more. */
  @property({ attribute: false }) next?: string
  @property({ attribute: false }) now?: Date

  render() {
    if (this.runs.length === 0) return html`<p class="empty">No sync has run yet.</p>`
    const now = this.now ?? new Date()
    return html`<div class="table-wrap"><table part="table">
      <caption class="visually-hidden">Sync runs, newest first</caption>
      <thead><tr>
        <th scope="col">Started</th><th scope="col">Status</th><th scope="col">Trigger</th><th scope="col" class="num">Duration</th>
        <th scope="col" class="num">Fetched</th><th scope="col" class="num">Added</th><th scope="col" class="num">Updated</th>
        <th scope="col" class="num">Deleted</th><th scope="col" class="num">Errors</th>
      </tr></thead>
      <tbody>${this.runs.map((r) => {
        const errors = errorCount(r)
        const first = firstError(r)
        return html`<tr data-run=${r.id}>
            <td title=${dateTime(r.startedAt)}>${timeAgo(r.startedAt, now)}</td>
            <td><maestro-status-badge run-status=${r.status}></maestro-status-badge></td>
            <td>${r.trigger}</td>
            <td class="num">${r.status === 'running' ? '…' : duration(runDuration(r))}</td>
            <td class="num">${count(r.counts.fetched)}</td>
            <td class="num">${count(r.counts.added)}</td>
            <td class="num">${count(r.counts.updated)}</td>
            <td class="num">${count(r.counts.deleted)}</td>
            <td class="num">${errors ? html`<strong style="color:var(--m-danger)">${count(errors)}</strong>` : '0'}</td>
          </tr>
          ${first ? html`<tr class="err"><td colspan="9">${first.resource ? `${first.resource}: ` : ''}${first.message}</td></tr>` : ''}`
      })}</tbody>
    </table></div>
    ${this.next ? html`<div class="more"><button class="btn small" @click=${() => this.dispatchEvent(new MaestroPageEvent(this.next, 'next'))}>Load older runs</button></div>` : ''}`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-run-history': MaestroRunHistory }
}
