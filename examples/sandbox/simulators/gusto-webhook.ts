/**
 * @module Gusto webhook signing (gusto.md §7).
 */
import { createHmac } from 'node:crypto'

/** The header Gusto puts on a webhook delivery. */
export interface GustoWebhookHeaders {
  'X-Gusto-Signature': string
}

/**
 * Sign a webhook body the way Gusto does: lowercase hex HMAC-SHA256 of the raw body keyed with the
 * subscription's `verification_token`. Gusto signs no timestamp, so there is no timestamp argument.
 * @example
 * const headers = signGustoWebhook('{"uuid":"…"}', '6590f590-3dba-495e-9bea-c361e1e2efc0')
 */
export function signGustoWebhook(body: string, secret: string): GustoWebhookHeaders {
  return { 'X-Gusto-Signature': createHmac('sha256', secret).update(body).digest('hex') }
}
