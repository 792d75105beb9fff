/**
 * @module Small building blocks shared by every part of the connector manifest schema.
 */
import { Type, type TSchema, type SchemaOptions, type Static, type TUnion } from '@sinclair/typebox'

/** Options every manifest property must carry: a description and at least one example. */
export interface Documented extends SchemaOptions {
  description: string
  examples: unknown[]
}

/** A `{{ }}` template string: literal text with JSONata parts evaluated against the context. */
export const Template = (doc: Documented) => Type.String({ minLength: 1, ...doc, 'x-maestro': 'template' })

/** A bare JSONata expression evaluated against a focus document (a record or a response body). */
export const Expression = (doc: Documented) => Type.String({ minLength: 1, ...doc, 'x-maestro': 'expression' })

/** A duration such as `500ms`, `15s`, `5m`, `1h` or `1d`. */
export const Duration = (doc: Documented) => Type.String({ pattern: '^[0-9]+(ms|s|m|h|d)$', ...doc })

/** Map of names to templates, e.g. headers or query parameters. */
export const TemplateMap = (doc: Documented) =>
  Type.Record(Type.String({ minLength: 1 }), Type.Union([
    Type.String({ description: 'A literal or a `{{ }}` template; a value that renders undefined drops the entry.', examples: ['{{ cursor }}'], 'x-maestro': 'template' }),
    Type.Number({ description: 'A literal number.', examples: [100] }),
    Type.Boolean({ description: 'A literal boolean.', examples: [true] }),
  ], { description: 'One value: literal, or a template rendered per request.', examples: ['{{ config.accountId }}', 100] }), doc)

/** Strictly typed object: unknown keys are an error, so a typo never passes silently. */
export const Strict = <T extends Parameters<typeof Type.Object>[0]>(properties: T, doc: Documented) =>
  Type.Object(properties, { additionalProperties: false, ...doc })

/** Discriminated union by a `type` (or other) key; ajv reports the discriminator, not a wall of branch errors. */
export const TypeUnion = <T extends TSchema[]>(key: string, members: [...T], doc: Documented) =>
  Type.Unsafe<Static<TUnion<T>>>({ ...doc, type: 'object', oneOf: members, discriminator: { propertyName: key } })

/** Parse a manifest duration into milliseconds. */
export function durationMs(text: string): number {
  const m = /^([0-9]+)(ms|s|m|h|d)$/.exec(text)
  if (!m) throw new Error(`not a duration: ${text}`)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms']
  return Number(m[1]) * unit
}
