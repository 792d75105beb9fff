/**
 * @module Signatures of Maestro's outbound events: `Maestro-Signature: t=<unix seconds>,v1=<hex>`, where the
 * hex is HMAC-SHA256(secret, `${t}.${body}`). The timestamp is signed so a receiver can refuse replays;
 * several `v1=` entries may appear while a secret is being rotated.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Header carrying the signature. */
export const SIGNATURE_HEADER = 'Maestro-Signature'
/** Header carrying the event id (stable across retries: receivers de-duplicate with it). */
export const EVENT_ID_HEADER = 'Maestro-Event-Id'
/** Header naming the event type. */
export const EVENT_TYPE_HEADER = 'Maestro-Event-Type'

const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')

/**
 * The `Maestro-Signature` value for a body.
 * @example
 * signMaestroPayload('{"type":"run.finished"}', 'whsec', 1700000000) // 't=1700000000,v1=…'
 */
export function signMaestroPayload(body: string, secret: string, timestampSec: number = Math.floor(Date.now() / 1000)): string {
  const t = Math.floor(timestampSec)
  return `t=${t},v1=${hmac(secret, t, body)}`
}

/**
 * Check a `Maestro-Signature` header, for host applications and tests: the body must be the exact bytes
 * received, the timestamp within `toleranceSec` of now, and one `v1` must match (constant-time compare).
 * @example
 * if (!verifyMaestroSignature(rawBody, req.headers['maestro-signature'], process.env.MAESTRO_WEBHOOK_SECRET!, 300)) return res.status(401).end()
 */
export function verifyMaestroSignature(body: string | Buffer, header: string | null | undefined, secret: string, toleranceSec = 300, nowSec: number = Date.now() / 1000): boolean {
  if (!header || !secret) return false
  let t: number | undefined
  const sigs: string[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const key = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (key === 't' && /^\d+$/.test(value)) t = Number(value)
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) sigs.push(value)
  }
  if (t === undefined || sigs.length === 0) return false
  if (Math.abs(nowSec - t) > toleranceSec) return false
  const expected = Buffer.from(hmac(secret, t, typeof body === 'string' ? body : body.toString('utf8')), 'hex')
  let ok = false
  // Every candidate is compared, so the time taken does not reveal which one matched.
  for (const s of sigs) ok = timingSafeEqual(Buffer.from(s, 'hex'), expected) || ok
  return ok
}
