import { css, html, LitElement, svg } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Run } from '../api/types.ts'
import { count, dateTime } from '../lib/format.ts'
import { errorCount as errorsOf } from '../lib/runs.ts'
import { tokens } from '../styles/shared.ts'

const W = 600
const H = 190
const PAD = { top: 24, right: 8, bottom: 22, left: 40 }


/** A round axis maximum: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1
  const p = 10 ** Math.floor(Math.log10(value))
  return ([1, 2, 5, 10].find((m) => m * p >= value) ?? 10) * p
}

/**
 * @summary A small inline SVG chart of recent runs: records fetched per run as bars, a red mark (with its
 * count) on each run that had errors.
 *
 * @csspart chart - The SVG.
 * @cssproperty --maestro-accent - Bar colour.
 * @cssproperty --maestro-danger - Error mark colour.
 */
@customElement('maestro-run-chart')
export class MaestroRunChart extends LitElement {
  static styles = [tokens, css`
    :host { display: block; }
    svg { width: 100%; height: auto; display: block; overflow: visible; }
    .grid { stroke: var(--m-border); stroke-width: 1; }
    .axis { fill: var(--m-muted); font: 10px var(--m-font); }
    .bar { fill: var(--m-accent); opacity: 0.85; }
    .bar.failed { fill: var(--m-danger); opacity: 0.35; }
    .err { fill: var(--m-danger); stroke: var(--m-surface); stroke-width: 1.5; }
    .legend { display: flex; gap: 1rem; font-size: 0.78rem; color: var(--m-muted); margin-top: 0.4rem; }
    .key { display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 2px; margin-right: 0.35rem; vertical-align: -1px; }
    .empty { color: var(--m-muted); font-size: 0.875rem; margin: 0; }
  `]

  /** Runs, newest first (as the API lists them); the chart shows up to `limit`, oldest on the left. */
  @property({ attribute: false }) runs: Run[] = []
  @property({ type: Number }) limit = 20

  render() {
    const runs = this.runs.filter((r) => r.status !== 'running').slice(0, this.limit).reverse()
    if (runs.length === 0) return html`<p class="empty">The chart appears after the first finished sync.</p>`
    const max = niceMax(Math.max(...runs.map((r) => r.counts.fetched)))
    const maxErr = Math.max(...runs.map(errorsOf))
    const iw = W - PAD.left - PAD.right
    const ih = H - PAD.top - PAD.bottom
    const slot = iw / Math.max(runs.length, 8)
    const bw = Math.max(4, slot * 0.62)
    const y = (v: number) => PAD.top + ih - (v / max) * ih
    const totalErr = runs.reduce((n, r) => n + errorsOf(r), 0)
    const label = `Records fetched over the last ${runs.length} runs: from ${count(runs[0].counts.fetched)} to ${count(runs[runs.length - 1].counts.fetched)}; ${count(totalErr)} errors in total.`
    return html`
      <svg part="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label=${label}>
        <title>${label}</title>
        ${[0, 0.5, 1].map((f) => svg`<line class="grid" x1=${PAD.left} x2=${W - PAD.right} y1=${y(max * f)} y2=${y(max * f)}></line>
          <text class="axis" x=${PAD.left - 6} y=${y(max * f) + 3} text-anchor="end">${count(max * f)}</text>`)}
        ${runs.map((r, i) => {
          const x = PAD.left + i * slot + (slot - bw) / 2
          const h = Math.max(r.counts.fetched > 0 ? 1 : 0, (r.counts.fetched / max) * ih)
          return svg`<rect class="bar ${r.status === 'failed' ? 'failed' : ''}" x=${x} y=${PAD.top + ih - h} width=${bw} height=${h} rx="2">
            <title>${dateTime(r.startedAt)}: ${count(r.counts.fetched)} records, ${count(errorsOf(r))} errors (${r.status})</title></rect>`
        })}
        ${runs.map((r, i) => {
          const n = errorsOf(r)
          if (n === 0) return ''
          // The mark sits on its run's bar; the count beside it says how many.
          const cx = PAD.left + i * slot + slot / 2
          const cy = Math.min(y(r.counts.fetched), PAD.top + ih) - 9
          return svg`<g><title>${count(n)} error${n === 1 ? '' : 's'}</title><circle class="err" cx=${cx} cy=${cy} r="5"></circle>
            ${n > 1 ? svg`<text class="axis" x=${cx + 8} y=${cy + 3}>${count(n)}</text>` : ''}</g>`
        })}
        <text class="axis" x=${PAD.left} y=${H - 6}>older</text>
        <text class="axis" x=${W - PAD.right} y=${H - 6} text-anchor="end">latest</text>
      </svg>
      <div class="legend" aria-hidden="true">
        <span><span class="key" style="background:var(--m-accent)"></span>Records fetched</span>
        <span><span class="key" style="background:var(--m-danger);border-radius:50%"></span>${maxErr ? 'Run with errors' : 'No errors'}</span>
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-run-chart': MaestroRunChart }
}
