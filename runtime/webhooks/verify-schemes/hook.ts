/**
 * @module `hook`: verification in the connector's `verifyWebhook` hook, for schemes no declaration covers.
 */
import { MaestroError } from '../../errors.ts'
import type { VerifyScheme, VerifyWebhookHook } from './types.ts'

/** The `hook` scheme. A hook that throws anything but a MaestroError counts as a failed check. */
export const hookScheme: VerifyScheme<{ scheme: 'hook' }> = {
  async verify(_spec, delivery, _secret, context) {
    const hook = context.hooks.verifyWebhook as VerifyWebhookHook | undefined
    if (typeof hook !== 'function') throw new MaestroError('signature_invalid', `Connector ${context.connector} declares hook verification but exports no verifyWebhook.`)
    const headers: Record<string, string> = new Proxy({}, { get: (_t, name) => (typeof name === 'string' ? delivery.header(name) : undefined) })
    let ok: boolean
    try {
      ok = await hook({ rawBody: delivery.rawBody, headers, app: context.app, now: delivery.now })
    } catch (err) {
      if (err instanceof MaestroError && (err.code === 'webhook_stale' || err.code === 'signature_invalid')) throw err
      throw new MaestroError('signature_invalid', `The ${context.connector} verifyWebhook hook refused the delivery.`, { cause: err })
    }
    if (ok !== true) throw new MaestroError('signature_invalid', `The ${context.connector} verifyWebhook hook refused the delivery.`)
    return {}
  },
}
