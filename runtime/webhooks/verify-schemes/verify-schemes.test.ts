import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MaestroError } from '../../errors.ts'
import { constantTimeEqual, parseTimestamp, verifyDelivery, type SignedDelivery, type VerifyContext } from './index.ts'

const ctx: VerifyContext = { connector: 'test', app: {}, hooks: {} }
const delivery = (body: string, headers: Record<string, string | undefined>, now = Date.now()): SignedDelivery => {
  const lower: Record<string, string | undefined> = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  return { rawBody: Buffer.from(body, 'utf8'), header: (n) => lower[n.toLowerCase()], now }
}
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof MaestroError ? e.code : `thrown: ${String(e)}`))

// Vectors from shared/providers/*.md §7.
const QB_CLOUD = '[{"specversion":"1.0","id":"88cd52aa-33b6-4351-9aa4-47572edbd068","source":"intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=","type":"qbo.account.created.v1","datacontenttype":"application/json","time":"2025-09-10T21:31:25.179851517Z","intuitentityid":"1234","intuitaccountid":"310687","data":{}}]'
const QB_LEGACY = '{"eventNotifications":[{"realmId":"310687","dataChangeEvent":{"entities":[{"id":"1234","operation":"Create","name":"Account","lastUpdated":"2025-09-08T20:52:31.657Z"}]}}]}'
const GUSTO = '{"uuid":"f7397a24-57ad-4fae-b011-d258e8232900","event_type":"company.provisioned","resource_type":"Company","resource_uuid":"5df911a0-e8e9-412d-8aaf-a46ad193dd96","entity_type":"Company","entity_uuid":"5df911a0-e8e9-412d-8aaf-a46ad193dd96","timestamp":1671058841}'
const BAMBOO = '{"employees":[{"id":"123","changedFields":["jobTitle"],"fields":{"jobTitle":"Senior"},"timestamp":"2024-03-15T14:30:00Z"}]}'
const TOGGL = '{"event_id":0,"created_at":"2022-06-25T03:58:10.207820267Z","creator_id":6,"metadata":{"request_type":"POST","event_user_id":6},"payload":"ping","subscription_id":6}'
const CHECKR = '{"monday":"75F","tuesday":"80F"}'

const qb = { scheme: 'hmac-sha256', header: 'intuit-signature', encoding: 'base64', secret: '' } as const
const gusto = { scheme: 'hmac-sha256', header: 'X-Gusto-Signature', encoding: 'hex', secret: '' } as const
const bamboo = { scheme: 'hmac-sha256', header: 'X-BambooHR-Signature', encoding: 'hex', secret: '', signed: 'body+timestamp', timestampHeader: 'X-BambooHR-Timestamp', tolerance: '5m' } as const
const toggl = { scheme: 'hmac-sha256', header: 'X-Webhook-Signature-256', encoding: 'hex', prefix: 'sha256=', secret: '' } as const
const checkr = { scheme: 'hmac-sha256', header: 'X-Checkr-Signature', encoding: 'hex', secret: '' } as const
const clockify = { scheme: 'static-token', header: 'Clockify-Signature', secret: '' } as const
const BAMBOO_TS = 1710510600
const atBambooTs = BAMBOO_TS * 1000 + 30_000

describe('provider test vectors', () => {
  it.each([
    { name: 'QuickBooks CloudEvents (base64)', spec: qb, secret: 'test-verifier-token', body: QB_CLOUD, headers: { 'intuit-signature': 'lJOtR7jgbWKaLG2/sP+YNbC5uE2MxWxCoAPxG8//isU=' } },
    { name: 'QuickBooks legacy (base64)', spec: qb, secret: 'test-verifier-token', body: QB_LEGACY, headers: { 'intuit-signature': '3MHx8G/KNW1pJR+WQI9qjjovwVE5Z0w/+i6B9rdktkg=' } },
    { name: 'Gusto (hex)', spec: gusto, secret: '6590f590-3dba-495e-9bea-c361e1e2efc0', body: GUSTO, headers: { 'X-Gusto-Signature': '11e15d48dc902299acfab62cda72cbb3b17de7a274b786adeae51c0057cbdbe0' } },
    { name: 'BambooHR (hex, body+timestamp)', spec: bamboo, secret: 'webhook-secret', body: BAMBOO, headers: { 'X-BambooHR-Signature': 'bc2a44c2e865f910eb18485d954fcffdfa18a38487180dc294a6797a1ed43d48', 'X-BambooHR-Timestamp': String(BAMBOO_TS) }, now: atBambooTs },
    { name: 'Toggl (sha256= prefix)', spec: toggl, secret: 'PGuRrhCFajIyEvFlreKL', body: TOGGL, headers: { 'X-Webhook-Signature-256': 'sha256=55343383e52a9cd2f56bd4e9fb5b6ce6982fb45955f26ea816cf7495d98c5fd2' } },
    { name: 'Checkr (hex)', spec: checkr, secret: 'test-secret', body: CHECKR, headers: { 'X-Checkr-Signature': 'b7412f05e981a473b5ecbdb5393afaea02a679db6d7c8e56803512ec4ba98151' } },
    { name: 'Clockify (static token)', spec: clockify, secret: 'eyJ0eXAiOiJKV1Qi.token', body: '{}', headers: { 'Clockify-Signature': 'eyJ0eXAiOiJKV1Qi.token' } },
  ])('$name verifies', async ({ spec, secret, body, headers, now }) => {
    await expect(codeOf(verifyDelivery(spec, delivery(body, headers, now), secret, ctx))).resolves.toBe('ok')
  })
})

