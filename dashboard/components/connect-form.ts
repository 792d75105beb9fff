import { css, html, LitElement, nothing, unsafeCSS } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { Connection, ConnectionCreate, Connector, ConnectorField } from '../api/types.ts'
import { MaestroConnectSubmitEvent, MaestroCredentialsSubmitEvent } from '../events.ts'
import { AVATAR_CSS, avatar, usesConsent } from '../lib/connectors.ts'
import { fieldPath, fieldProblem, fieldValue } from '../lib/fields.ts'
import { icons } from '../lib/icons.ts'
import { buttons, fields, surfaces, tokens } from '../styles/shared.ts'

type Values = Record<string, string | number | boolean>

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/

/**
 * @summary The connect form, generated from a connector's `connection` fields: titles, descriptions,
 * patterns checked before submit, secret fields masked, the server's field errors shown by path. OAuth
 * connectors end with a button that continues to the provider's consent page.
 *
 * @event maestro-connect-submit - Create the connection (mode `create`; cancelable).
 * @event maestro-credentials-submit - New values for an existing connection (mode `credentials`; cancelable).
 * @csspart form - The form.
 * @csspart submit - The submit button.
 * @cssproperty --maestro-danger - Colour of field errors.
 */
@customElement('maestro-connect-form')
export class MaestroConnectForm extends LitElement {
  static styles = [tokens, buttons, fields, surfaces, unsafeCSS(AVATAR_CSS), css`
    :host { display: block; }
    form { display: grid; gap: 1.1rem; padding: 1.5rem; }
    header { display: flex; gap: 0.9rem; align-items: center; }
    header h2 { font-size: 1.15rem; }
    header p { margin: 0.15rem 0 0; }
    .secret { display: flex; gap: 0.4rem; }
    .secret input { flex: 1; font-family: var(--m-mono); }
    .reveal { flex: none; width: 2.4rem; padding: 0; }
    .consent { display: flex; gap: 0.75rem; padding: 0.9rem 1rem; border-radius: 8px; background: var(--m-accent-soft); font-size: 0.875rem; line-height: 1.45; }
    .consent svg { width: 1.1rem; height: 1.1rem; flex: none; color: var(--m-accent); margin-top: 0.1rem; }
    .notice { padding: 0.9rem 1rem; border-radius: 8px; background: var(--m-warning-soft); color: var(--m-warning); font-size: 0.875rem; }
    .problem { padding: 0.75rem 1rem; border-radius: 8px; background: var(--m-danger-soft); color: var(--m-danger); font-size: 0.875rem; }
    .problem ul { margin: 0.35rem 0 0; padding-left: 1.1rem; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.6rem; justify-content: flex-end; padding-top: 0.3rem; }
    .optional { font-weight: 400; color: var(--m-muted); }
    .check { display: flex; gap: 0.5rem; align-items: center; }
  `]

  /** The connector whose form this is. */
  @property({ attribute: false }) connector?: Connector
  /** `create` a connection, or give new `credentials` to an existing one. */
  @property() mode: 'create' | 'credentials' = 'create'
  /** The connection being updated (mode `credentials`): its current non-secret values prefill the form. */
  @property({ attribute: false }) connection?: Connection
  /** Ask which tenant the connection is for (operator console). */
  @property({ type: Boolean, attribute: 'ask-tenant' }) askTenant = false
  /** Prefilled tenant. */
  @property() tenant = ''
  /** Disables the form while a request is in flight. */
  @property({ type: Boolean }) busy = false
  /** The server's field problems by JSON pointer, e.g. `{ '/config/accountId': 'must match pattern' }`. */
  @property({ attribute: false }) serverErrors: Record<string, string> = {}
  /** A problem with no field (the server's message). */
  @property() message = ''

  @state() private errors: Record<string, string> = {}
  @state() private revealed = new Set<string>()

  willUpdate(changed: Map<string, unknown>): void {
    // The server's latest answer wins over what the browser thought before sending.
    if (changed.has('serverErrors') && Object.keys(this.serverErrors).length > 0) this.errors = {}
  }

  private get fieldsToShow(): ConnectorField[] {
    const all = this.connector?.connection ?? []
    // Consent brings the OAuth tokens; only the plain settings are typed in.
    return this.mode === 'create' && usesConsent(this.connector) ? all.filter((f) => !f.secret) : all
  }

  private input(name: string): HTMLInputElement | HTMLSelectElement | null {
    return this.renderRoot.querySelector(`[name="${name}"]`)
  }

