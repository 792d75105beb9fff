/**
 * @module `resources`: the streams of canonical records a connector produces.
 */
import { Type } from '@sinclair/typebox'
import { Duration, Expression, Strict, Template, TemplateMap } from './common.ts'
import { Paginate } from './paginate.ts'
import { MODEL_NAMES } from './model-names.ts'

const requestFields = {
  method: Type.Optional(Type.Union([Type.Literal('GET'), Type.Literal('POST')], { description: 'HTTP method (default GET).', examples: ['GET'] })),
  path: Template({ description: 'Path after the base URL; interpolated values are URL-encoded.', examples: ['/users', '/companies/{{ parent.uuid }}/employees'] }),
  query: Type.Optional(TemplateMap({ description: 'Query parameters; a value that renders undefined is left out (e.g. the cursor on a first run).', examples: [{ per_page: 100, updated_since: '{{ cursor }}' }] })),
  headers: Type.Optional(TemplateMap({ description: 'Extra headers for this request.', examples: [{ Accept: 'application/json' }] })),
  body: Type.Optional(Type.Unknown({ description: 'JSON body; string leaves are templates.', examples: [{ page: '{{ page.number }}' }], 'x-maestro': 'template' })),
}

const List = Strict({
  ...requestFields,
  records: Expression({ description: 'Where the array of records sits in the response body (`$` for a bare array).', examples: ['users', 'QueryResponse.Employee', '$'] }),
  paginate: Paginate,
}, { description: 'The request that lists records, page by page.', examples: [{ path: '/users', records: 'users', paginate: { type: 'next_url', next: 'links.next' } }] })

const Get = Strict({
  ...requestFields,
  record: Type.Optional(Expression({ description: 'Where the record sits in the response body (default: the body).', examples: ['Employee', 'user'] })),
}, { description: 'The request that fetches one record by `id`, used by webhooks that carry only an id.', examples: [{ path: '/users/{{ id }}' }] })

const Incremental = Strict({
  cursor: Expression({ description: 'Value of a record that orders changes; the largest one seen becomes the next run\'s `cursor`.', examples: ['updated_at', 'MetaData.LastUpdatedTime'] }),
  lookback: Type.Optional(Duration({ description: 'How far before the stored cursor the next run starts, to catch late writes.', examples: ['5m'] })),
  format: Type.Optional(Type.Union([
    Type.Literal('iso'), Type.Literal('unix'), Type.Literal('unix_ms'), Type.Literal('date'),
  ], { description: 'How the cursor is written into `{{ cursor }}`: ISO-8601 date-time, Unix seconds or milliseconds, or a plain date.', examples: ['iso'] })),
}, { description: 'Fetch only what changed since the last run.', examples: [{ cursor: 'updated_at', lookback: '5m' }] })

const Parent = Strict({
  resource: Type.String({ minLength: 1, description: 'Name of the parent resource; each of its raw records is `parent` in this resource\'s templates.', examples: ['companies'] }),
}, { description: 'Fetch this resource once per record of another resource.', examples: [{ resource: 'companies' }] })

const Deletion = Strict({
  strategy: Type.Union([
    Type.Literal('full_refresh'), Type.Literal('field'), Type.Literal('none'),
  ], { description: '`full_refresh`: records not seen in a complete full run are marked deleted; `field`: a record is deleted when `when` holds; `none`: never.', examples: ['full_refresh'] }),
  when: Type.Optional(Expression({ description: 'For `field`: condition on the raw record meaning it was deleted upstream.', examples: ['status = "Deleted"'] })),
}, { description: 'How deletions upstream are detected. Deleted records are marked, never removed.', examples: [{ strategy: 'full_refresh' }] })

/** One resource: a stream of one canonical model. */
export const Resource = Strict({
  model: Type.Union(MODEL_NAMES.map((m) => Type.Literal(m)), { description: 'Canonical model the records map into.', examples: ['Employee'] }),
  description: Type.Optional(Type.String({ description: 'What this stream holds, for people.', examples: ['Everyone with a login to the account.'] })),
  parent: Type.Optional(Parent),
  list: List,
  get: Type.Optional(Get),
  incremental: Type.Optional(Incremental),
  id: Expression({ description: 'The provider\'s id of a record, as a string.', examples: ['$string(id)', 'Id'] }),
  modifiedAt: Type.Optional(Expression({ description: 'When the provider last changed the record; a record is never overwritten by an older one.', examples: ['updated_at'] })),
  map: Expression({ description: 'JSONata object constructor from the provider record to the canonical model.', examples: ['{ "firstName": first_name, "lastName": last_name }'] }),
  deletion: Type.Optional(Deletion),
}, { description: 'A stream of one canonical model from this connector.', examples: [{ model: 'Employee', list: { path: '/users', records: 'users', paginate: { type: 'none' } }, id: '$string(id)', map: '{ "firstName": first_name }' }] })

export const Resources = Type.Record(Type.String({ pattern: '^[a-z][A-Za-z0-9]*$' }), Resource, {
  description: 'Resources by name (camelCase).',
  examples: [{ employees: { model: 'Employee', list: { path: '/users', records: 'users', paginate: { type: 'none' } }, id: '$string(id)', map: '{ "firstName": first_name }' } }],
  minProperties: 1,
  // Without this a misspelt resource name (`Employees`) would skip validation of the whole resource.
  additionalProperties: false,
})
