/**
 * @module `hmac-sha256`: an HMAC-SHA256 of the raw body, optionally joined with a signed timestamp,
 * sent hex or base64 in a header, maybe behind a prefix such as `sha256=` (Toggl).
 */
import { createHmac } from 'node:crypto'
import { MaestroError } from '../../errors.ts'
import { durationMs } from '../../manifest/schema/common.ts'
import { constantTimeEqual } from './compare.ts'
import type { SignedDelivery, Verified, VerifyScheme } from './types.ts'

/** The manifest's `verify` block for this scheme. */
export interface HmacSpec {
  scheme: 'hmac-sha256'
  header: string
  encoding: 'hex' | 'base64'
  prefix?: string
  secret: string
  signed?: 'body' | 'timestamp+body' | 'body+timestamp'
  separator?: string
  timestampHeader?: string
  tolerance?: string
}

const DEFAULT_TOLERANCE_MS = 5 * 60_000
const invalid = (message: string) => new MaestroError('signature_invalid', message)

/** Unix seconds, Unix milliseconds or ISO-8601 → milliseconds; NaN when it is none of them. */
export function parseTimestamp(text: string): number {
  const t = text.trim()
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t)
    // Seconds until the year 33658; anything larger is already milliseconds.
    return n < 1e12 ? n * 1000 : n
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(t) ? Date.parse(t) : Number.NaN
}

/** Decode the sent signature; undefined when it is not well-formed for the encoding. */
function decode(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  if (encoding === 'hex') return /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : undefined
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined
}

/** The bytes the provider signs. */
function message(spec: HmacSpec, body: Buffer, timestamp: string | undefined): Buffer {
  const signed = spec.signed ?? 'body'
  if (signed === 'body') return body
  const ts = Buffer.from(timestamp ?? '', 'utf8')
  const sep = Buffer.from(spec.separator ?? '', 'utf8')
  return signed === 'timestamp+body' ? Buffer.concat([ts, sep, body]) : Buffer.concat([body, sep, ts])
}

/** The `hmac-sha256` scheme. */
export const hmacSha256: VerifyScheme<HmacSpec> = {
  async verify(spec, delivery: SignedDelivery, secret): Promise<Verified> {
    if (!secret) throw invalid('No webhook secret is configured for this connector, so no delivery can be trusted.')
    const sent = delivery.header(spec.header)?.trim()
    if (!sent) throw invalid(`The ${spec.header} header is missing.`)
    if (spec.prefix && !sent.startsWith(spec.prefix)) throw invalid(`The ${spec.header} header does not start with "${spec.prefix}".`)
    const encoded = spec.prefix ? sent.slice(spec.prefix.length).trim() : sent
    const signsTimestamp = (spec.signed ?? 'body') !== 'body'
    const tsText = spec.timestampHeader ? delivery.header(spec.timestampHeader)?.trim() : undefined
    if (signsTimestamp && !tsText) throw invalid(`The ${spec.timestampHeader ?? 'timestamp'} header is missing.`)

    const expected = createHmac('sha256', secret).update(message(spec, delivery.rawBody, tsText)).digest()
    const given = decode(encoded, spec.encoding)
    // Decoding failures still run a comparison, so a malformed header costs what a wrong one does.
    if (!constantTimeEqual(given ?? Buffer.alloc(0), expected) || !given) throw invalid('The signature does not match the body.')

    if (tsText === undefined) return { signature: encoded }
    const timestamp = parseTimestamp(tsText)
    const tolerance = spec.tolerance ? durationMs(spec.tolerance) : DEFAULT_TOLERANCE_MS
    if (!Number.isFinite(timestamp) || Math.abs(delivery.now - timestamp) > tolerance) {
      throw new MaestroError('webhook_stale', `The signed timestamp is outside the ${Math.round(tolerance / 1000)} s replay window.`)
    }
    return { timestamp, signature: encoded }
  },
}