  private raw(f: ConnectorField): string {
    const el = this.input(f.name)
    if (!el) return ''
    return el instanceof HTMLInputElement && el.type === 'checkbox' ? String(el.checked) : el.value
  }

  private check(f: ConnectorField): string | undefined {
    // Editing: secrets must be given again (that is the point), plain values may stay as they are.
    return fieldProblem(f, this.raw(f), this.mode === 'credentials' && !f.secret)
  }

  private validate(): boolean {
    const errors: Record<string, string> = {}
    for (const f of this.fieldsToShow) {
      const problem = this.check(f)
      if (problem) errors[fieldPath(f)] = problem
    }
    if (this.askTenant && this.mode === 'create') {
      const tenant = this.input('tenant')?.value.trim() ?? ''
      if (tenant && !TENANT_PATTERN.test(tenant)) errors['/tenant'] = 'Use letters, digits, and . _ : - (no spaces).'
    }
    this.errors = errors
    const first = Object.keys(errors)[0]
    if (first) {
      void this.updateComplete.then(() => (this.renderRoot.querySelector(`[data-path="${first}"]`) as HTMLElement | null)?.focus())
    }
    return !first
  }

  private submit(e: Event): void {
    e.preventDefault()
    if (this.busy || !this.connector || !this.validate()) return
    const config: Values = {}
    const credentials: Values = {}
    for (const f of this.fieldsToShow) {
      const raw = this.raw(f)
      if (raw.trim() === '') continue
      ;(f.secret ? credentials : config)[f.name] = fieldValue(f, raw)
    }
    if (this.mode === 'credentials' && this.connection) {
      this.dispatchEvent(new MaestroCredentialsSubmitEvent(this.connection.id, config, credentials))
      return
    }
    const name = this.input('name')?.value.trim()
    const tenant = this.input('tenant')?.value.trim()
    const body: ConnectionCreate = {
      connector: this.connector.id,
      ...(tenant ? { tenant } : {}),
      ...(name ? { name } : {}),
      ...(Object.keys(config).length ? { config } : {}),
      ...(Object.keys(credentials).length ? { credentials } : {}),
    }
    this.dispatchEvent(new MaestroConnectSubmitEvent(body))
  }

  // Problems appear on submit, not on blur: a message inserted while the pointer is on its way to the
  // submit button moves the button from under it. Fixing a field clears its message at once.
  private onInput(f: ConnectorField): void {
    const path = fieldPath(f)
    if (this.errors[path] && !this.check(f)) this.errors = { ...this.errors, [path]: '' }
  }

  private errorOf(path: string): string {
    return this.errors[path] || this.serverErrors[path] || ''
  }

