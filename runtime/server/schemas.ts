/**
 * @module The REST API's request and response shapes in TypeBox: the single source of the ajv validators,
 * the published `schemas/api/*.schema.json` files and the OpenAPI document.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { RecordEnvelope } from '../model/record.ts'
import { MODEL_NAMES } from '../model/names.ts'

const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Page = <T extends TSchema>(item: T, description: string) => Type.Object({
  items: Type.Array(item),
  next: Type.Optional(Type.String({ description: 'Opaque cursor of the next page; absent on the last page.' })),
}, { additionalProperties: false, description })

/** A tenant id: the host application's id for one customer. */
export const TenantId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$', description: 'The host application\'s id for one customer.', examples: ['acme-bakery'] })

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()])
const Values = (description: string) => Type.Record(Type.String(), Scalar, { description })

/** The one error body of every failed request. */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Stable snake_case code.', examples: ['connection_not_found'] }),
    message: Type.String({ description: 'What went wrong, for people.' }),
    hint: Type.Optional(Type.String({ description: 'What to do about it.' })),
    details: Type.Optional(Type.Unknown({ description: 'Structured detail, e.g. `[{ path, message }]` for invalid input.' })),
  }, { additionalProperties: false }),
}, { additionalProperties: false, title: 'Error', description: 'The error body shared by every route.' })

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  store: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  uptimeSeconds: Type.Number({ minimum: 0 }),
}, { additionalProperties: false, title: 'Health' })

/** One field of a connector's connect form. */
export const ConnectorField = Type.Object({
  name: Type.String({ description: 'Key under `config` (or `credentials` when secret).', examples: ['accountId'] }),
  type: Type.Union([Type.Literal('string'), Type.Literal('integer'), Type.Literal('number'), Type.Literal('boolean')]),
  title: Type.String(),
  description: Type.Optional(Type.String()),
  pattern: Type.Optional(Type.String()),
  enum: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]))),
  default: Type.Optional(Scalar),
  placeholder: Type.Optional(Type.String()),
  secret: Type.Boolean({ description: 'Masked in forms, sent in `credentials`, never returned.' }),
  optional: Type.Boolean(),
}, { additionalProperties: false, title: 'ConnectorField' })

/** A catalog entry: what the dashboard needs to list a connector and render its connect form. */
export const Connector = Type.Object({
  id: Type.String({ examples: ['harvest'] }),
  name: Type.String(),
  category: Type.String({ examples: ['time-tracking'] }),
  description: Type.Optional(Type.String()),
  docs: Type.Optional(Type.String()),
  auth: Type.Object({ type: Type.String({ examples: ['oauth2', 'api_key'] }) }, { additionalProperties: false }),
  connection: Type.Array(ConnectorField),
  resources: Type.Array(Type.Object({
    name: Type.String({ examples: ['employees'] }),
    model: Type.String({ examples: ['Employee'] }),
    incremental: Type.Boolean(),
    description: Type.Optional(Type.String()),
  }, { additionalProperties: false })),
  webhooks: Type.Boolean({ description: 'The connector accepts provider webhooks.' }),
  schedule: Nullable(Type.String({ description: 'Default cron schedule.' })),
  app: Type.Object({
    required: Type.Boolean({ description: 'Connecting needs an OAuth app registration for this connector.' }),
    configured: Type.Boolean({ description: 'This deployment has that registration.' }),
  }, { additionalProperties: false }),
}, { additionalProperties: false, title: 'Connector' })

export const ConnectorList = Type.Object({ items: Type.Array(Connector) }, { additionalProperties: false })

export const RunCounts = Type.Object({
  fetched: Type.Integer(), added: Type.Integer(), updated: Type.Integer(),
  unchanged: Type.Integer(), deleted: Type.Integer(), invalid: Type.Integer(),
}, { additionalProperties: false, title: 'RunCounts' })

export const RunError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  resource: Type.Optional(Type.String()),
  remoteId: Type.Optional(Type.String()),
  details: Type.Optional(Type.Unknown()),
  at: DateTime,
}, { additionalProperties: false, title: 'RunError' })

const RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'canceled'] as const
const RunStatus = Type.Union(RUN_STATUSES.map((s) => Type.Literal(s)))

