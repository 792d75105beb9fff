/**
 * @module The record envelope: one canonical entity as Maestro stores and serves it.
 */
import { Type, type Static } from '@sinclair/typebox'
import { DateTime, Essential, Id, Model, Nullable, StringEnum } from './common.ts'
import { MODEL_NAMES } from './names.ts'

export const RECORD_ACTIONS = ['added', 'updated', 'deleted'] as const

const Json = Type.Record(Type.String(), Type.Unknown())

/** Schema of a stored record: identity, provenance, change tracking, and the canonical `data`. */
export const RecordEnvelope = Model({ title: 'Record', file: 'record.json', description: 'One canonical record with its envelope. `data` holds the fields of the model named in `model`.' }, {
  id: Essential(Id, 'Maestro’s own id for the record, stable across syncs and webhooks.', ['rec_3f9c2a1e7b']),
  remoteId: Essential(Id, 'The provider’s id for the entity, as text.', ['5085064', 'd7282d99-ab6b-42f5-ba45-f4a670e886a8']),
  connectionId: Essential(Id, 'Connection the record was read through.', ['con_8d1e4b']),
  tenant: Essential(Id, 'Tenant (host application customer) that owns the connection.', ['acme-bakery']),
  connector: Essential(Id, 'Connector id of the provider.', ['harvest', 'quickbooks']),
  resource: Type.Optional(Essential(Id, 'Connector resource (stream) the record was read from.', ['employees', 'timeEntries'])),
  model: Essential(StringEnum(MODEL_NAMES), 'Canonical model of `data`.', ['Employee', 'TimeEntry']),
  data: Essential(Json, 'The canonical fields, valid against the schema of `model`.', [{ firstName: 'John', lastName: 'Doe', employmentStatus: 'ACTIVE' }]),
  remoteData: Type.Optional(Type.Union([Json, Type.Null()], { description: 'The raw provider JSON the record was mapped from; returned only when asked for (`include_remote_data`).', examples: [{ id: 5085064, first_name: 'John', is_active: true }] })),
  remoteUpdatedAt: Essential(Nullable(DateTime), 'Last change time reported by the provider; null when it reports none. Orders racing versions of the record.', ['2024-10-25T17:01:08Z', null]),
  firstSeenAt: Essential(DateTime, 'When Maestro first stored the record.', ['2025-01-03T10:00:00Z']),
  modifiedAt: Essential(DateTime, 'When the content last changed: bumped only when `hash` changes, so unchanged re-syncs leave it alone.', ['2025-01-04T08:15:00Z']),
  deletedAt: Essential(Nullable(DateTime), 'When the record was found deleted at the provider; null while it exists. Deleted records are kept, never removed.', [null, '2025-02-01T00:00:00Z']),
  lastAction: Essential(StringEnum(RECORD_ACTIONS), 'What the last content change was.', ['added', 'updated', 'deleted']),
  hash: Essential(Id, 'Content hash of `data` used for change detection.', ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08']),
})

/** A stored record whose `data` is typed as `T` (e.g. `StoredRecord<Employee>`). */
export type StoredRecord<T = Record<string, unknown>> = Omit<Static<typeof RecordEnvelope>, 'data'> & { data: T }