describe('refusals', () => {
  const gustoSig = '11e15d48dc902299acfab62cda72cbb3b17de7a274b786adeae51c0057cbdbe0'
  const bambooHeaders = { 'X-BambooHR-Signature': 'bc2a44c2e865f910eb18485d954fcffdfa18a38487180dc294a6797a1ed43d48', 'X-BambooHR-Timestamp': String(BAMBOO_TS) }
  it.each([
    { name: 'one body byte changed', spec: gusto, secret: '6590f590-3dba-495e-9bea-c361e1e2efc0', body: GUSTO.replace('1671058841', '1671058842'), headers: { 'X-Gusto-Signature': gustoSig }, code: 'signature_invalid' },
    { name: 'wrong secret', spec: gusto, secret: 'other', body: GUSTO, headers: { 'X-Gusto-Signature': gustoSig }, code: 'signature_invalid' },
    { name: 'missing header', spec: gusto, secret: '6590f590-3dba-495e-9bea-c361e1e2efc0', body: GUSTO, headers: {}, code: 'signature_invalid' },
    { name: 'no secret configured', spec: gusto, secret: undefined, body: GUSTO, headers: { 'X-Gusto-Signature': gustoSig }, code: 'signature_invalid' },
    { name: 'hex that is not hex', spec: gusto, secret: '6590f590-3dba-495e-9bea-c361e1e2efc0', body: GUSTO, headers: { 'X-Gusto-Signature': `zz${gustoSig.slice(2)}` }, code: 'signature_invalid' },
    { name: 'truncated signature', spec: gusto, secret: '6590f590-3dba-495e-9bea-c361e1e2efc0', body: GUSTO, headers: { 'X-Gusto-Signature': gustoSig.slice(0, 32) }, code: 'signature_invalid' },
    { name: 'prefix missing', spec: toggl, secret: 'PGuRrhCFajIyEvFlreKL', body: TOGGL, headers: { 'X-Webhook-Signature-256': '55343383e52a9cd2f56bd4e9fb5b6ce6982fb45955f26ea816cf7495d98c5fd2' }, code: 'signature_invalid' },
    { name: 'timestamp header missing', spec: bamboo, secret: 'webhook-secret', body: BAMBOO, headers: { 'X-BambooHR-Signature': bambooHeaders['X-BambooHR-Signature'] }, code: 'signature_invalid', now: atBambooTs },
    { name: 'timestamp changed (it is signed)', spec: bamboo, secret: 'webhook-secret', body: BAMBOO, headers: { ...bambooHeaders, 'X-BambooHR-Timestamp': String(BAMBOO_TS + 1) }, code: 'signature_invalid', now: atBambooTs },
    { name: 'valid but 6 minutes old', spec: bamboo, secret: 'webhook-secret', body: BAMBOO, headers: bambooHeaders, code: 'webhook_stale', now: BAMBOO_TS * 1000 + 6 * 60_000 },
    { name: 'valid but 6 minutes in the future', spec: bamboo, secret: 'webhook-secret', body: BAMBOO, headers: bambooHeaders, code: 'webhook_stale', now: BAMBOO_TS * 1000 - 6 * 60_000 },
    { name: 'static token differs', spec: clockify, secret: 'abc', body: '{}', headers: { 'Clockify-Signature': 'abd' }, code: 'signature_invalid' },
    { name: 'static token longer', spec: clockify, secret: 'abc', body: '{}', headers: { 'Clockify-Signature': 'abcd' }, code: 'signature_invalid' },
    { name: 'empty static secret and header', spec: clockify, secret: '', body: '{}', headers: { 'Clockify-Signature': '' }, code: 'signature_invalid' },
    { name: 'unknown scheme', spec: { scheme: 'md5' }, secret: 'x', body: '{}', headers: {}, code: 'signature_invalid' },
  ])('$name → $code', async ({ spec, secret, body, headers, code, now }) => {
    await expect(codeOf(verifyDelivery(spec, delivery(body, headers, now ?? Date.now()), secret, ctx))).resolves.toBe(code)
  })
})

