/**
 * @module `webhooks`: how provider pushes are verified, routed and applied.
 */
import { Type } from '@sinclair/typebox'
import { Duration, Expression, Strict, Template, TypeUnion } from './common.ts'

const Hmac = Strict({
  scheme: Type.Literal('hmac-sha256', { description: 'HMAC-SHA256 over the raw body (optionally with a signed timestamp).', examples: ['hmac-sha256'] }),
  header: Type.String({ minLength: 1, description: 'Header carrying the signature.', examples: ['X-Gusto-Signature'] }),
  encoding: Type.Union([Type.Literal('hex'), Type.Literal('base64')], { description: 'Encoding of the signature.', examples: ['hex'] }),
  prefix: Type.Optional(Type.String({ description: 'Text before the signature in the header.', examples: ['sha256='] })),
  secret: Template({ description: 'The signing key; reads the app\'s webhook secret.', examples: ['{{ app.webhookSecret }}'] }),
  signed: Type.Optional(Type.Union([
    Type.Literal('body'), Type.Literal('timestamp+body'), Type.Literal('body+timestamp'),
  ], { description: 'What is signed: the raw body alone, or joined with the timestamp header.', examples: ['body+timestamp'] })),
  separator: Type.Optional(Type.String({ description: 'Text between timestamp and body in the signed message (default none).', examples: ['.'] })),
  timestampHeader: Type.Optional(Type.String({ minLength: 1, description: 'Header with the signed timestamp (Unix seconds or ISO-8601).', examples: ['X-BambooHR-Timestamp'] })),
  tolerance: Type.Optional(Duration({ description: 'Replay window around the signed timestamp (default 5m).', examples: ['5m'] })),
}, { description: 'HMAC-SHA256 signature check with a constant-time compare.', examples: [{ scheme: 'hmac-sha256', header: 'intuit-signature', encoding: 'base64', secret: '{{ app.webhookSecret }}' }] })

const StaticToken = Strict({
  scheme: Type.Literal('static-token', { description: 'A shared token sent verbatim in a header.', examples: ['static-token'] }),
  header: Type.String({ minLength: 1, description: 'Header carrying the token.', examples: ['Clockify-Signature'] }),
  secret: Template({ description: 'The expected token.', examples: ['{{ app.webhookSecret }}'] }),
}, { description: 'Constant-time compare of a static token (Clockify).', examples: [{ scheme: 'static-token', header: 'Clockify-Signature', secret: '{{ app.webhookSecret }}' }] })

const HookVerify = Strict({
  scheme: Type.Literal('hook', { description: 'The connector\'s `verifyWebhook` hook decides.', examples: ['hook'] }),
}, { description: 'Verification in code.', examples: [{ scheme: 'hook' }] })

const Verify = TypeUnion('scheme', [Hmac, StaticToken, HookVerify], {
  description: 'How a delivery proves it comes from the provider. A failed check answers 401 and processes nothing.',
  examples: [{ scheme: 'hmac-sha256', header: 'X-Signature', encoding: 'hex', secret: '{{ app.webhookSecret }}' }],
})

const Handshake = Strict({
  when: Expression({ description: 'Condition on the parsed body that marks a handshake delivery.', examples: ['type = "url_validation"'] }),
  respond: Expression({ description: 'The JSON to answer with.', examples: ['{ "validation_code": validation_code }'] }),
}, { description: 'A subscription handshake answered directly, before signature-protected processing (Toggl URL validation).', examples: [{ when: 'verification_token', respond: '{}' }] })

const Event = Strict({
  each: Type.Optional(Expression({ description: 'Splits one delivery into events; each element becomes the focus of the fields below (default: the whole body is one event).', examples: ['eventNotifications.dataChangeEvent.entities'] })),
  when: Expression({ description: 'Condition selecting this rule for an event.', examples: ['event_type = "employee.updated"'] }),
  resource: Type.String({ minLength: 1, description: 'Resource the event is about.', examples: ['employees'] }),
  action: Type.Union([Type.Literal('upsert'), Type.Literal('delete'), Type.Literal('refetch'), Type.Literal('sync')], {
    description: '`upsert` the carried record, `delete` it, `refetch` it by id with the resource\'s `get`, or `sync` the resource.',
    examples: ['refetch'],
  }),
  id: Type.Optional(Expression({ description: 'The provider id of the record concerned.', examples: ['entity_uuid'] })),
  record: Type.Optional(Expression({ description: 'For `upsert`: the raw record carried by the event.', examples: ['data'] })),
}, { description: 'What one kind of event does.', examples: [{ when: 'event_type = "employee.updated"', resource: 'employees', action: 'refetch', id: 'entity_uuid' }] })

const Route = Strict({
  config: Type.String({ minLength: 1, description: 'Connection config field that identifies the account.', examples: ['realmId'] }),
  value: Expression({ description: 'Where the account id sits in an event.', examples: ['realmId', 'intuitaccountid'] }),
}, { description: 'How an event finds its connection: the connection whose config field equals this value.', examples: [{ config: 'realmId', value: 'realmId' }] })

/** Webhooks of a connector. */
export const Webhooks = Strict({
  verify: Verify,
  handshake: Type.Optional(Handshake),
  eventId: Type.Optional(Expression({ description: 'Delivery id used to drop duplicates.', examples: ['uuid', 'id'] })),
  route: Type.Optional(Route),
  events: Type.Array(Event, { minItems: 1, description: 'Event rules; every matching rule applies.', examples: [[{ when: 'true', resource: 'employees', action: 'refetch', id: 'id' }]] }),
}, { description: 'Provider pushes: verification, routing and what each event does.', examples: [{ verify: { scheme: 'hmac-sha256', header: 'X-Signature', encoding: 'hex', secret: '{{ app.webhookSecret }}' }, events: [{ when: 'true', resource: 'employees', action: 'refetch', id: 'id' }] }] })
