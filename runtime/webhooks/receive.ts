/**
 * @module The request side of inbound webhooks: from the raw bytes to an answer, in this order — known
 * connector, JSON, handshake, signature (and replay window), event-id de-duplication, then acceptance into
 * the inbox. Nothing is queued, stored or applied unless every check before acceptance passed.
 */
import { MaestroError } from '../errors.ts'
import type { Inbox } from './inbox.ts'
import { compileWebhooks, eventIdOf, truthy } from './rules.ts'
import type { WebhookDeps } from './types.ts'
import { verifyDelivery } from './verify-schemes/index.ts'

/** One delivery as the HTTP route hands it over. */
export interface IncomingDelivery {
  connector: string
  connectionId?: string
  rawBody: Buffer
  /** Header lookup; Fetch `Headers` fits. */
  headers: { forEach(cb: (value: string, name: string) => void): void }
}

/** The answer to send. */
export interface ReceiveResult {
  status: 200 | 202
  body: Record<string, unknown>
}

// Headers that may carry credentials of someone else's making are not kept with a queued delivery.
const DROPPED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization'])

/**
 * Check and accept one delivery.
 * @throws MaestroError `connector_not_found` (404), `not_found` (404, no webhooks declared), `invalid_request`
 * (400, not JSON), `signature_invalid` / `webhook_stale` (401).
 */
export async function receiveDelivery(deps: WebhookDeps, inbox: Inbox, input: IncomingDelivery): Promise<ReceiveResult> {
  const now = deps.now ?? Date.now
  const connector = deps.connectors.get(input.connector)
  if (!connector) throw new MaestroError('connector_not_found', `No connector "${input.connector}".`)
  const spec = connector.manifest.webhooks
  if (!spec) throw new MaestroError('not_found', `Connector ${connector.id} does not receive webhooks.`, { hint: 'Only connectors whose manifest declares `webhooks` accept deliveries.' })
  const rules = compileWebhooks(spec)

  const reject = (err: MaestroError): MaestroError => {
    deps.bus.emit({ type: 'webhook.rejected', connector: connector.id, code: err.code, reason: err.message })
    return err
  }

  const headers: Record<string, string> = {}
  input.headers.forEach((value, name) => { headers[name.toLowerCase()] = value })

  let payload: unknown
  try {
    payload = JSON.parse(input.rawBody.toString('utf8'))
  } catch {
    throw reject(new MaestroError('invalid_request', 'The webhook body is not valid JSON.', { details: [{ path: '/', message: 'is not valid JSON' }] }))
  }

  // Handshakes come before any secret exists to sign them (Gusto posts the very token that later signs).
  if (rules.handshake && truthy(await rules.handshake.when.evaluate(payload, { headers, config: {} }).catch(() => false))) {
    const answer = await rules.handshake.respond.evaluate(payload, { headers, config: {} })
    deps.logger?.info(`[webhooks] answered a ${connector.id} subscription handshake`)
    return { status: 200, body: (answer && typeof answer === 'object' ? answer : {}) as Record<string, unknown> }
  }

  const app = { ...(deps.apps?.get(connector.id) ?? {}) }
  let secret: string | undefined
  if (rules.secret) {
    const rendered = await rules.secret.render({ app, config: {}, now: new Date(now()).toISOString() }).catch(() => undefined)
    secret = typeof rendered === 'string' && rendered !== '' ? rendered : undefined
  }
  let verified
  try {
    verified = await verifyDelivery(spec.verify, { rawBody: input.rawBody, header: (n) => headers[n.toLowerCase()], now: now() }, secret, {
      connector: connector.id, app, hooks: connector.hooks ?? {},
    })
  } catch (err) {
    const e = err instanceof MaestroError ? err : new MaestroError('signature_invalid', 'The delivery could not be verified.', { cause: err })
    if (!secret && spec.verify.scheme !== 'hook') {
      throw reject(new MaestroError(e.code, e.message, { hint: `Set the ${connector.id} app's webhookSecret (MAESTRO_APP_${connector.id.toUpperCase().replace(/-/g, '_')}_WEBHOOK_SECRET).` }))
    }
    throw reject(e)
  }

  // Without a provider event id, a signed timestamp makes the signature itself a replay key.
  const eventId = (await eventIdOf(rules, payload, headers).catch(() => undefined))
    ?? (verified.timestamp !== undefined && verified.signature ? `sig:${verified.signature}` : undefined)
  const dedupKey = eventId ? `${connector.id}\u0000${eventId}` : undefined
  if (dedupKey && inbox.seen(dedupKey)) {
    deps.bus.emit({ type: 'webhook.duplicate', connector: connector.id, eventId: eventId! })
    return { status: 200, body: { duplicate: true } }
  }

  const kept = Object.fromEntries(Object.entries(headers).filter(([n]) => !DROPPED_HEADERS.has(n)))
  const entry = inbox.accept({
    connector: connector.id,
    ...(input.connectionId ? { connectionId: input.connectionId } : {}),
    ...(eventId ? { eventId } : {}),
    payload,
    headers: kept,
  }, dedupKey)
  deps.bus.emit({ type: 'webhook.received', connector: connector.id, ...(eventId ? { eventId } : {}) })
  return { status: 202, body: { received: true, id: entry.id } }
}
