/**
 * @module `POST /webhooks/:connector` (and `/webhooks/:connector/:connectionId` for providers whose payload
 * names no account): the raw body is read once, as bytes, under a size limit, and handed to the webhook
 * subsystem, which verifies it before anything is queued. No token: a delivery proves itself by signature.
 */
import { Type } from '@sinclair/typebox'
import { Hono, type Context } from 'hono'
import { MaestroError } from '../../errors.ts'
import type { ServerEnv } from '../deps.ts'
import type { Operation, RouteDeps, RouteModule } from '../operation.ts'

/** Largest delivery accepted by default: providers send ids or single records, far below this. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024

const Accepted = Type.Object({
  received: Type.Literal(true),
  id: Type.String({ description: 'Id of the queued delivery.', examples: ['whk_0f3a…'] }),
}, { additionalProperties: false, title: 'WebhookAccepted' })
const Answered = Type.Object({
  duplicate: Type.Optional(Type.Literal(true, { description: 'The event id was seen before; nothing is applied twice.' })),
}, { additionalProperties: true, title: 'WebhookAnswer', description: '`{ duplicate: true }`, or the provider\'s handshake answer (e.g. `{ validation_code }`).' })

const errors: Operation['errors'] = ['connector_not_found', 'not_found', 'invalid_request', 'payload_too_large', 'signature_invalid', 'webhook_stale']
const responses = {
  202: { description: 'Verified and queued; applied in the background.', schema: Accepted },
  200: { description: 'A duplicate (nothing applied) or a subscription handshake answer.', schema: Answered },
}

export const operations: Operation[] = [
  { method: 'post', path: '/webhooks/:connector', tag: 'webhooks', public: true, summary: 'Receive a provider webhook (verified by its signature).', body: Type.Unknown({ description: 'The provider\'s JSON, signed as sent.' }), responses, errors },
  { method: 'post', path: '/webhooks/:connector/:connectionId', tag: 'webhooks', public: true, summary: 'Receive a provider webhook for one connection (providers whose payload names no account).', body: Type.Unknown(), responses, errors },
]

const tooLarge = (limit: number) => new MaestroError('payload_too_large', `The webhook body is larger than ${limit} bytes.`)

/** Read the body as bytes, refusing it as soon as it passes `limit`. */
export async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  if (!req.body) return Buffer.alloc(0)
  const chunks: Buffer[] = []
  let size = 0
  const reader = req.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(limit)
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
  }
  return Buffer.concat(chunks, size)
}

function routes(deps: RouteDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>()
  const limit = deps.webhookBodyLimit ?? WEBHOOK_BODY_LIMIT

  const handle = async (c: Context<ServerEnv>) => {
    const webhooks = deps.webhooks
    if (!webhooks) throw new MaestroError('not_found', 'This server does not receive webhooks.', { hint: 'Pass `webhooks` (runtime/webhooks createWebhooks) to createApp.' })
    const rawBody = await readRawBody(c.req.raw, limit)
    const connectionId = c.req.param('connectionId')
    const result = await webhooks.receive({ connector: c.req.param('connector')!, ...(connectionId ? { connectionId } : {}), rawBody, headers: c.req.raw.headers })
    return c.json(result.body, result.status)
  }
  app.post('/webhooks/:connector', handle)
  app.post('/webhooks/:connector/:connectionId', handle)
  return app
}

export const webhooks: RouteModule = { operations, routes }
