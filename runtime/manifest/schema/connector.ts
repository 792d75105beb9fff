/**
 * @module The connector manifest schema: the one source of the published JSON Schema, the ajv validator and the types.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Strict } from './common.ts'
import { Auth } from './auth.ts'
import { Http } from './http.ts'
import { Resources } from './resource.ts'
import { Webhooks } from './webhooks.ts'

const ConnectionField = Strict({
  type: Type.Union([Type.Literal('string'), Type.Literal('integer'), Type.Literal('number'), Type.Literal('boolean')], { description: 'Value type.', examples: ['string'] }),
  title: Type.String({ minLength: 1, description: 'Label shown in the connect form.', examples: ['Account ID'] }),
  description: Type.Optional(Type.String({ description: 'Help text under the field.', examples: ['Find it under Settings → Developers.'] })),
  pattern: Type.Optional(Type.String({ description: 'Regular expression a string value must match.', examples: ['^[0-9]+$'] })),
  enum: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]), { description: 'Allowed values.', examples: [['us', 'eu']] })),
  default: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()], { description: 'Value used when the admin leaves the field empty.', examples: ['us'] })),
  secret: Type.Optional(Type.Boolean({ description: 'Stored encrypted as a credential (read as `credentials.<name>`), masked in forms, never returned by the API.', examples: [true] })),
  optional: Type.Optional(Type.Boolean({ description: 'The field may be left empty.', examples: [false] })),
  placeholder: Type.Optional(Type.String({ description: 'Placeholder text in the form.', examples: ['1234567'] })),
}, { description: 'One value an admin supplies when connecting; non-secret ones are `config.<name>`.', examples: [{ type: 'string', title: 'Account ID', pattern: '^[0-9]+$' }] })

/** The whole connector manifest. */
export const ConnectorManifest = Strict({
  $schema: Type.Optional(Type.String({ description: 'Path or URL of this schema, for editors.', examples: ['../../schemas/connector.schema.json'] })),
  id: Type.String({ pattern: '^[a-z][a-z0-9-]*$', description: 'Stable identifier; also the folder name under connectors/.', examples: ['harvest'] }),
  name: Type.String({ minLength: 1, description: 'Display name.', examples: ['Harvest'] }),
  category: Type.Union([
    Type.Literal('payroll'), Type.Literal('hris'), Type.Literal('accounting'), Type.Literal('time-tracking'), Type.Literal('background-check'),
  ], { description: 'Kind of provider, for the catalog.', examples: ['time-tracking'] }),
  description: Type.Optional(Type.String({ description: 'One sentence for the catalog.', examples: ['Time tracking and invoicing.'] })),
  docs: Type.Optional(Type.String({ format: 'uri', description: 'The provider\'s API documentation.', examples: ['https://help.getharvest.com/api-v2/'] })),
  auth: Auth,
  connection: Type.Optional(Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]*$' }), ConnectionField, {
    description: 'Fields an admin fills in when connecting; drives the dashboard form.',
    examples: [{ accountId: { type: 'string', title: 'Account ID', pattern: '^[0-9]+$' } }],
    additionalProperties: false,
  })),
  http: Http,
  resources: Resources,
  webhooks: Type.Optional(Webhooks),
  schedule: Type.Optional(Type.String({ minLength: 1, description: 'Default sync schedule (cron, five or six fields).', examples: ['0 */6 * * *'] })),
  hooks: Type.Optional(Type.String({ pattern: '^\\./.+\\.(ts|js|mjs)$', description: 'Module beside the manifest exporting named hook functions.', examples: ['./hooks.ts'] })),
}, {
  $id: 'https://maestro.dev/schemas/connector.schema.json',
  title: 'Maestro connector manifest',
  description: 'Describes one provider: auth, resources, mappings into the canonical model, pagination, rate limits and webhooks.',
  examples: [{ id: 'harvest', name: 'Harvest', category: 'time-tracking' }],
})

export type ConnectorManifest = Static<typeof ConnectorManifest>
export type ResourceSpec = ConnectorManifest['resources'][string]
export type AuthSpec = ConnectorManifest['auth']
export type HttpSpec = ConnectorManifest['http']
export type PaginateSpec = ResourceSpec['list']['paginate']
export type WebhooksSpec = NonNullable<ConnectorManifest['webhooks']>
export type ConnectionFieldSpec = NonNullable<ConnectorManifest['connection']>[string]

export { HOOK_NAMES, type HookName } from './hook-names.ts'

/** The published JSON Schema: the TypeBox schema as plain JSON. */
export function connectorJsonSchema(): object {
  return JSON.parse(JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...ConnectorManifest }))
}