describe('signed shapes', () => {
  const secret = 's3cret'
  const body = '{"a":1}'
  const sign = (msg: string, enc: 'hex' | 'base64') => createHmac('sha256', secret).update(msg).digest(enc)
  const now = 1_700_000_000_000
  const ts = String(now / 1000)
  it.each([
    { name: 'timestamp+body with "."', spec: { signed: 'timestamp+body', separator: '.' }, msg: `${ts}.${body}`, enc: 'hex' as const },
    { name: 'body+timestamp without separator', spec: { signed: 'body+timestamp' }, msg: `${body}${ts}`, enc: 'base64' as const },
    { name: 'timestamp+body ISO timestamp', spec: { signed: 'timestamp+body', separator: ':' }, msg: `${new Date(now).toISOString()}:${body}`, enc: 'hex' as const, tsValue: new Date(now).toISOString() },
  ])('$name', async ({ spec, msg, enc, tsValue }) => {
    const full = { scheme: 'hmac-sha256', header: 'X-Sig', encoding: enc, secret: '', timestampHeader: 'X-Ts', ...spec }
    const d = delivery(body, { 'X-Sig': sign(msg, enc), 'X-Ts': tsValue ?? ts }, now)
    await expect(verifyDelivery(full, d, secret, ctx)).resolves.toMatchObject({ timestamp: now })
    // The other order of the same parts must fail: the message layout is part of the scheme.
    const other = { ...full, signed: full.signed === 'timestamp+body' ? 'body+timestamp' : 'timestamp+body' }
    await expect(codeOf(verifyDelivery(other, d, secret, ctx))).resolves.toBe('signature_invalid')
  })
})

describe('hook scheme', () => {
  it.each([
    { name: 'hook says true', hook: () => true, code: 'ok' },
    { name: 'hook says false', hook: () => false, code: 'signature_invalid' },
    { name: 'hook returns a truthy non-boolean', hook: () => 'yes', code: 'signature_invalid' },
    { name: 'hook throws', hook: () => { throw new Error('boom') }, code: 'signature_invalid' },
    { name: 'hook reports stale', hook: () => { throw new MaestroError('webhook_stale', 'old') }, code: 'webhook_stale' },
    { name: 'hook reads headers case-insensitively', hook: (i: { headers: Record<string, string> }) => i.headers['x-token'] === 'T', code: 'ok' },
    { name: 'no hook exported', hook: undefined, code: 'signature_invalid' },
  ])('$name → $code', async ({ hook, code }) => {
    const d = delivery('{}', { 'X-Token': 'T' })
    await expect(codeOf(verifyDelivery({ scheme: 'hook' }, d, undefined, { ...ctx, hooks: hook ? { verifyWebhook: hook } : {} }))).resolves.toBe(code)
  })
})

describe('helpers', () => {
  it.each([
    { name: 'unix seconds', text: '1710510600', ms: 1710510600000 },
    { name: 'unix milliseconds', text: '1710510600123', ms: 1710510600123 },
    { name: 'ISO-8601', text: '2024-03-15T14:30:00Z', ms: Date.parse('2024-03-15T14:30:00Z') },
    { name: 'garbage', text: 'yesterday', ms: Number.NaN },
  ])('parseTimestamp $name', ({ text, ms }) => {
    expect(parseTimestamp(text)).toBe(ms)
  })
  it.each([
    { name: 'equal', a: 'abc', b: 'abc', eq: true },
    { name: 'same length, different', a: 'abc', b: 'abd', eq: false },
    { name: 'different length', a: 'abc', b: 'abcd', eq: false },
    { name: 'both empty', a: '', b: '', eq: true },
  ])('constantTimeEqual $name', ({ a, b, eq }) => {
    expect(constantTimeEqual(Buffer.from(a), Buffer.from(b))).toBe(eq)
  })
})
