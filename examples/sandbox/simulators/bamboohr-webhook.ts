/**
 * @module BambooHR webhook signing (bamboohr.md §7).
 */
import { createHmac } from 'node:crypto'

/** Headers BambooHR puts on a webhook delivery that prove it. */
export interface BambooHRWebhookHeaders {
  'X-BambooHR-Signature': string
  'X-BambooHR-Timestamp': string
}

/**
 * Sign a webhook body the way BambooHR does: lowercase hex HMAC-SHA256 keyed with the webhook's
 * `privateKey` over the raw body followed directly by the timestamp (no separator).
 * `timestamp` is unix seconds and defaults to now.
 * @example
 * const headers = signBambooHRWebhook('{"employees":[]}', 'webhook-secret', 1710510600)
 */
export function signBambooHRWebhook(body: string, secret: string, timestamp: number | string = Math.floor(Date.now() / 1000)): BambooHRWebhookHeaders {
  const ts = String(timestamp)
  return {
    'X-BambooHR-Signature': createHmac('sha256', secret).update(body + ts).digest('hex'),
    'X-BambooHR-Timestamp': ts,
  }
}

/** The delivery User-Agent BambooHR sends (bamboohr.md §7, from the fusebit connector). */
export const BAMBOOHR_WEBHOOK_USER_AGENT = 'BambooHR-WebHooks/1.0 (+https://www.bamboohr.com)'
