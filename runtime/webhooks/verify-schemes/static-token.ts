/**
 * @module `static-token`: the provider sends a shared token verbatim in a header (Clockify's
 * `Clockify-Signature`, clockify.md §7); compared in constant time.
 */
import { MaestroError } from '../../errors.ts'
import { constantTimeEqual } from './compare.ts'
import type { VerifyScheme } from './types.ts'

/** The manifest's `verify` block for this scheme. */
export interface StaticTokenSpec {
  scheme: 'static-token'
  header: string
  secret: string
}

/** The `static-token` scheme. */
export const staticToken: VerifyScheme<StaticTokenSpec> = {
  async verify(spec, delivery, secret) {
    if (!secret) throw new MaestroError('signature_invalid', 'No webhook secret is configured for this connector, so no delivery can be trusted.')
    const sent = delivery.header(spec.header)?.trim() ?? ''
    if (!constantTimeEqual(Buffer.from(sent, 'utf8'), Buffer.from(secret, 'utf8')) || sent === '') {
      throw new MaestroError('signature_invalid', `The ${spec.header} token does not match.`)
    }
    return {}
  },
}
