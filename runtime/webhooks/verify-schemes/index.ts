/**
 * @module Webhook verification schemes, registered by the manifest's `verify.scheme` name.
 */
import { MaestroError } from '../../errors.ts'
import { hmacSha256 } from './hmac-sha256.ts'
import { hookScheme } from './hook.ts'
import { staticToken } from './static-token.ts'
import type { SignedDelivery, Verified, VerifyContext, VerifyScheme } from './types.ts'

export type { SignedDelivery, Verified, VerifyContext, VerifyScheme, VerifyWebhookHook, VerifyWebhookInput } from './types.ts'
export { parseTimestamp } from './hmac-sha256.ts'
export { constantTimeEqual } from './compare.ts'

/** Every scheme by name; adding one is one line here. */
export const VERIFY_SCHEMES: Record<string, VerifyScheme<any>> = {
  'hmac-sha256': hmacSha256,
  'static-token': staticToken,
  hook: hookScheme,
}

/**
 * Verify a delivery with the manifest's `verify` block.
 * @throws MaestroError `signature_invalid` or `webhook_stale`.
 * @example
 * await verifyDelivery({ scheme: 'static-token', header: 'Clockify-Signature', secret: '…' }, delivery, 'tok', ctx)
 */
export function verifyDelivery(spec: { scheme: string }, delivery: SignedDelivery, secret: string | undefined, context: VerifyContext): Promise<Verified> {
  const scheme = VERIFY_SCHEMES[spec.scheme]
  if (!scheme) return Promise.reject(new MaestroError('signature_invalid', `Unknown verification scheme "${spec.scheme}".`))
  return scheme.verify(spec, delivery, secret, context)
}
