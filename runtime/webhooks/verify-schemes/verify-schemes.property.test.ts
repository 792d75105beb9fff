// Property tests of webhook signature code: whatever the body, secret and layout, a correctly signed delivery
// passes, any change to body, signature or secret is refused, and garbage headers never crash the check.
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MaestroError } from '../../errors.ts'
import { signMaestroPayload, verifyMaestroSignature } from '../../outbound/signature.ts'
import { verifyDelivery, type SignedDelivery } from './index.ts'

const ctx = { connector: 'prop', app: {}, hooks: {} }
const NOW = 1_750_000_000_000

const delivery = (body: Uint8Array, headers: Record<string, string>): SignedDelivery => {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  return { rawBody: Buffer.from(body), header: (n) => lower[n.toLowerCase()], now: NOW }
}
const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof MaestroError ? e.code : `crashed: ${String(e)}`))

const layout = fc.record({
  encoding: fc.constantFrom('hex' as const, 'base64' as const),
  signed: fc.constantFrom('body' as const, 'timestamp+body' as const, 'body+timestamp' as const),
  separator: fc.constantFrom('', '.', ':'),
  prefix: fc.constantFrom(undefined, 'sha256=', 'v1,'),
})
const secret = fc.string({ minLength: 1, maxLength: 40 })
const body = fc.uint8Array({ maxLength: 300 })

/** Sign as the provider does, independently of the code under test. */
function sign(l: { encoding: 'hex' | 'base64'; signed: string; separator: string; prefix?: string }, key: string, raw: Uint8Array, ts: string): string {
  const b = Buffer.from(raw)
  const t = Buffer.from(ts)
  const sep = Buffer.from(l.separator)
  const msg = l.signed === 'body' ? b : l.signed === 'timestamp+body' ? Buffer.concat([t, sep, b]) : Buffer.concat([b, sep, t])
  return `${l.prefix ?? ''}${createHmac('sha256', key).update(msg).digest(l.encoding)}`
}

const specOf = (l: { encoding: 'hex' | 'base64'; signed: 'body' | 'timestamp+body' | 'body+timestamp'; separator: string; prefix?: string }) => ({
  scheme: 'hmac-sha256', header: 'X-Sig', timestampHeader: 'X-Ts', tolerance: '5m', secret: '', ...l,
})

describe('hmac-sha256 verification (properties)', () => {
  it('accepts every correctly signed delivery', async () => {
    await fc.assert(fc.asyncProperty(layout, secret, body, fc.integer({ min: -240, max: 240 }), async (l, key, raw, skew) => {
      const ts = String(Math.floor(NOW / 1000) + skew)
      const headers = { 'X-Sig': sign(l, key, raw, ts), 'X-Ts': ts }
      expect(await outcome(verifyDelivery(specOf(l), delivery(raw, headers), key, ctx))).toBe('ok')
    }), { numRuns: 200 })
  })

  it('refuses a delivery whose body lost, gained or changed one byte', async () => {
    await fc.assert(fc.asyncProperty(layout, secret, body, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.constantFrom('flip', 'drop', 'add'), async (l, key, raw, at, delta, change) => {
      const ts = String(Math.floor(NOW / 1000))
      const headers = { 'X-Sig': sign(l, key, raw, ts), 'X-Ts': ts }
      let tampered: Uint8Array
      if (change === 'add' || raw.length === 0) tampered = Uint8Array.from([...raw, delta])
      else if (change === 'drop') tampered = raw.filter((_, i) => i !== at % raw.length)
      else tampered = raw.map((v, i) => (i === at % raw.length ? (v + delta) % 256 : v))
      expect(await outcome(verifyDelivery(specOf(l), delivery(tampered, headers), key, ctx))).toBe('signature_invalid')
    }), { numRuns: 200 })
  })

  it('refuses a signature made with another secret', async () => {
    await fc.assert(fc.asyncProperty(layout, secret, secret, body, async (l, key, other, raw) => {
      fc.pre(key !== other)
      const ts = String(Math.floor(NOW / 1000))
      const headers = { 'X-Sig': sign(l, other, raw, ts), 'X-Ts': ts }
      expect(await outcome(verifyDelivery(specOf(l), delivery(raw, headers), key, ctx))).toBe('signature_invalid')
    }), { numRuns: 200 })
  })

  it('refuses a signed timestamp outside the replay window', async () => {
    const timed = layout.filter((l) => l.signed !== 'body')
    await fc.assert(fc.asyncProperty(timed, secret, body, fc.integer({ min: 301, max: 10_000_000 }), fc.boolean(), async (l, key, raw, off, past) => {
      const ts = String(Math.floor(NOW / 1000) + (past ? -off : off))
      const headers = { 'X-Sig': sign(l, key, raw, ts), 'X-Ts': ts }
      expect(await outcome(verifyDelivery(specOf(l), delivery(raw, headers), key, ctx))).toBe('webhook_stale')
    }), { numRuns: 150 })
  })

  it('answers arbitrary header values with a coded refusal, never a crash', async () => {
    await fc.assert(fc.asyncProperty(layout, secret, body, fc.string(), fc.string(), async (l, key, raw, sig, ts) => {
      const result = await outcome(verifyDelivery(specOf(l), delivery(raw, { 'X-Sig': sig, 'X-Ts': ts }), key, ctx))
      expect(['signature_invalid', 'webhook_stale']).toContain(result)
    }), { numRuns: 300 })
  })
})

describe('Maestro-Signature on outbound events (properties)', () => {
  const text = fc.string({ maxLength: 400 })
  const now = 1_750_000_000

  it('verifies what it signs, within the tolerance', async () => {
    fc.assert(fc.property(text, secret, fc.integer({ min: -300, max: 300 }), (b, key, skew) => {
      expect(verifyMaestroSignature(b, signMaestroPayload(b, key, now + skew), key, 300, now)).toBe(true)
    }), { numRuns: 300 })
  })

  it('refuses another body, another secret or a stale timestamp', async () => {
    fc.assert(fc.property(text, text, secret, secret, fc.integer({ min: 301, max: 1e7 }), (b, other, key, otherKey, stale) => {
      const header = signMaestroPayload(b, key, now)
      if (other !== b) expect(verifyMaestroSignature(other, header, key, 300, now)).toBe(false)
      if (otherKey !== key) expect(verifyMaestroSignature(b, header, otherKey, 300, now)).toBe(false)
      expect(verifyMaestroSignature(b, signMaestroPayload(b, key, now - stale), key, 300, now)).toBe(false)
    }), { numRuns: 300 })
  })

  it('never throws on an arbitrary header', () => {
    fc.assert(fc.property(text, fc.string(), secret, (b, header, key) => {
      expect(typeof verifyMaestroSignature(b, header, key, 300, now)).toBe('boolean')
    }), { numRuns: 300 })
  })
})