  private renderField(f: ConnectorField) {
    const path = fieldPath(f)
    const id = `f-${f.name}`
    const error = this.errorOf(path)
    const current = this.mode === 'credentials' && !f.secret ? this.connection?.config[f.name] : undefined
    const value = current !== undefined ? String(current) : f.default !== undefined ? String(f.default) : ''
    const describedBy = [f.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
    const common = { id, name: f.name, describedBy, invalid: error ? 'true' : 'false' }
    let control
    if (f.enum) {
      control = html`<select id=${id} name=${f.name} data-path=${path} aria-describedby=${describedBy || nothing} aria-invalid=${common.invalid}
        ?required=${!f.optional} @change=${() => this.onInput(f)}>
        ${f.optional ? html`<option value="">—</option>` : ''}
        ${f.enum.map((v) => html`<option value=${String(v)} ?selected=${String(v) === value}>${String(v)}</option>`)}
      </select>`
    } else if (f.type === 'boolean') {
      control = html`<span class="check"><input type="checkbox" id=${id} name=${f.name} data-path=${path} ?checked=${value === 'true'}
        aria-describedby=${describedBy || nothing}><span>${f.title}</span></span>`
    } else if (f.secret) {
      const shown = this.revealed.has(f.name)
      control = html`<span class="secret">
        <input id=${id} name=${f.name} data-path=${path} type=${shown ? 'text' : 'password'} autocomplete="new-password" spellcheck="false"
          placeholder=${this.mode === 'credentials' ? 'Enter the new value' : f.placeholder ?? ''}
          aria-describedby=${describedBy || nothing} aria-invalid=${common.invalid} aria-required=${this.mode === 'credentials' || !f.optional ? 'true' : 'false'}
          @input=${() => this.onInput(f)}>
        <button type="button" class="btn reveal" aria-pressed=${shown ? 'true' : 'false'} aria-label="${shown ? 'Hide' : 'Show'} ${f.title}"
          @click=${() => { const s = new Set(this.revealed); shown ? s.delete(f.name) : s.add(f.name); this.revealed = s }}>${shown ? icons.eyeOff : icons.eye}</button>
      </span>`
    } else {
      control = html`<input id=${id} name=${f.name} data-path=${path} type="text" .value=${value} placeholder=${f.placeholder ?? ''}
        inputmode=${f.type === 'integer' || f.type === 'number' ? 'decimal' : nothing} spellcheck="false" autocomplete="off"
        aria-describedby=${describedBy || nothing} aria-invalid=${common.invalid} aria-required=${f.optional || f.default !== undefined ? 'false' : 'true'}
        @input=${() => this.onInput(f)}>`
    }
    return html`<div class="field" data-field=${f.name}>
      ${f.type === 'boolean' ? '' : html`<label for=${id}>${f.title}${f.optional || f.default !== undefined ? html` <span class="optional">(optional)</span>` : ''}</label>`}
      ${control}
      ${f.description ? html`<p class="help" id="${id}-help">${f.description}</p>` : ''}
      ${error ? html`<p class="error-text" id="${id}-error" role="alert">${error}</p>` : ''}
    </div>`
  }

  private renderExtra() {
    if (this.mode !== 'create') return ''
    const tenantError = this.errorOf('/tenant')
    const nameError = this.errorOf('/name')
    return html`
      ${this.askTenant ? html`<div class="field">
        <label for="f-tenant">Tenant</label>
        <input id="f-tenant" name="tenant" data-path="/tenant" .value=${this.tenant} placeholder="default" autocomplete="off" spellcheck="false"
          aria-describedby="f-tenant-help${tenantError ? ' f-tenant-error' : ''}" aria-invalid=${tenantError ? 'true' : 'false'}>
        <p class="help" id="f-tenant-help">The customer this connection belongs to (your application's id for them).</p>
        ${tenantError ? html`<p class="error-text" id="f-tenant-error" role="alert">${tenantError}</p>` : ''}
      </div>` : ''}
      <div class="field">
        <label for="f-name">Connection name <span class="optional">(optional)</span></label>
        <input id="f-name" name="name" data-path="/name" placeholder="e.g. Main account" maxlength="200" autocomplete="off"
          aria-invalid=${nameError ? 'true' : 'false'}>
        ${nameError ? html`<p class="error-text" role="alert">${nameError}</p>` : ''}
      </div>`
  }

  render() {
    const c = this.connector
    if (!c) return html``
    const consent = this.mode === 'create' && usesConsent(c)
    const blocked = consent && c.app.required && !c.app.configured
    const known = new Set([...this.fieldsToShow.map(fieldPath), '/tenant', '/name'])
    const stray = Object.entries(this.serverErrors).filter(([p]) => !known.has(p))
    return html`<form class="card" part="form" novalidate @submit=${this.submit} aria-labelledby="title">
      <header>
        ${avatar(c, c.id, 44)}
        <div>
          <h2 id="title">${this.mode === 'credentials' ? `Update ${c.name} credentials` : `Connect ${c.name}`}</h2>
          <p class="help">${c.description ?? ''}${c.docs ? html` <a class="link" href=${c.docs} target="_blank" rel="noopener noreferrer">Provider docs</a>` : ''}</p>
        </div>
      </header>
      ${this.message || stray.length ? html`<div class="problem" role="alert">${this.message || 'The server refused some values.'}
        ${stray.length ? html`<ul>${stray.map(([p, m]) => html`<li><code>${p}</code> ${m}</li>`)}</ul>` : ''}</div>` : ''}
      ${this.fieldsToShow.map((f) => this.renderField(f))}
      ${this.renderExtra()}
      ${consent ? html`<div class="consent">${icons.external}<span>You will be sent to <strong>${c.name}</strong> in a new window to sign in and approve read access. Maestro never sees your password.</span></div>` : ''}
      ${blocked ? html`<p class="notice" role="note">${c.name} is not set up on this server yet: the operator must register an OAuth app for it.</p>` : ''}
      <div class="actions">
        <slot name="actions"></slot>
        <button class="btn primary" part="submit" type="submit" ?disabled=${this.busy || blocked}>
          ${consent ? html`Continue to ${c.name} ${icons.external}` : this.mode === 'credentials' ? 'Save credentials' : html`${icons.link} Connect`}
        </button>
      </div>
    </form>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-connect-form': MaestroConnectForm }
}
