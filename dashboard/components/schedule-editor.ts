import { css, html, LitElement } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { MaestroScheduleChangeEvent } from '../events.ts'
import { describeCron, parseCron } from '../lib/cron.ts'
import { buttons, fields, tokens } from '../styles/shared.ts'

const PRESETS: Array<[string, string]> = [
  ['*/15 * * * *', 'Every 15 minutes'],
  ['0 * * * *', 'Every hour'],
  ['0 */6 * * *', 'Every 6 hours'],
  ['0 2 * * *', 'Every day at 02:00'],
  ['0 2 * * 1-5', 'Weekdays at 02:00'],
]
const MANUAL = 'manual'
const CUSTOM = 'custom'

/**
 * @summary Choose when a connection syncs: a preset, a custom cron expression (checked before saving), or
 * manual syncs only.
 *
 * @event maestro-schedule-change - Save (cancelable); `schedule` is a cron expression or null.
 * @csspart select - The preset select.
 */
@customElement('maestro-schedule-editor')
export class MaestroScheduleEditor extends LitElement {
  static styles = [tokens, buttons, fields, css`
    :host { display: block; }
    form { display: grid; gap: 0.75rem; }
    .row { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: end; }
    .row .field { flex: 0 1 20rem; min-width: min(100%, 12rem); }
  `]

  @property({ attribute: 'connection-id' }) connectionId = ''
  /** The connection's schedule (null: manual only or the connector's default). */
  @property() schedule: string | null = null
  /** The connector's default schedule. */
  @property({ attribute: 'default-schedule' }) defaultSchedule: string | null = null
  @property({ type: Boolean }) busy = false
  @state() private choice = ''
  @state() private custom = ''
  @state() private error = ''

  willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('schedule') || changed.has('defaultSchedule')) {
      const current = this.schedule ?? this.defaultSchedule
      this.choice = current === null ? MANUAL : this.options().some(([v]) => v === current) ? current : CUSTOM
      this.custom = current ?? ''
      this.error = ''
    }
  }

  private options(): Array<[string, string]> {
    const list = [...PRESETS]
    if (this.defaultSchedule && !list.some(([v]) => v === this.defaultSchedule)) list.unshift([this.defaultSchedule, `${describeCron(this.defaultSchedule)} (default)`])
    return list.map(([v, l]) => [v, v === this.defaultSchedule && !l.endsWith('(default)') ? `${l} (default)` : l])
  }

  private save(e: Event): void {
    e.preventDefault()
    let schedule: string | null
    if (this.choice === MANUAL) schedule = null
    else if (this.choice === CUSTOM) {
      schedule = this.custom.trim()
      if (!parseCron(schedule)) {
        this.error = 'Not a cron expression Maestro understands, e.g. "30 1 * * *" for 01:30 every day.'
        return
      }
    } else schedule = this.choice
    this.error = ''
    this.dispatchEvent(new MaestroScheduleChangeEvent(this.connectionId, schedule))
  }

  render() {
    return html`<form @submit=${this.save} aria-label="Edit the sync schedule">
      <div class="row">
        <div class="field">
          <label for="preset">Sync schedule</label>
          <select id="preset" part="select" @change=${(e: Event) => { this.choice = (e.target as HTMLSelectElement).value; this.error = '' }}>
            ${this.options().map(([v, l]) => html`<option value=${v} ?selected=${this.choice === v}>${l}</option>`)}
            <option value=${CUSTOM} ?selected=${this.choice === CUSTOM}>Custom (cron)…</option>
            <option value=${MANUAL} ?selected=${this.choice === MANUAL}>Manual syncs only</option>
          </select>
        </div>
        ${this.choice === CUSTOM ? html`<div class="field">
          <label for="cron">Cron expression</label>
          <input id="cron" class="mono" .value=${this.custom} placeholder="m h dom mon dow" spellcheck="false" autocomplete="off"
            aria-invalid=${this.error ? 'true' : 'false'} aria-describedby="cron-help" @input=${(e: Event) => { this.custom = (e.target as HTMLInputElement).value }}>
        </div>` : ''}
        <button class="btn" type="submit" ?disabled=${this.busy}>Save schedule</button>
      </div>
      ${this.choice === CUSTOM ? html`<p class="help" id="cron-help">${parseCron(this.custom) ? describeCron(this.custom) : 'Five fields: minute, hour, day of month, month, day of week.'}</p>` : ''}
      ${this.error ? html`<p class="error-text" role="alert">${this.error}</p>` : ''}
    </form>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-schedule-editor': MaestroScheduleEditor }
}
