/**
 * @module The OpenAPI 3.1 document of the REST API, built from the route modules' operations and the
 * same TypeBox schemas that validate requests; shared shapes become `#/components/schemas` references.
 */
import type { TSchema } from '@sinclair/typebox'
import { ERRORS, type ErrorCode } from '../errors.ts'
import type { Operation } from './operation.ts'
import * as S from './schemas.ts'

/** Named shapes of the API, emitted once under components/schemas. */
export const COMPONENTS: Record<string, TSchema> = {
  Error: S.ErrorBody, Health: S.Health, ConnectorField: S.ConnectorField, Connector: S.Connector, ConnectorList: S.ConnectorList,
  Connection: S.Connection, ConnectionList: S.ConnectionList, ConnectionCreate: S.ConnectionCreate, ConnectionUpdate: S.ConnectionUpdate,
  SyncRequest: S.SyncRequest, AuthorizeRequest: S.AuthorizeRequest, AuthorizeResponse: S.AuthorizeResponse,
  TokenRequest: S.TokenRequest, TenantToken: S.TenantToken, RunCounts: S.RunCounts, RunError: S.RunError, ResourceRun: S.ResourceRun,
  Run: S.Run, RunPage: S.RunPage, Record: S.RecordItem, RecordPage: S.RecordPage, AuditEntry: S.AuditEntry, AuditPage: S.AuditPage,
  Delivery: S.DeliveryItem, DeliveryPage: S.DeliveryPage,
}

/** Every error code an operation may answer, including those implied by its inputs and its auth. */
export function errorCodes(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors ?? [])
  if (op.body) codes.add('invalid_request').add('payload_too_large')
  if (op.query) codes.add('invalid_request')
  if (!op.public) codes.add('unauthorized')
  if (op.operatorOnly) codes.add('forbidden')
  codes.add('internal')
  return [...codes]
}

/** `/connections/:id` → `/connections/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}')

type Json = unknown

/** Plain JSON of a TypeBox schema with known components replaced by references (matched by content). */
function emitter() {
  const byText = new Map(Object.entries(COMPONENTS).map(([name, schema]) => [JSON.stringify(schema), name]))
  const emit = (node: Json, root?: string): Json => {
    if (Array.isArray(node)) return node.map((n) => emit(n))
    if (node === null || typeof node !== 'object') return node
    const name = byText.get(JSON.stringify(node))
    if (name && name !== root) return { $ref: `#/components/schemas/${name}` }
    const out: Record<string, Json> = {}
    // Embedded schemas lose their own $id/$schema: a document must not claim another's identity.
    for (const [k, v] of Object.entries(node)) if (k !== '$id' && k !== '$schema') out[k] = emit(v)
    return out
  }
  return emit
}

function parameters(op: Operation, emit: (n: Json) => Json): Json[] {
  const path = [...op.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))
  const props = (op.query?.properties ?? {}) as Record<string, TSchema>
  const required = new Set(op.query?.required ?? [])
  const query = Object.entries(props).map(([name, schema]) => ({
    name, in: 'query', required: required.has(name), ...(schema.description ? { description: schema.description } : {}), schema: emit(schema),
  }))
  return [...path, ...query]
}

function responses(op: Operation, emit: (n: Json) => Json): Record<string, Json> {
  const out: Record<string, Json> = {}
  for (const [status, r] of Object.entries(op.responses)) {
    out[status] = { description: r.description, ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: emit(r.schema) } } } : {}) }
  }
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of errorCodes(op)) byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code])
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const content = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } }, ...(op.htmlErrors ? { 'text/html': { schema: { type: 'string' } } } : {}) }
    out[String(status)] = { description: `Error: ${codes.join(', ')}.`, 'x-error-codes': codes, content }
  }
  return out
}

/**
 * Build the OpenAPI document of the given operations.
 * @example
 * const doc = buildOpenApi(ROUTE_MODULES.flatMap((m) => m.operations), '0.1.0')
 */
export function buildOpenApi(operations: Operation[], version: string): Record<string, Json> {
  const emit = emitter()
  const paths: Record<string, Record<string, Json>> = {}
  for (const op of operations) {
    const path = openApiPath(op.path)
    const operationId = `${op.method}${path.replace(/[{}]/g, '').split(/[/-]/).filter(Boolean).map((s) => s[0].toUpperCase() + s.slice(1)).join('')}`
    paths[path] ??= {}
    paths[path][op.method] = {
      operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(op.public ? { security: [] } : {}),
      ...(op.operatorOnly ? { 'x-operator-only': true } : {}),
      parameters: parameters(op, emit),
      ...(op.body ? { requestBody: { required: false, content: { 'application/json': { schema: emit(op.body) } } } } : {}),
      responses: responses(op, emit),
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Maestro API',
      version,
      description: 'Connectors catalog, connections, OAuth, sync runs, canonical records, audit log and live status. Every error answers `{ "error": { "code", "message", "hint"?, "details"? } }`.',
    },
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The operator token (MAESTRO_ADMIN_TOKEN) or a tenant token from POST /tenants/{tenant}/tokens.' } },
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, emit(schema, name)])),
    },
  }
}
