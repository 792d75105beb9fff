/**
 * @module QuickBooks webhook deliveries (quickbooks.md §7): the `intuit-signature` header and both
 * payload formats live during Intuit's migration, the legacy `eventNotifications` object and the
 * CloudEvents array.
 */
import { createHmac, randomUUID } from 'node:crypto'

/** One data change, as the simulator records it. */
export interface QuickBooksEvent {
  realmId: string
  /** Entity name as QuickBooks writes it: `Employee`, `TimeActivity`, `Account`… */
  name: string
  id: string
  operation: 'Create' | 'Update' | 'Delete' | 'Merge'
  /** ISO-8601 UTC time of the change. */
  lastUpdated: string
  /** For a merge: the id merged away. */
  deletedId?: string
}

export type QuickBooksWebhookFormat = 'legacy' | 'cloudevents'

/**
 * Sign a delivery the way Intuit does: base64 of the HMAC-SHA256 of the raw body keyed with the
 * app's Verifier Token (TokenVerifier.php: `base64_encode(hex2bin(hash_hmac('SHA256', $payload, $token)))`).
 * @example
 * signQuickBooksWebhook('[{"specversion":"1.0"}]', 'test-verifier-token') // { 'intuit-signature': '…=' }
 */
export function signQuickBooksWebhook(body: string, verifierToken: string): { 'intuit-signature': string } {
  return { 'intuit-signature': createHmac('sha256', verifierToken).update(body).digest('base64') }
}

const PAST: Record<QuickBooksEvent['operation'], string> = { Create: 'created', Update: 'updated', Delete: 'deleted', Merge: 'merged' }

/**
 * Serialise events as one delivery. Legacy groups them per realm under `eventNotifications`; CloudEvents
 * is a flat array that may mix realms, one event each with `type: qbo.<entity>.<operation>.v1`,
 * `intuitaccountid` = realmId and `intuitentityid` = id (merges carry `data.deletedid`).
 * @example
 * webhookBody('cloudevents', [{ realmId: '310687', name: 'Employee', id: '71', operation: 'Update', lastUpdated: '2025-09-10T21:31:25Z' }])
 */
export function webhookBody(format: QuickBooksWebhookFormat, events: QuickBooksEvent[], newId: () => string = randomUUID): string {
  if (format === 'cloudevents') {
    return JSON.stringify(events.map((e) => ({
      specversion: '1.0',
      id: newId(),
      source: 'intuit.simulator',
      type: `qbo.${e.name.toLowerCase()}.${PAST[e.operation]}.v1`,
      datacontenttype: 'application/json',
      time: e.lastUpdated,
      intuitentityid: e.id,
      intuitaccountid: e.realmId,
      data: e.deletedId === undefined ? {} : { deletedid: e.deletedId },
    })))
  }
  const realms = new Map<string, QuickBooksEvent[]>()
  for (const e of events) realms.set(e.realmId, [...(realms.get(e.realmId) ?? []), e])
  return JSON.stringify({
    eventNotifications: [...realms].map(([realmId, list]) => ({
      realmId,
      dataChangeEvent: { entities: list.map((e) => ({ id: e.id, operation: e.operation, name: e.name, lastUpdated: e.lastUpdated })) },
    })),
  })
}

/** Options of one delivery. */
export interface DeliverOptions {
  format: QuickBooksWebhookFormat
  events: QuickBooksEvent[]
  verifierToken: string
  /** Change the body after signing it (a forged or corrupted delivery). */
  tamper?: (body: string) => string
  fetch?: typeof globalThis.fetch
}

/**
 * POST a signed delivery to `url` (e.g. Maestro's `/webhooks/quickbooks`), as Intuit would.
 * @example
 * const res = await deliverQuickBooksWebhook(`${maestro}/webhooks/quickbooks`, { format: 'legacy', events: sim.events.splice(0), verifierToken })
 */
export async function deliverQuickBooksWebhook(url: string, options: DeliverOptions): Promise<{ status: number; body: string; sent: string }> {
  const body = webhookBody(options.format, options.events)
  const headers = signQuickBooksWebhook(body, options.verifierToken)
  const sent = options.tamper ? options.tamper(body) : body
  const res = await (options.fetch ?? fetch)(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: sent })
  return { status: res.status, body: await res.text(), sent }
}
