import { css, html, LitElement } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { count, duration, plural } from '../lib/format.ts'
import { fetchedOf, progressOf, type LiveRun } from '../lib/progress.ts'
import { surfaces, tokens } from '../styles/shared.ts'
import './status-badge.ts'

/**
 * @summary A live sync's progress bar, fed by the server's event stream: how many resources are done, the
 * records fetched so far, and the outcome when it ends.
 *
 * @csspart bar - The bar's track (the element with role="progressbar").
 * @csspart fill - The filled part.
 * @cssproperty --maestro-accent - Colour of the fill while running.
 */
@customElement('maestro-sync-progress')
export class MaestroSyncProgress extends LitElement {
  static styles = [tokens, surfaces, css`
    :host { display: block; }
    .top { display: flex; justify-content: space-between; gap: 0.75rem; align-items: baseline; flex-wrap: wrap; margin-bottom: 0.5rem; font-size: 0.875rem; }
    .title { font-weight: 600; }
    .bar { height: 0.55rem; border-radius: 999px; background: var(--m-neutral-soft); overflow: hidden; }
    .fill { height: 100%; border-radius: inherit; background: var(--m-accent); transition: width 0.35s ease; }
    .running .fill { background-image: linear-gradient(90deg, transparent 0, rgb(255 255 255 / 0.35) 50%, transparent 100%); background-size: 200% 100%; animation: shine 1.4s linear infinite; }
    .succeeded .fill { background: var(--m-success); }
    .partial .fill { background: var(--m-warning); }
    .failed .fill, .canceled .fill { background: var(--m-danger); }
    ul { list-style: none; margin: 0.75rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1.1rem; font-size: 0.8125rem; }
    li { display: inline-flex; gap: 0.4rem; align-items: center; }
    :host([compact]) ul { display: none; }
    :host([compact]) .top { margin-bottom: 0.35rem; font-size: 0.8125rem; }
    @keyframes shine { from { background-position: 200% 0; } to { background-position: -200% 0; } }
    @media (prefers-reduced-motion: reduce) { .running .fill { animation: none; } .fill { transition: none; } }
  `]

  /** The run, as `applyLiveEvent` folds it from the stream. */
  @property({ attribute: false }) run?: LiveRun
  /** One line and the bar, without the per-resource list. */
  @property({ type: Boolean, reflect: true }) compact = false

  render() {
    const run = this.run
    if (!run) return html``
    const pct = Math.round(progressOf(run) * 100)
    const fetched = fetchedOf(run)
    const resources = Object.entries(run.resources)
    const current = resources.find(([, r]) => r.status === 'running')?.[0]
    const took = run.finishedAt ? new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime() : undefined
    const title = run.status === 'running'
      ? `Syncing${current ? ` ${current}` : ''}…`
      : run.status === 'succeeded' ? 'Sync finished' : run.status === 'partial' ? 'Sync finished with errors' : 'Sync failed'
    const detail = run.status === 'running' ? `${plural(fetched, 'record')} so far` : `${plural(fetched, 'record')} in ${duration(took)}`
    return html`
      <div class="wrap ${run.status}">
        <div class="top" aria-live="polite">
          <span class="title">${title}</span>
          <span class="muted">${detail} · ${pct}%</span>
        </div>
        <div class="bar" part="bar" role="progressbar" aria-label="Sync progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct}
          aria-valuetext="${pct}% — ${title}" data-status=${run.status}>
          <div class="fill" part="fill" style="width:${pct}%"></div>
        </div>
        <ul aria-label="Resources">
          ${resources.map(([name, r]) => html`<li><maestro-status-badge run-status=${r.status}></maestro-status-badge>
            <span>${name}</span><span class="muted">${count(r.fetched)}</span></li>`)}
        </ul>
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-sync-progress': MaestroSyncProgress }
}