export const ResourceRun = Type.Object({
  status: Type.Union(['pending', 'running', 'succeeded', 'failed', 'skipped'].map((s) => Type.Literal(s))),
  counts: RunCounts,
  pages: Type.Integer(),
  retries: Type.Integer(),
  rateLimitWaits: Type.Integer(),
  full: Type.Boolean(),
  errors: Type.Array(RunError),
  startedAt: Type.Optional(DateTime),
  finishedAt: Type.Optional(DateTime),
}, { additionalProperties: false, title: 'ResourceRun' })

/** One sync run with its per-resource counts and errors. */
export const Run = Type.Object({
  id: Type.String(),
  connectionId: Type.String(),
  tenant: Type.String(),
  connector: Type.String(),
  trigger: Type.Union(['manual', 'schedule', 'webhook', 'api', 'resume'].map((s) => Type.Literal(s))),
  status: RunStatus,
  resources: Type.Record(Type.String(), ResourceRun),
  counts: RunCounts,
  startedAt: DateTime,
  finishedAt: Type.Optional(DateTime),
  durationMs: Type.Optional(Type.Number()),
  errors: Type.Array(RunError),
}, { additionalProperties: false, title: 'Run' })

export const RunPage = Page(Run, 'Runs, newest first.')

const RunSummary = Type.Object({
  id: Type.String(), status: RunStatus, trigger: Type.String(),
  startedAt: DateTime, finishedAt: Type.Optional(DateTime), counts: RunCounts,
}, { additionalProperties: false })

export const CONNECTION_STATUSES = ['pending', 'active', 'paused', 'needs_reauth', 'error'] as const

/** A connection as the API shows it: never its credentials, only whether they are set. */
export const Connection = Type.Object({
  id: Type.String({ examples: ['con_8d1e4b'] }),
  tenant: Type.String(),
  connector: Type.String(),
  name: Nullable(Type.String()),
  status: Type.Union(CONNECTION_STATUSES.map((s) => Type.Literal(s))),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'Non-secret connection values.' }),
  credentialsSet: Type.Boolean(),
  schedule: Nullable(Type.String()),
  nextRunAt: Nullable(Type.String({ format: 'date-time', description: 'When the next scheduled sync starts (jitter included); null when none is scheduled: paused, no schedule, or schedules off.' })),
  lastError: Nullable(Type.Object({ code: Type.String(), message: Type.String(), at: DateTime }, { additionalProperties: false })),
  lastRun: Nullable(RunSummary),
  recordCounts: Type.Record(Type.String(), Type.Integer(), { description: 'Live records per model.' }),
  createdAt: DateTime,
  updatedAt: DateTime,
}, { additionalProperties: false, title: 'Connection' })

export const ConnectionList = Type.Object({ items: Type.Array(Connection) }, { additionalProperties: false })

const Schedule = Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'Cron expression; null disables scheduled syncs.', examples: ['0 */6 * * *'] }))

export const ConnectionCreate = Type.Object({
  tenant: Type.Optional(TenantId),
  connector: Type.String({ minLength: 1, examples: ['harvest'] }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  config: Type.Optional(Values('Values of the connector\'s non-secret connection fields.')),
  credentials: Type.Optional(Values('Values of the connector\'s secret connection fields (API keys); sealed at rest, never returned.')),
  schedule: Type.Optional(Schedule),
}, { additionalProperties: false, title: 'ConnectionCreate', examples: [{ tenant: 'acme-bakery', connector: 'harvest', config: { accountId: '123456' }, credentials: { accessToken: '…' } }] })

export const ConnectionUpdate = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  config: Type.Optional(Values('Connection field values to change; the rest are kept.')),
  credentials: Type.Optional(Values('Secret field values to replace; the rest are kept.')),
  schedule: Type.Optional(Schedule),
}, { additionalProperties: false, minProperties: 1, title: 'ConnectionUpdate' })

export const SyncRequest = Type.Object({
  resources: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true, description: 'Resources to sync; all when absent.' })),
  full: Type.Optional(Type.Boolean({ description: 'Full refresh (with deletion detection) instead of incremental.' })),
}, { additionalProperties: false, title: 'SyncRequest' })

export const AuthorizeRequest = Type.Object({
  returnTo: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', description: 'Where the browser goes after consent.' })),
}, { additionalProperties: false, title: 'AuthorizeRequest' })

export const AuthorizeResponse = Type.Object({
  url: Type.String({ description: 'Send the admin\'s browser here for consent.' }),
}, { additionalProperties: false })

