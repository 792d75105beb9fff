import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signMaestroPayload, verifyMaestroSignature } from './signature.ts'

const body = '{"type":"record.updated","tenant":"acme"}'
const secret = 'whsec_test'
const t = 1_700_000_000

describe('Maestro-Signature', () => {
  it('signs t + "." + body with HMAC-SHA256 hex', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
    expect(signMaestroPayload(body, secret, t)).toBe(`t=${t},v1=${expected}`)
  })

  const good = signMaestroPayload(body, secret, t)
  const v1 = good.split('v1=')[1]
  it.each([
    { name: 'valid', header: good, b: body, s: secret, now: t + 10, ok: true },
    { name: 'valid, Buffer body', header: good, b: Buffer.from(body), s: secret, now: t, ok: true },
    { name: 'valid among rotated signatures', header: `t=${t},v1=${'0'.repeat(64)},v1=${v1}`, b: body, s: secret, now: t, ok: true },
    { name: 'body changed', header: good, b: body.replace('acme', 'acmf'), s: secret, now: t, ok: false },
    { name: 'wrong secret', header: good, b: body, s: 'other', now: t, ok: false },
    { name: 'timestamp changed', header: good.replace(`t=${t}`, `t=${t + 1}`), b: body, s: secret, now: t, ok: false },
    { name: 'too old', header: good, b: body, s: secret, now: t + 301, ok: false },
    { name: 'from the future', header: good, b: body, s: secret, now: t - 301, ok: false },
    { name: 'no v1', header: `t=${t}`, b: body, s: secret, now: t, ok: false },
    { name: 'no t', header: `v1=${v1}`, b: body, s: secret, now: t, ok: false },
    { name: 'garbage', header: 'nonsense', b: body, s: secret, now: t, ok: false },
    { name: 'missing header', header: undefined, b: body, s: secret, now: t, ok: false },
    { name: 'empty secret', header: good, b: body, s: '', now: t, ok: false },
  ])('$name → $ok', ({ header, b, s, now, ok }) => {
    expect(verifyMaestroSignature(b, header, s, 300, now)).toBe(ok)
  })
})
