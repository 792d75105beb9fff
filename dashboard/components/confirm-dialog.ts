import { css, html, LitElement } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'
import { buttons, tokens } from '../styles/shared.ts'

/**
 * @summary A modal confirmation (native `<dialog>`: focus stays inside, Escape cancels). `ask()` resolves
 * true when the admin confirms.
 *
 * @slot - The explanation.
 * @csspart dialog - The dialog.
 * @csspart confirm - The confirm button.
 */
@customElement('maestro-confirm-dialog')
export class MaestroConfirmDialog extends LitElement {
  static styles = [tokens, buttons, css`
    dialog { border: 0; border-radius: var(--m-radius); padding: 0; width: min(28rem, calc(100vw - 2rem)); box-shadow: 0 20px 50px rgb(16 24 40 / 0.25); background: var(--m-surface); color: var(--m-text); }
    dialog::backdrop { background: rgb(17 24 39 / 0.45); }
    .body { padding: 1.4rem 1.4rem 1rem; display: grid; gap: 0.6rem; }
    h2 { margin: 0; font-size: 1.1rem; }
    ::slotted(*) { margin: 0; color: var(--m-muted); font-size: 0.9rem; line-height: 1.5; }
    .actions { display: flex; justify-content: flex-end; gap: 0.6rem; padding: 0.9rem 1.4rem; background: var(--m-surface-2); border-top: 1px solid var(--m-border); flex-wrap: wrap; }
  `]

  @property() heading = 'Are you sure?'
  @property({ attribute: 'confirm-label' }) confirmLabel = 'Confirm'
  /** `danger` for destructive actions. */
  @property() tone: 'danger' | 'primary' = 'primary'
  @query('dialog') private dialog!: HTMLDialogElement
  private resolve?: (ok: boolean) => void

  /** Open the dialog; resolves with the admin's answer. */
  async ask(): Promise<boolean> {
    await this.updateComplete
    this.resolve?.(false)
    this.dialog.showModal()
    return new Promise((resolve) => { this.resolve = resolve })
  }

  private close(ok: boolean): void {
    this.dialog.close()
    this.resolve?.(ok)
    this.resolve = undefined
  }

  render() {
    return html`<dialog part="dialog" aria-labelledby="h" @cancel=${(e: Event) => { e.preventDefault(); this.close(false) }}>
      <div class="body"><h2 id="h">${this.heading}</h2><slot></slot></div>
      <div class="actions">
        <button class="btn" @click=${() => this.close(false)} autofocus>Cancel</button>
        <button class="btn ${this.tone === 'danger' ? 'danger solid' : 'primary'}" part="confirm" @click=${() => this.close(true)}>${this.confirmLabel}</button>
      </div>
    </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap { 'maestro-confirm-dialog': MaestroConfirmDialog }
}