export const TokenRequest = Type.Object({
  ttlSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400, description: 'Lifetime; default 3600.' })),
}, { additionalProperties: false, title: 'TokenRequest' })

export const TenantToken = Type.Object({
  id: Type.String({ description: 'Token id, for revocation.' }),
  token: Type.String({ description: 'The bearer token; shown once.' }),
  tenant: Type.String(),
  expiresAt: DateTime,
}, { additionalProperties: false, title: 'TenantToken' })

// The envelope keeps its own $id/$schema for schemas/model; embedded here it must not claim that id twice.
const { $id: _id, $schema: _schema, ...recordEnvelope } = RecordEnvelope
/** A record as served: the model's envelope. */
export const RecordItem = recordEnvelope as unknown as typeof RecordEnvelope
export const RecordPage = Page(RecordItem, 'Records in (modifiedAt, id) order.')

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: DateTime,
  actor: Type.String({ examples: ['operator', 'tenant:acme-bakery'] }),
  tenant: Type.Optional(Nullable(Type.String())),
  action: Type.String({ examples: ['connection.create'] }),
  target: Type.Optional(Nullable(Type.String())),
  outcome: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('denied')]),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: false, title: 'AuditEntry' })

export const AuditPage = Page(AuditEntry, 'Audit entries, newest first.')

const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const
const DeliveryStatus = Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s)))

/** One outbound delivery to the host application (its body is not returned). */
export const DeliveryItem = Type.Object({
  id: Type.String({ examples: ['dlv_4be0…'] }),
  eventId: Type.String({ description: 'Sent as `Maestro-Event-Id`; stable across retries and replays.' }),
  type: Type.String({ examples: ['record.updated'] }),
  tenant: Type.String(),
  connectionId: Type.String(),
  url: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer({ minimum: 0 }),
  createdAt: DateTime,
  nextAttemptAt: Type.Optional(DateTime),
  lastAttemptAt: Type.Optional(DateTime),
  deliveredAt: Type.Optional(DateTime),
  lastError: Type.Optional(Type.Object({ status: Type.Optional(Type.Integer()), message: Type.String() }, { additionalProperties: false })),
  bytes: Type.Integer({ minimum: 0, description: 'Size of the kept body (0 once delivered).' }),
}, { additionalProperties: false, title: 'Delivery' })

export const DeliveryPage = Page(DeliveryItem, 'Deliveries, newest first.')

const Limit = (max: number) => Type.Integer({ minimum: 1, maximum: max })

export const ConnectionsQuery = Type.Object({
  tenant: Type.Optional(TenantId),
  connector: Type.Optional(Type.String()),
  status: Type.Optional(Type.Union(CONNECTION_STATUSES.map((s) => Type.Literal(s)))),
}, { additionalProperties: false })

export const RunsQuery = Type.Object({
  tenant: Type.Optional(TenantId),
  connection: Type.Optional(Type.String({ minLength: 1 })),
  status: Type.Optional(RunStatus),
  limit: Type.Optional(Limit(200)),
  cursor: Type.Optional(Type.String()),
}, { additionalProperties: false })

export const RecordsQuery = Type.Object({
  modified_after: Type.Optional(DateTime),
  cursor: Type.Optional(Type.String()),
  page_size: Type.Optional(Limit(1000)),
  include_deleted: Type.Optional(Type.Boolean()),
  include_remote_data: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })

export const AuditQuery = Type.Object({
  tenant: Type.Optional(TenantId),
  action: Type.Optional(Type.String()),
  target: Type.Optional(Type.String()),
  limit: Type.Optional(Limit(500)),
  cursor: Type.Optional(Type.String()),
}, { additionalProperties: false })

export const DeliveriesQuery = Type.Object({
  status: Type.Optional(DeliveryStatus),
  tenant: Type.Optional(TenantId),
  limit: Type.Optional(Limit(500)),
  cursor: Type.Optional(Type.String()),
}, { additionalProperties: false })

export const ModelParam = Type.Union(MODEL_NAMES.map((m) => Type.Literal(m)))

export type ConnectionView = Static<typeof Connection>
export type ConnectorEntry = Static<typeof Connector>
export type ConnectionCreateBody = Static<typeof ConnectionCreate>
export type ConnectionUpdateBody = Static<typeof ConnectionUpdate>
